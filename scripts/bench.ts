import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {
  exportJobProcessingMs,
  generateTenant,
  identityTruth,
  startSimulator,
} from '../test/simulator';
import { userExportRequest } from '../src/api/userExport';
import { Relationships } from '../src/steps/constants';
import {
  Bound,
  criticalPathBound,
  parseScenario,
  rateLimitedRequests,
  requestChains,
  scenarioSpec,
  stepsSpanSeconds,
} from './benchBound';
import {
  inMemoryCgroup,
  makeProjectDir,
  runCollect,
  PROJECT_ROOT,
} from './collect';
import { summarizeGraph } from './graph';

/**
 * `npm run bench`: the real `j1-integration collect` against the simulator
 * for each tenant size, rate limit and users strategy, with 100 ms latency.
 * Prints ratios and counts, never asserts a time: machines are shared.
 *
 *   npm run bench                      # the full matrix (about 30 minutes)
 *   npm run bench -- --sizes 10000     # a subset; also --rates 50, --strategies export
 *   npm run bench -- --repeat 1        # one run per cell instead of three
 *   npm run bench -- --no-container --no-heap-cap --no-floor   # host defaults only
 *   npm run bench -- --container-mb 1024                       # another container size
 *   npm run bench -- --sizes 20000 --strategies auto --bulk-import 1500 --export-refused
 *                                      # a 1,500-user bulk import, on a plan without export jobs
 *   npm run bench -- --scenario b2b    # the B2B tenant: 20,000 users, 5 organizations with
 *                                      # 15,000 members, 20 roles with 5,000; auto, 50 and 10 req/s
 *   npm run bench -- --sizes 100000 --rates 50 --strategies export --no-container --no-heap-cap --paired-floor
 *                                      # each run right after an SDK floor run, and the users step
 *                                      # over that floor (the export path against the floor)
 *   npm run bench -- --scenario many-orgs --latency-ms 250 --rates 50
 *                                      # 100 organizations of 150 members (20,000 users), each
 *                                      # request answered after 250 ms instead of 100 ms
 *   npm run bench -- --compiled        # collect runs the built package (npm run build first, as
 *                                      # the runtime loads it) instead of compiling src/ with ts-node
 *
 * Every row carries the critical-path lower bound (scripts/benchBound.ts):
 * max(rate bound, longest request chain x latency) + the SDK's storing
 * floor, and the wall time as a ratio to it. The floor is measured first
 * (unless `--no-floor`, which leaves it out of the bound).
 *   npm run bench -- --sizes 1000000 --rates 50 --strategies export --container-only --no-heap-cap --no-floor --repeat 1
 *                                      # a million users in the 2 GiB container only (the tenant
 *                                      # takes about 1.2 GB of this process's heap)
 *
 * It also measures the SDK floor for each size (`scripts/sdk-floor.ts`):
 * the time the SDK alone needs to convert and store that many users, which
 * bounds how fast any users step can be, whatever Auth0's rate limit.
 *
 * Each cell runs `--repeat` times (default 3) and reports the median run by
 * users-step time, and the median peak RSS: a single run's peak depends on
 * when V8 happens to collect garbage and varies by 20% between runs.
 *
 * Memory: Node sizes its heap from the memory it can see. On a large host
 * (4 GiB or more) V8 lets garbage pile up to several times the live heap
 * before collecting it, so peak RSS grows with run time even when nothing is
 * retained. The matrix therefore also runs every cell in a 2 GiB memory
 * cgroup, as a container with that much memory would (no Node flags; Linux
 * and root, skipped elsewhere or with `--no-container`), and each strategy at
 * 50 req/s under a fixed heap cap (`--max-old-space-size`, skipped with
 * `--no-heap-cap`): a run that kept per-user state would fail there, and its
 * peak RSS shows what is retained.
 */

/** What the collect process may use: Node's defaults on this host, a heap cap or a container's memory. */
interface Limit {
  kind: 'heap' | 'memory';
  mb: number;
}

interface Row {
  runs: number;
  limit?: Limit;
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
  /** answered requests that draw on the rate limit */
  apiRequests: number;
  bound: Bound;
  /** wall time over the critical-path bound */
  boundRatio: number;
  /** first step start to last step end, from collect's log */
  stepsSeconds: number;
  /** users the graph holds at the end, for a run that did not complete */
  usersStored: number;
  /** users step / the SDK floor run just before this run (`--paired-floor`), one per run */
  pairedRatios?: number[];
  /** the same without the wait for the export job (until its file could be read), one per run */
  pairedAfterJobRatios?: number[];
  /** seconds from asking for the export job to its completion, as the users step logs it */
  exportJobSeconds: number;
}

