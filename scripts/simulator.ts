/**
 * Starts the Auth0 Management API simulator until SIGINT/SIGTERM.
 *
 *   npx ts-node --transpile-only scripts/simulator.ts [--users N] [--clients N] [--port P]
 *     [--rate-limit L --refill R | --rate-limit none] [--latency MS] [--seed S]
 *     [--bulk-import N] [--canary STRING] [--no-export-jobs]
 */
import { generateTenant, startSimulator } from '../test/simulator';

interface CliOptions {
  users: number;
  clients: number;
  port: number;
  rateLimit: { limit: number; refillPerSecond: number } | null;
  latencyMs: number;
  seed: number;
  bulkImport: number;
  canary?: string;
  exportJobs: boolean;
}

const USAGE =
  'usage: simulator.ts [--users N] [--clients N] [--port P] [--rate-limit L|none --refill R] [--latency MS] [--seed S] [--bulk-import N] [--canary STRING] [--no-export-jobs]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < 0) {
    fail(`--${name} expects a non-negative integer, got ${raw ?? 'nothing'}`);
  }
  return value;
}

function parseArgs(argv: string[]): CliOptions {
  const values = new Map<string, string | undefined>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'no-export-jobs' || name === 'help') flags.add(name);
    else values.set(name, inline ?? argv[++i]);
  }
  if (flags.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const known = [
    'users',
    'clients',
    'port',
    'rate-limit',
    'refill',
    'latency',
    'seed',
    'bulk-import',
    'canary',
  ];
  for (const name of values.keys()) {
    if (!known.includes(name)) fail(`unknown option --${name}`);
  }

  const get = (name: string, fallback: number) =>
    values.has(name) ? integer(name, values.get(name)) : fallback;
  const limitRaw = values.get('rate-limit');
  const unlimited = limitRaw === 'none' || limitRaw === '0';
  const limit = unlimited ? 0 : get('rate-limit', 50);
  return {
    users: get('users', 1000),
    clients: get('clients', 12),
    port: get('port', 0),
    rateLimit: unlimited
      ? null
      : { limit, refillPerSecond: get('refill', limit) },
    latencyMs: get('latency', 0),
    seed: get('seed', 1),
    bulkImport: get('bulk-import', 0),
    canary: values.get('canary'),
    exportJobs: !flags.has('no-export-jobs'),
  };
}

/** Single-quotes a value for POSIX shells when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const tenant = generateTenant({
    seed: options.seed,
    users: options.users,
    clients: Math.max(1, options.clients),
    bulkImport: options.bulkImport,
    canary: options.canary,
  });
  const sim = await startSimulator({
    tenant,
    port: options.port,
    rateLimit: options.rateLimit,
    latencyMs: options.latencyMs,
    exportJobs: { enabled: options.exportJobs },
  });
  const { config } = sim;
  const limitText = options.rateLimit
    ? `burst ${options.rateLimit.limit}, ${options.rateLimit.refillPerSecond}/s`
    : 'unlimited';
  console.log(
    `Auth0 Management API simulator on ${sim.baseUrl} (started in ${Date.now() - started} ms)`,
  );
  console.log(
    `  tenant:        ${tenant.name}, ${tenant.users.length} users, ${tenant.clients.length} clients, seed ${options.seed}`,
  );
  console.log(`  rate limit:    ${limitText}; latency ${options.latencyMs} ms`);
  console.log(`  domain:        ${config.domain}`);
  console.log(`  audience:      ${config.audience}`);
  console.log(`  client id:     ${config.clientId}`);
  console.log(`  client secret: ${config.clientSecret}`);
  console.log(
    `  CA cert:       ${sim.caCertPath} (set NODE_EXTRA_CA_CERTS to it)`,
  );
  const exports = {
    DOMAIN: config.domain,
    AUDIENCE: config.audience,
    CLIENT_ID: config.clientId,
    CLIENT_SECRET: config.clientSecret,
    NODE_EXTRA_CA_CERTS: sim.caCertPath,
  };
  console.log(
    `export ${Object.entries(exports)
      .map(([key, value]) => `${key}=${shellQuote(value)}`)
      .join(' ')}`,
  );

  const shutdown = (signal: string) => {
    console.log(
      `\n${signal}: stopping (${sim.stats.requests} requests served, ${sim.stats.rateLimited} rate-limited)`,
    );
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
