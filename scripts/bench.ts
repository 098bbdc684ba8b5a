import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { generateTenant, startSimulator } from '../test/simulator';
import { makeProjectDir, runCollect, PROJECT_ROOT } from './collect';
import { summarizeGraph } from './graph';

/**
 * `npm run bench`: the real `j1-integration collect` against the simulator
 * for each tenant size, rate limit and users strategy, with 100 ms latency.
 * Prints ratios and counts, never asserts a time: machines are shared.
 *
 *   npm run bench                      # the full matrix (about 15 minutes)
 *   npm run bench -- --sizes 10000     # a subset
 *   npm run bench -- --repeat 1        # one run per cell instead of three
 *
 * Each cell runs `--repeat` times (default 3) and reports the median run by
 * users-step time, and the median peak RSS: a single run's peak depends on
 * when V8 happens to collect garbage and varies by 20% between runs.
 *
 * Memory: with Node's default heap sizing V8 lets garbage pile up for a long
 * run before collecting it, so peak RSS grows with run time even when
 * nothing is retained. The matrix therefore also runs each strategy at 50
 * req/s under a fixed heap cap (`--max-old-space-size`): a run that kept
 * per-user state would fail there, and its peak RSS shows what is retained.
 */

interface Row {
  runs: number;
  heapCapMb?: number;
  users: number;
  rate: number;
  strategy: string;
  wallSeconds: number;
  usersStepSeconds: number;
  requests: number;
  rateLimited: number;
  peakRssMb: number;
  usersPerSecond: number;
  lowerBoundSeconds: number;
  ratio: number;
  complete: boolean;
}

const LATENCY_MS = 100;
const HEAP_CAP_MB = 160;
const PAGE_SIZE = 100;

function arg(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  return process.argv[index + 1].split(',').map(Number);
}

function strategies(): string[] {
  const index = process.argv.indexOf('--strategies');
  return index < 0 ? ['paged', 'export'] : process.argv[index + 1].split(',');
}

/** Seconds the users step reported for itself ("Fetched users: ... in X s"). */
function usersStepSeconds(output: string): number {
  const match =
    /Fetched users: \d+(?: \/ \d+)?, \d+ requests, \d+ 429s, [\d.]+ users\/s in ([\d.]+) s/.exec(
      output,
    );
  return match ? Number(match[1]) : NaN;
}

async function benchOne(
  users: number,
  rate: number,
  strategy: string,
  heapCapMb?: number,
): Promise<Row> {
  const tenant = generateTenant({ seed: 99, users, clients: 40 });
  const simulator = await startSimulator({
    tenant,
    rateLimit: { limit: rate, refillPerSecond: rate },
    latencyMs: LATENCY_MS,
  });
  const cwd = makeProjectDir('auth0-bench-');
  let run;
  let stats;
  try {
    run = await runCollect(simulator, {
      cwd,
      env: {
        USERS_STRATEGY: strategy,
        ...(heapCapMb
          ? { NODE_OPTIONS: `--max-old-space-size=${heapCapMb}` }
          : {}),
      },
    });
    stats = { ...simulator.stats };
  } finally {
    await simulator.stop();
  }
  const graph = summarizeGraph(path.join(cwd, '.j1-integration'));
  fs.rmSync(cwd, { recursive: true, force: true });
  if (run.exitCode !== 0) {
    console.error(run.output.slice(-3000));
  }
  const complete =
    run.exitCode === 0 &&
    graph.entities.auth0_user === tenant.users.length &&
    graph.duplicateKeys === 0;
  // The fewest requests any paged reader could make: one per 100 users.
  const lowerBoundSeconds = Math.ceil(tenant.users.length / PAGE_SIZE) / rate;
  const usersSeconds = usersStepSeconds(run.output);
  return {
    runs: 1,
    heapCapMb,
    users: tenant.users.length,
    rate,
    strategy,
    wallSeconds: run.seconds,
    usersStepSeconds: usersSeconds,
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    peakRssMb: run.peakRssBytes / 1024 / 1024,
    usersPerSecond: tenant.users.length / usersSeconds,
    lowerBoundSeconds,
    ratio: usersSeconds / lowerBoundSeconds,
    complete,
  };
}

