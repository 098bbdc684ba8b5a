import * as fs from 'fs';
import * as path from 'path';

import { expectedGraph } from '../test/expectedGraph';
import { checkAccountPosture } from '../test/expectedPosture';
import { generateTenant, startSimulator } from '../test/simulator';
import { runCollect, PROJECT_ROOT } from './collect';
import { listFiles, summarizeGraph } from './graph';
import { ProgressView } from './progress';

/**
 * `npm run demo`: a sample tenant on the bundled Auth0 simulator, the real
 * `j1-integration collect` against it, and a summary checked against the
 * tenant's ground truth.
 */
export const DEMO_TENANT = {
  seed: 2024,
  users: 2500,
  clients: 40,
  bulkImport: 150,
  // The largest role has more members than Auth0's 1,000-record offset limit.
  identity: { roles: 10, organizations: 6, bigRoleMembers: 1200 },
  // Connections, MFA policy and factors, attack protection, signing keys.
  posture: {},
  // Actions bound to triggers with their npm packages, legacy Rules and Hooks
  // still on, log streams, custom domains and an email provider.
  extensibility: { variant: 'legacy' as const },
  // Planted in every secret-bearing field; the demo checks it never comes out.
  canary: 'DEMO-SECRET-CANARY-5f1c0e7a',
};

/** `--users N` / `--clients N` shrink or grow the tenant (e.g. for a legible graph picture). */
function sizeArg(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : Number(process.argv[index + 1]);
}

async function main(): Promise<void> {
  const users = sizeArg('users');
  const tenant = generateTenant({
    ...DEMO_TENANT,
    users: users ?? DEMO_TENANT.users,
    // the bulk import belongs to the full-size demo
    bulkImport: users === undefined ? DEMO_TENANT.bulkImport : 0,
    clients: sizeArg('clients') ?? DEMO_TENANT.clients,
  });
  // Auth0 as it answers by default: capped search totals, the Enterprise
  // rate limit, export jobs (see docs/development.md, "Simulator fidelity").
  const simulator = await startSimulator({ tenant, latencyMs: 20 });
  console.log(
    `Simulated Auth0 tenant ${tenant.name} at https://${simulator.domain}: ${tenant.users.length} users, ${tenant.clients.length} clients, ${tenant.roles?.length ?? 0} roles, ${tenant.resourceServers?.length ?? 0} APIs, ${tenant.organizations?.length ?? 0} organizations, ${tenant.posture?.connections.length ?? 0} connections, ${tenant.posture?.signingKeys.length ?? 0} signing keys\n`,
  );
  const verbose = process.argv.includes('--verbose');
  // Live progress: one updating line on a terminal, plain lines otherwise.
  const progress = verbose ? undefined : new ProgressView(process.stdout);
  const problems: string[] = [];
  let run;
  try {
    run = await runCollect(simulator, {
      echo: verbose,
      onOutput: (text) => progress?.feed(text),
    });
  } finally {
    progress?.end();
    await simulator.stop();
  }
  console.log('');
  // How the users were read, and what proved the count, in the integration's own words.
  // eslint-disable-next-line no-control-regex
  const plain = run.output.replace(/\u001b\[[0-9;]*m/g, '');
  for (const pattern of [
    /Tenant holds [^"\n]*? users: reading them by [a-z ]+/,
    /Read \d+ users by \w+; [^"\n]*/,
  ]) {
    const said = pattern.exec(plain)?.[0];
    if (said) console.log(`Users: ${said.trim()}`);
    else problems.push(`the collect log does not say "${pattern.source}"`);
  }
  console.log('');
  const graph = summarizeGraph(path.join(PROJECT_ROOT, '.j1-integration'));
  // The tenant's ground truth: every type, including roles, APIs and organizations.
  const { entities: expected, relationships: expectedRelationships } =
    expectedGraph(tenant);

  console.log('Entities');
  for (const [type, count] of Object.entries(expected)) {
    const got = graph.entities[type] ?? 0;
    console.log(
      `  ${type.padEnd(32)} ${String(got).padStart(7)}   expected ${count}`,
    );
    if (got !== count) problems.push(`${type}: ${got} of ${count}`);
  }
  console.log('Relationships');
  for (const [type, count] of Object.entries(expectedRelationships)) {
    const got = graph.relationships[type] ?? 0;
    console.log(
      `  ${type.padEnd(32)} ${String(got).padStart(7)}   expected ${count}`,
    );
    if (got !== count) problems.push(`${type}: ${got} of ${count}`);
  }
  const posture = checkAccountPosture(
    path.join(PROJECT_ROOT, '.j1-integration'),
    tenant,
  );
  console.log('Account posture');
  for (const [property, got, want] of posture.rows) {
    console.log(
      `  ${property.padEnd(32)} ${JSON.stringify(got)}   expected ${JSON.stringify(want)}`,
    );
  }
  problems.push(...posture.problems);
  const missingUsers = tenant.users.filter(
    (u) => !graph.keysByType.get('auth0_user')?.has(u.user_id),
  ).length;
  if (missingUsers > 0) problems.push(`${missingUsers} users missing`);
  const leaks = [
    ...listFiles(path.join(PROJECT_ROOT, '.j1-integration')),
    'collect log',
  ].filter((file) =>
    (file === 'collect log'
      ? run.output
      : fs.readFileSync(file, 'utf8')
    ).includes(DEMO_TENANT.canary),
  );
  if (leaks.length > 0)
    problems.push(`secret canary found in ${leaks.join(', ')}`);
  if (graph.duplicateKeys > 0)
    problems.push(`${graph.duplicateKeys} duplicate keys`);

  if (leaks.length === 0) {
    console.log(
      '\nSecrets: the canary planted in every secret field is nowhere in .j1-integration/ or the collect log',
    );
  }
  console.log(
    `\nRequests to Auth0: ${simulator.stats.requests} (${simulator.stats.rateLimited} rate-limited), collect took ${run.seconds.toFixed(1)} s`,
  );
  for (const [route, count] of Object.entries(simulator.stats.byRoute)) {
    console.log(`  ${route.padEnd(42)} ${String(count).padStart(5)}`);
  }
  if (run.exitCode !== 0 || problems.length > 0) {
    if (!process.argv.includes('--verbose'))
      console.log(run.output.slice(-4000));
    console.error(
      `\nDemo failed: exit code ${run.exitCode}; ${problems.join('; ') || 'no graph problems'}`,
    );
    process.exit(1);
  }
  console.log(
    '\nEvery simulated type collected. Run `npm run graph` to render .j1-integration/index.html',
  );
}

// Run as `npm run demo`; imported (for DEMO_TENANT) by the browser test.
if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
