import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { RunningSimulator } from '../test/simulator';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const J1_CLI = path.join(
  PROJECT_ROOT,
  'node_modules',
  '.bin',
  'j1-integration',
);

/**
 * A throw-away project directory that runs this integration's source (so
 * concurrent runs do not share `.j1-integration/`). Remove it when done.
 */
export function makeProjectDir(prefix = 'auth0-collect-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const link of ['src', 'node_modules']) {
    fs.symlinkSync(path.join(PROJECT_ROOT, link), path.join(dir, link));
  }
  for (const file of ['package.json', 'tsconfig.json']) {
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(dir, file));
  }
  return dir;
}

export interface CollectRun {
  exitCode: number;
  seconds: number;
  /** peak resident set size of the collect process, bytes (Linux; 0 elsewhere) */
  peakRssBytes: number;
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  echo?: boolean;
  args?: string[];
  /** called with each chunk of the CLI's stdout and stderr as it arrives */
  onOutput?: (text: string) => void;
  /**
   * Run the CLI in a memory cgroup with this limit, as a container with that
   * much memory would (Linux, root). Node sizes its default heap from it.
   */
  memoryLimitMb?: number;
}

/**
 * Runs the real `j1-integration collect` against a running simulator, as a
 * user would, with the simulator's certificate trusted.
 */
export async function runCollect(
  simulator: RunningSimulator,
  options: RunOptions = {},
): Promise<CollectRun> {
  const cwd = options.cwd ?? PROJECT_ROOT;
  fs.rmSync(path.join(cwd, '.j1-integration'), {
    recursive: true,
    force: true,
  });
  return runCli(simulator, ['collect', ...(options.args ?? [])], options);
}

/** Runs any `j1-integration` command configured for the simulator's tenant. */
export async function runCli(
  simulator: RunningSimulator,
  command: string[],
  options: RunOptions = {},
): Promise<CollectRun> {
  const cwd = options.cwd ?? PROJECT_ROOT;
  const env = {
    ...process.env,
    CLIENT_ID: simulator.config.clientId,
    CLIENT_SECRET: simulator.config.clientSecret,
    DOMAIN: simulator.config.domain,
    AUDIENCE: simulator.config.audience,
    NODE_EXTRA_CA_CERTS: simulator.caCertPath,
    ...options.env,
  };
  const started = Date.now();
  const [file, args] = options.memoryLimitMb
    ? inMemoryCgroup(options.memoryLimitMb, [J1_CLI, ...command])
    : [J1_CLI, command];
  const child = spawn(file, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, treeRss(child.pid));
  }, 100);
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo) process.stdout.write(chunk);
    options.onOutput?.(chunk.toString());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exitCode = await new Promise<number>((resolve) =>
    child.on('close', (code) => resolve(code ?? 1)),
  );
  clearInterval(sampler);
  return {
    exitCode,
    seconds: (Date.now() - started) / 1000,
    peakRssBytes,
    output,
  };
}

/**
 * A command line that joins a memory cgroup limited to `limitMb` and then
 * runs `command` in the same process (so its pid and RSS are the command's).
 * Throws when cgroups cannot be written: it needs Linux and root.
 */
export function inMemoryCgroup(
  limitMb: number,
  command: string[],
): [string, string[]] {
  const bytes = String(limitMb * 1024 * 1024);
  const name = `auth0-bench-${limitMb}mb`;
  let procs: string;
  const v1 = '/sys/fs/cgroup/memory';
  if (fs.existsSync(v1)) {
    const dir = path.join(v1, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), bytes);
    procs = path.join(dir, 'cgroup.procs');
  } else {
    const root = '/sys/fs/cgroup';
    const controllers = fs.readFileSync(
      path.join(root, 'cgroup.subtree_control'),
      'utf8',
    );
    if (!controllers.split(/\s+/).includes('memory')) {
      fs.writeFileSync(path.join(root, 'cgroup.subtree_control'), '+memory');
    }
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'memory.max'), bytes);
    procs = path.join(dir, 'cgroup.procs');
  }
  fs.accessSync(procs, fs.constants.W_OK);
  return ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', procs, ...command]];
}

/** RSS of a process and its children (the CLI wrapper may fork node). */
function treeRss(pid: number | undefined): number {
  if (!pid) return 0;
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) total += Number(match[1]) * 1024;
      const children = fs
        .readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim();
      for (const child of children.split(/\s+/).filter(Boolean))
        visit(Number(child));
    } catch {
      // the process ended between reads
    }
  };
  visit(pid);
  return total;
}