const REPEAT = arg('repeat', [3])[0];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The run with the median users-step time, carrying the median peak RSS of all runs. */
function medianRow(runs: Row[]): Row {
  const byTime = [...runs].sort(
    (a, b) => a.usersStepSeconds - b.usersStepSeconds,
  );
  return {
    ...byTime[Math.floor((byTime.length - 1) / 2)],
    runs: runs.length,
    rateLimited: Math.max(...runs.map((r) => r.rateLimited)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    complete: runs.every((r) => r.complete),
  };
}

function table(rows: Row[]): string {
  const header =
    '| users | rate limit (req/s) | strategy | heap cap MB | runs | wall s (collect) | users step s | requests | 429s | peak RSS MB (median) | users/s | paged lower bound s | users step / lower bound | complete |';
  const divider = header.replace(/[^|]+/g, '---');
  const lines = rows.map(
    (r) =>
      `| ${r.users} | ${r.rate} | ${r.strategy} | ${r.heapCapMb ?? 'default'} | ${r.runs} | ${r.wallSeconds.toFixed(1)} | ${r.usersStepSeconds.toFixed(1)} | ${r.requests} | ${r.rateLimited} | ${r.peakRssMb.toFixed(0)} | ${r.usersPerSecond.toFixed(0)} | ${r.lowerBoundSeconds.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.complete ? 'yes' : 'NO'} |`,
  );
  return [header, divider, ...lines].join('\n');
}

/** The issue's targets, read off the rows (printed, never asserted). */
function findings(rows: Row[]): string[] {
  const lines: string[] = [];
  const find = (users: number, rate: number, strategy: string, heap?: number) =>
    rows.find(
      (r) =>
        r.users === users &&
        r.rate === rate &&
        r.strategy === strategy &&
        r.heapCapMb === heap,
    );
  for (const r of rows.filter((r) => r.strategy === 'paged' && !r.heapCapMb)) {
    const share = r.requests ? (100 * r.rateLimited) / r.requests : 0;
    lines.push(
      `paged ${r.users} users at ${r.rate} req/s: ${r.ratio.toFixed(2)}x the lower bound, 429s ${share.toFixed(2)}% of requests`,
    );
  }
  for (const r of rows.filter((r) => r.strategy === 'export' && !r.heapCapMb)) {
    lines.push(
      `export ${r.users} users at ${r.rate} req/s: ${(r.lowerBoundSeconds / r.usersStepSeconds).toFixed(1)}x faster than the paged lower bound, ${r.requests} requests`,
    );
  }
  const cells: Array<[number, number | undefined]> = [
    ...arg('rates', [10, 50]).map((rate): [number, undefined] => [
      rate,
      undefined,
    ]),
    [50, HEAP_CAP_MB],
  ];
  for (const strategy of strategies()) {
    for (const [rate, heap] of cells) {
      const small = find(10_000, rate, strategy, heap);
      const large = find(100_000, rate, strategy, heap);
      if (small && large) {
        lines.push(
          `${strategy} peak RSS 100k / 10k at ${rate} req/s, heap ${heap ? `capped at ${heap} MB` : 'default'}: ${(large.peakRssMb / small.peakRssMb).toFixed(2)}`,
        );
      }
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const plan: Array<[number, number, string, number | undefined]> = [];
  for (const users of arg('sizes', [10_000, 100_000])) {
    for (const rate of arg('rates', [10, 50])) {
      for (const strategy of strategies())
        plan.push([users, rate, strategy, undefined]);
    }
    if (!process.argv.includes('--no-heap-cap')) {
      for (const strategy of strategies())
        plan.push([users, 50, strategy, HEAP_CAP_MB]);
    }
  }
  const rows: Row[] = [];
  for (const [users, rate, strategy, heap] of plan) {
    process.stdout.write(
      `${users} users, ${rate} req/s, ${strategy}${heap ? `, heap ${heap} MB` : ''} ... `,
    );
    const runs: Row[] = [];
    for (let run = 0; run < REPEAT; run++) {
      const one = await benchOne(users, rate, strategy, heap);
      runs.push(one);
      process.stdout.write(
        `${one.usersStepSeconds.toFixed(1)} s / ${one.peakRssMb.toFixed(0)} MB${one.complete ? '' : ' INCOMPLETE'}; `,
      );
    }
    const row = medianRow(runs);
    rows.push(row);
    console.log(
      `median ${row.usersStepSeconds.toFixed(1)} s, ${row.requests} requests, ${row.rateLimited} 429s, ${row.peakRssMb.toFixed(0)} MB`,
    );
  }
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}`;
  const rendered = [
    table(rows),
    '',
    ...findings(rows).map((l) => `- ${l}`),
    '',
    machine,
  ].join('\n');
  console.log(`\n${rendered}\n`);
  fs.mkdirSync(path.join(PROJECT_ROOT, 'bench-results'), { recursive: true });
  fs.writeFileSync(
    path.join(PROJECT_ROOT, 'bench-results', 'latest.md'),
    rendered + '\n',
  );
  if (rows.some((r) => !r.complete)) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