const LATENCY_MS = arg('latency-ms', [100])[0];
const HEAP_CAP: Limit = { kind: 'heap', mb: 160 };
const CONTAINER: Limit = { kind: 'memory', mb: arg('container-mb', [2048])[0] };
const PAGE_SIZE = 100;

function limitLabel(limit?: Limit): string {
  if (!limit) return 'host defaults';
  return limit.kind === 'heap'
    ? `heap capped at ${limit.mb} MB`
    : `${limit.mb} MB container`;
}

function arg(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  return process.argv[index + 1].split(',').map(Number);
}

function strategies(): string[] {
  const index = process.argv.indexOf('--strategies');
  if (index >= 0) return process.argv[index + 1].split(',');
  return SCENARIO === 'default' ? ['paged', 'export'] : ['auto'];
}

const SCENARIO = parseScenario(process.argv);
const DEFAULT_SIZES = SCENARIO === 'default' ? [10_000, 100_000] : [20_000];
const DEFAULT_RATES = SCENARIO === 'default' ? [10, 50] : [50, 10];

/** Seconds from asking for the export job to its completion, as the users step logs it; NaN without one. */
function exportJobSeconds(output: string): number {
  const match = /User export job \S+ completed after ([\d.]+) s/.exec(output);
  return match ? Number(match[1]) : NaN;
}

/** Seconds the users step reported for itself ("Fetched users: ... in X s"). */
function usersStepSeconds(output: string): number {
  const match =
    /Fetched users: \d+(?: \/ \d+\+?)?, \d+ requests, \d+ 429s, [\d.]+ users\/s in ([\d.]+) s/.exec(
      output,
    );
  return match ? Number(match[1]) : NaN;
}

