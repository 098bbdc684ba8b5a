import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { PROJECT_ROOT, runCollect } from '../scripts/collect';
import { summarizeGraph } from '../scripts/graph';
import { integrationSteps } from '../src/steps';
import { generateTenant, startSimulator } from './simulator';

/**
 * The artifact users install, not the TypeScript source: `npm run build`,
 * `npm pack` of dist/, and a full `j1-integration collect` that loads the
 * compiled JavaScript out of the packed tarball.
 */

const DIST = path.join(PROJECT_ROOT, 'dist');

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

function pack(args: string[]): PackResult {
  const [result] = JSON.parse(npm(['pack', '--json', ...args], DIST));
  return result as PackResult;
}

/** What may be published: compiled code, docs, questions and the package files. */
const ALLOWED = [
  /^[\w/.-]+\.js$/,
  /^[\w/.-]+\.d\.ts$/,
  /^docs\/[\w/.-]+\.(md|png|svg)$/,
  /^jupiterone\/questions\/questions\.yaml$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^package\.json$/,
];
const FORBIDDEN = [
  /__recordings__/,
  /\.har$/,
  /\.test\./,
  /(^|\/)test\//,
  /simulator/,
  /(^|\/)\.env/,
  /(^|\/)scripts\//,
  /(?<!\.d)\.ts$/,
  /\.map$/,
  /tsconfig/,
];

let work: string;

beforeAll(() => {
  npm(['run', 'build'], PROJECT_ROOT);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-dist-'));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack of dist/', () => {
  test('lists only compiled code, docs, questions, README, CHANGELOG and package.json', () => {
    const files = pack(['--dry-run']).files.map((f) => f.path);

    const unexpected = files.filter(
      (file) =>
        !ALLOWED.some((re) => re.test(file)) ||
        FORBIDDEN.some((re) => re.test(file)),
    );
    expect(unexpected).toEqual([]);

    const required = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'index.js',
      'index.d.ts',
      'client.js',
      'config.js',
      'steps/index.js',
      'docs/jupiterone.md',
    ];
    if (
      fs.existsSync(
        path.join(PROJECT_ROOT, 'jupiterone', 'questions', 'questions.yaml'),
      )
    ) {
      required.push('jupiterone/questions/questions.yaml');
    }
    expect(files).toEqual(expect.arrayContaining(required));

    // Every source module is there, compiled, with its declarations.
    const sources = listFiles(path.join(PROJECT_ROOT, 'src'))
      .map((file) => path.relative(path.join(PROJECT_ROOT, 'src'), file))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    for (const source of sources) {
      const base = source.replace(/\.ts$/, '').split(path.sep).join('/');
      expect(files).toContain(`${base}.js`);
      expect(files).toContain(`${base}.d.ts`);
    }
  });

  test('has a package.json for publishing: entry points, runtime dependencies only', () => {
    const root = JSON.parse(
      fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'),
    );
    const published = JSON.parse(
      fs.readFileSync(path.join(DIST, 'package.json'), 'utf8'),
    );
    expect(published).toMatchObject({
      name: root.name,
      version: root.version,
      main: 'index.js',
      types: 'index.d.ts',
      dependencies: root.dependencies,
    });
    expect(published.devDependencies).toBeUndefined();
    expect(published.scripts).toBeUndefined();
    expect(published.files).toBeUndefined();
  });
});

describe('the packed tarball', () => {
  let project: string;

  beforeAll(() => {
    // A project dir whose src/ is the unpacked tarball: JavaScript only, so
    // the CLI loads it with plain require (it registers ts-node only when it
    // finds .ts files other than .d.ts).
    const { filename } = pack(['--pack-destination', work]);
    project = path.join(work, 'project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    execFileSync('tar', [
      '-xzf',
      path.join(work, filename),
      '-C',
      path.join(project, 'src'),
      '--strip-components=1',
    ]);
    fs.symlinkSync(
      path.join(PROJECT_ROOT, 'node_modules'),
      path.join(project, 'node_modules'),
    );
  }, 60_000);

  test("exports the invocationConfig from its package.json's main, compiled", () => {
    const script = `
      const entry = require.resolve(process.argv[1]);
      const { invocationConfig } = require(entry);
      console.log(JSON.stringify({
        entry,
        steps: invocationConfig.integrationSteps.map((s) => s.id),
        fields: Object.keys(invocationConfig.instanceConfigFields),
        validateInvocation: typeof invocationConfig.validateInvocation,
        typescript: Object.keys(require.extensions).includes('.ts'),
      }));`;
    const loaded = JSON.parse(
      execFileSync(
        process.execPath,
        ['-e', script, path.join(project, 'src')],
        {
          cwd: project,
          encoding: 'utf8',
          env: {
            ...process.env,
            AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
          },
        },
      ),
    );
    expect(loaded).toEqual({
      entry: path.join(project, 'src', 'index.js'),
      steps: integrationSteps.map((step) => step.id),
      fields: expect.arrayContaining([
        'clientId',
        'clientSecret',
        'domain',
        'audience',
      ]),
      validateInvocation: 'function',
      typescript: false,
    });
  });

  test('collects every user and client of a simulated tenant with j1-integration collect', async () => {
    // Above the 1,000-result search limit, so the export path runs too.
    const tenant = generateTenant({
      seed: 7,
      users: 1400,
      clients: 12,
      bulkImport: 60,
    });
    const simulator = await startSimulator({
      tenant,
      rateLimit: { limit: 50, refillPerSecond: 50 },
    });
    let run;
    try {
      run = await runCollect(simulator, {
        cwd: project,
        args: ['--project-path', project],
      });
    } finally {
      await simulator.stop();
    }
    if (run.exitCode !== 0) console.log(run.output.slice(-4000));
    expect(run.exitCode).toBe(0);
    expect(run.output).not.toMatch(/TypeScript files detected/);
    // The export job's file, decoded and converted on the worker thread the compiled package starts.
    expect(run.output).toMatch(
      new RegExp(`User export job complete.*users=${tenant.users.length}`),
    );
    // The users step's key file was written, and removed by the connection-user step.
    expect(
      fs.readdirSync(path.join(project, '.j1-integration', 'auth0-user-keys')),
    ).toEqual([]);

    const graph = summarizeGraph(path.join(project, '.j1-integration'));
    expect(graph.entities.auth0_account).toBe(1);
    expect(graph.duplicateKeys).toBe(0);
    const users = graph.keysByType.get('auth0_user') ?? new Set();
    const clients = graph.keysByType.get('auth0_client') ?? new Set();
    expect(tenant.users.filter((u) => !users.has(u.user_id))).toEqual([]);
    expect(tenant.clients.filter((c) => !clients.has(c.client_id))).toEqual([]);
    expect(users.size).toBe(tenant.users.length);
    expect(clients.size).toBe(tenant.clients.length);
    expect(graph.relationships).toMatchObject({
      auth0_account_has_client: tenant.clients.length,
      auth0_account_has_user: tenant.users.length,
    });
  }, 180_000);
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '__recordings__') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