async function benchOne(
  users: number,
  rate: number,
  strategy: string,
  limit?: Limit,
  floor?: Floor,
): Promise<Row> {
  const bulkImport = BULK_IMPORT;
  const tenant = generateTenant(scenarioSpec(SCENARIO, users, bulkImport));
  // Auth0's defaults (capped totals, applied page sizes) at the cell's rate.
  const simulator = await startSimulator({
    tenant,
    rateLimit: { limit: rate, refillPerSecond: rate },
    latencyMs: LATENCY_MS,
    exportJobs: { enabled: !EXPORT_REFUSED },
  });
  const cwd = makeProjectDir('auth0-bench-');
  if (COMPILED) {
    // The built package in place of the TypeScript sources: no ts-node at start-up.
    fs.unlinkSync(path.join(cwd, 'src'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'dist'), path.join(cwd, 'src'));
  }
  // Users above the search limit come from an export job unless paged is forced or jobs are refused.
  const usersByExport =
    !EXPORT_REFUSED &&
    (strategy === 'export' ||
      (strategy === 'auto' && tenant.users.length > 1000));
  let run;
  let stats;
  try {
    if (usersByExport) {
      // Auth0 writes the file on its own machines, not on the one measured.
      await simulator.prepareUserExport(userExportRequest());
    }
    run = await runCollect(simulator, {
      cwd,
      env: {
        USERS_STRATEGY: strategy,
        ...(limit?.kind === 'heap'
          ? { NODE_OPTIONS: `--max-old-space-size=${limit.mb}` }
          : {}),
      },
      memoryLimitMb: limit?.kind === 'memory' ? limit.mb : undefined,
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
  const truth = identityTruth(tenant);
  const complete =
    run.exitCode === 0 &&
    graph.entities.auth0_user === tenant.users.length &&
    graph.duplicateKeys === 0 &&
    (graph.relationships[Relationships.ORGANIZATION_HAS_USER._type] ?? 0) ===
      truth.organizationMemberships &&
    (graph.relationships[Relationships.USER_ASSIGNED_ROLE._type] ?? 0) ===
      truth.roleAssignments;
  const apiRequests = rateLimitedRequests(stats);
  const bound = criticalPathBound({
    apiRequests,
    rate,
    burst: rate,
    latencyMs: LATENCY_MS,
    // The simulator's default job processing time.
    chains: requestChains(
      tenant,
      usersByExport,
      exportJobProcessingMs(tenant.users.length),
    ),
    objects:
      Object.values(graph.entities).reduce((a, b) => a + b, 0) +
      Object.values(graph.relationships).reduce((a, b) => a + b, 0),
    floor,
  });
  // The fewest requests any paged reader could make: one per 100 users.
  const lowerBoundSeconds = Math.ceil(tenant.users.length / PAGE_SIZE) / rate;
  const usersSeconds = usersStepSeconds(run.output);
  return {
    runs: 1,
    limit,
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
    apiRequests,
    bound,
    boundRatio: run.seconds / bound.totalSeconds,
    stepsSeconds: stepsSpanSeconds(run.output),
    usersStored: graph.entities.auth0_user ?? 0,
    exportJobSeconds: exportJobSeconds(run.output),
  };
}

interface Floor {
  users: number;
  convertSeconds: number;
  storeSeconds: number;
}

/** The SDK floor for `users`, the median of `--repeat` runs by total. */
function sdkFloor(users: number): Floor {
  const runs: Floor[] = [];
  for (let run = 0; run < REPEAT; run++) runs.push(sdkFloorOnce(users));
  const total = (f: Floor) => f.convertSeconds + f.storeSeconds;
  return [...runs].sort((a, b) => total(a) - total(b))[
    Math.floor((runs.length - 1) / 2)
  ];
}

/** One SDK floor run, in a process of its own. */
function sdkFloorOnce(users: number): Floor {
  const output = execFileSync(
    process.execPath,
    [
      require.resolve('ts-node/dist/bin'),
      '--transpile-only',
      path.join(PROJECT_ROOT, 'scripts', 'sdk-floor.ts'),
      String(users),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = output.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Floor;
}

function floorTable(floors: Floor[]): string {
  const rates = arg('rates', DEFAULT_RATES);
  const header = `| users | convert s | store s | floor s | ${rates
    .map((rate) => `best export ratio at ${rate} req/s`)
    .join(' | ')} |`;
  const divider = header.replace(/[^|]+/g, '---');
  const lines = floors.map((f) => {
    const floor = f.convertSeconds + f.storeSeconds;
    const best = rates.map((rate) =>
      (Math.ceil(f.users / PAGE_SIZE) / rate / floor).toFixed(1),
    );
    return `| ${f.users} | ${f.convertSeconds.toFixed(2)} | ${f.storeSeconds.toFixed(2)} | ${floor.toFixed(2)} | ${best.join(' | ')} |`;
  });
  return [header, divider, ...lines].join('\n');
}

const REPEAT = arg('repeat', [3])[0];
/**
 * Each run of a cell right after an SDK floor run of its own, and the users
 * step compared with that floor: on a shared machine whose speed drifts by
 * tens of percent within minutes, a pair measured back to back is the
 * comparison the drift spoils least.
 */
const PAIRED_FLOOR = process.argv.includes('--paired-floor');
/** users sharing one created_at millisecond, part of each size */
const BULK_IMPORT = arg('bulk-import', [0])[0];
/** the tenant's plan has no export jobs (Free): they answer 403 */
const EXPORT_REFUSED = process.argv.includes('--export-refused');
/** collect loads the built package (dist/), as the JupiterOne runtime does */
const COMPILED = process.argv.includes('--compiled');

/** Why collect cannot run in a memory cgroup here, or undefined when it can. */
function containerUnavailable(): string | undefined {
  try {
    const [file, args] = inMemoryCgroup(CONTAINER.mb, ['true']);
    const result = spawnSync(file, args, { encoding: 'utf8' });
    if (result.status !== 0) return result.stderr.trim() || 'cannot join it';
    return undefined;
  } catch (err) {
    return `${(err as Error).message} (needs Linux cgroups and root)`;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The run with the median users-step time, carrying the median peak RSS of all runs. */
function medianRow(runs: Row[]): Row {
  // The B2B tenant is about the whole run, the others about the users step.
  const time = (r: Row) =>
    SCENARIO === 'b2b' ? r.wallSeconds : r.usersStepSeconds;
  const byTime = [...runs].sort((a, b) => time(a) - time(b));
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
    '| users | rate limit (req/s) | strategy | memory | runs | wall s (collect) | users step s | requests | 429s | peak RSS MB (median) | users/s | paged lower bound s | users step / lower bound | rate bound s | chain bound s (chain) | storing floor s | critical-path bound s | wall / bound | steps s | steps / bound | complete |';
  const divider = header.replace(/[^|]+/g, '---');
  const lines = rows.map(
    (r) =>
      `| ${r.users} | ${r.rate} | ${r.strategy} | ${limitLabel(r.limit)} | ${r.runs} | ${r.wallSeconds.toFixed(1)} | ${r.usersStepSeconds.toFixed(1)} | ${r.requests} | ${r.rateLimited} | ${r.peakRssMb.toFixed(0)} | ${r.usersPerSecond.toFixed(0)} | ${r.lowerBoundSeconds.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.bound.rateSeconds.toFixed(1)} | ${r.bound.chainSeconds.toFixed(1)} (${r.bound.chainName}) | ${r.bound.floorSeconds.toFixed(1)} | ${r.bound.totalSeconds.toFixed(1)} | ${r.boundRatio.toFixed(2)} | ${r.stepsSeconds.toFixed(1)} | ${(r.stepsSeconds / r.bound.totalSeconds).toFixed(2)} | ${r.complete ? 'yes' : 'NO'} |`,
  );
  return [header, divider, ...lines].join('\n');
}

/** The issue's targets, read off the rows (printed, never asserted). */
function findings(rows: Row[]): string[] {
  const lines: string[] = [];
  const find = (users: number, rate: number, strategy: string, limit?: Limit) =>
    rows.find(
      (r) =>
        r.users === users &&
        r.rate === rate &&
        r.strategy === strategy &&
        r.limit === limit,
    );
  for (const r of rows.filter(
    (r) => (r.strategy === 'paged' || EXPORT_REFUSED) && !r.limit,
  )) {
    const share = r.requests ? (100 * r.rateLimited) / r.requests : 0;
    lines.push(
      `paged ${r.users} users at ${r.rate} req/s: ${r.ratio.toFixed(2)}x the lower bound, 429s ${share.toFixed(2)}% of requests`,
    );
  }
  for (const r of rows) {
    const share = r.requests ? (100 * r.rateLimited) / r.requests : 0;
    const rateOnly = r.bound.rateSeconds + r.bound.floorSeconds;
    lines.push(
      `${r.strategy} ${r.users} users at ${r.rate} req/s, ${limitLabel(r.limit)}: wall ${r.boundRatio.toFixed(2)}x the critical-path bound (${r.bound.totalSeconds.toFixed(1)} s; steps alone ${(r.stepsSeconds / r.bound.totalSeconds).toFixed(2)}x), ${(r.wallSeconds / r.bound.rateSeconds).toFixed(2)}x the rate bound (${(r.wallSeconds / rateOnly).toFixed(2)}x with the floor), 429s ${share.toFixed(2)}% of requests`,
    );
  }
  for (const r of rows.filter((r) => r.pairedRatios)) {
    const ratios = r.pairedRatios ?? [];
    lines.push(
      `${r.strategy} ${r.users} users at ${r.rate} req/s, ${limitLabel(r.limit)}: users step / the SDK floor run just before it: ${ratios.map((x) => x.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}x`,
    );
    const afterJob = (r.pairedAfterJobRatios ?? []).filter(
      (x) => !Number.isNaN(x),
    );
    if (afterJob.length) {
      lines.push(
        `${r.strategy} ${r.users} users at ${r.rate} req/s, ${limitLabel(r.limit)}: the same without the wait for the export job (the chain the floor leaves out): ${afterJob.map((x) => x.toFixed(2)).join(', ')}; median ${median(afterJob).toFixed(2)}x`,
      );
    }
  }
  for (const r of rows.filter((r) => r.strategy === 'export' && !r.limit)) {
    lines.push(
      `export ${r.users} users at ${r.rate} req/s: ${(r.lowerBoundSeconds / r.usersStepSeconds).toFixed(1)}x faster than the paged lower bound, ${r.requests} requests`,
    );
  }
  for (const limit of [undefined, CONTAINER, HEAP_CAP]) {
    for (const strategy of strategies()) {
      for (const rate of arg('rates', [10, 50])) {
        const small = find(10_000, rate, strategy, limit);
        const large = find(100_000, rate, strategy, limit);
        if (small && large) {
          lines.push(
            `${strategy} peak RSS 100k / 10k at ${rate} req/s, ${limitLabel(limit)}: ${(large.peakRssMb / small.peakRssMb).toFixed(2)}`,
          );
        }
      }
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const containerOnly = process.argv.includes('--container-only');
  const limits: Array<Limit | undefined> = containerOnly ? [] : [undefined];
  if (!process.argv.includes('--no-container')) {
    const unavailable = containerUnavailable();
    if (unavailable) {
      console.log(`${limitLabel(CONTAINER)} cells skipped: ${unavailable}`);
    } else limits.push(CONTAINER);
  }
  const plan: Array<[number, number, string, Limit | undefined]> = [];
  for (const users of arg('sizes', DEFAULT_SIZES)) {
    for (const limit of limits) {
      for (const rate of arg('rates', DEFAULT_RATES)) {
        for (const strategy of strategies())
          plan.push([users, rate, strategy, limit]);
      }
    }
    if (!process.argv.includes('--no-heap-cap')) {
      for (const strategy of strategies())
        plan.push([users, 50, strategy, HEAP_CAP]);
    }
  }
  if (COMPILED) {
    process.stdout.write('npm run build ... ');
    execFileSync('npm', ['run', 'build'], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
    });
    console.log('done');
  }
  const floors: Floor[] = [];
  if (!process.argv.includes('--no-floor')) {
    for (const users of arg('sizes', DEFAULT_SIZES)) {
      process.stdout.write(`SDK floor, ${users} users ... `);
      floors.push(sdkFloor(users));
      const f = floors[floors.length - 1];
      console.log(
        `convert ${f.convertSeconds.toFixed(2)} s, store ${f.storeSeconds.toFixed(2)} s`,
      );
    }
  }
  const rows: Row[] = [];
  for (const [users, rate, strategy, limit] of plan) {
    process.stdout.write(
      `${users} users, ${rate} req/s, ${strategy}, ${limitLabel(limit)} ... `,
    );
    const runs: Row[] = [];
    const pairedRatios: number[] = [];
    const pairedAfterJobRatios: number[] = [];
    for (let run = 0; run < REPEAT; run++) {
      const paired = PAIRED_FLOOR ? sdkFloorOnce(users) : undefined;
      const one = await benchOne(
        users,
        rate,
        strategy,
        limit,
        floors.find((f) => f.users === users),
      );
      runs.push(one);
      if (paired) {
        const floorSeconds = paired.convertSeconds + paired.storeSeconds;
        pairedRatios.push(one.usersStepSeconds / floorSeconds);
        pairedAfterJobRatios.push(
          (one.usersStepSeconds - one.exportJobSeconds) / floorSeconds,
        );
        process.stdout.write(`floor ${floorSeconds.toFixed(2)} s, `);
      }
      process.stdout.write(
        `${one.usersStepSeconds.toFixed(1)} s / ${one.wallSeconds.toFixed(1)} s wall / ${one.peakRssMb.toFixed(0)} MB${one.complete ? '' : ` INCOMPLETE (${one.usersStored} users stored)`}; `,
      );
    }
    const row = {
      ...medianRow(runs),
      pairedRatios: PAIRED_FLOOR ? pairedRatios : undefined,
      pairedAfterJobRatios: PAIRED_FLOOR ? pairedAfterJobRatios : undefined,
    };
    rows.push(row);
    console.log(
      `median ${row.usersStepSeconds.toFixed(1)} s, ${row.requests} requests, ${row.rateLimited} 429s, ${row.peakRssMb.toFixed(0)} MB`,
    );
  }
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}`;
  const settings = `Scenario ${SCENARIO}; collect runs ${COMPILED ? 'the built package (dist/)' : 'src/ through ts-node'}. Simulator on Auth0's defaults (capped search totals, applied page sizes), ${LATENCY_MS} ms latency; bulk import of ${BULK_IMPORT} users in one millisecond; export jobs ${EXPORT_REFUSED ? 'refused (Free plan)' : 'available'}.`;
  const rendered = [
    settings,
    '',
    table(rows),
    '',
    ...findings(rows).map((l) => `- ${l}`),
    '',
    ...(floors.length
      ? [
          'SDK floor (no Auth0: converting and storing the users only; best ratio = paged lower bound / floor):',
          '',
          floorTable(floors),
          '',
        ]
      : []),
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
