import * as path from 'path';

import { generateTenant, startSimulator } from '../test/simulator';
import { runCollect, PROJECT_ROOT } from './collect';
import { summarizeGraph } from './graph';

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
};

async function main(): Promise<void> {
  const tenant = generateTenant(DEMO_TENANT);
  const simulator = await startSimulator({
    tenant,
    rateLimit: { limit: 50, refillPerSecond: 50 },
    latencyMs: 20,
  });
  console.log(
    `Simulated Auth0 tenant ${tenant.name} at https://${simulator.domain}: ${tenant.users.length} users, ${tenant.clients.length} clients\n`,
  );
  let run;
  try {
    run = await runCollect(simulator, {
      echo: process.argv.includes('--verbose'),
    });
  } finally {
    await simulator.stop();
  }
  const graph = summarizeGraph(path.join(PROJECT_ROOT, '.j1-integration'));
  const expected: Record<string, number> = {
    auth0_account: 1,
    auth0_client: tenant.clients.length,
    auth0_user: tenant.users.length,
  };
  const expectedRelationships: Record<string, number> = {
    auth0_account_has_client: tenant.clients.length,
    auth0_account_has_user: tenant.users.length,
  };

  console.log('Entities');
  const problems: string[] = [];
  for (const [type, count] of Object.entries(expected)) {
    const got = graph.entities[type] ?? 0;
    console.log(
      `  ${type.padEnd(28)} ${String(got).padStart(7)}   expected ${count}`,
    );
    if (got !== count) problems.push(`${type}: ${got} of ${count}`);
  }
  console.log('Relationships');
  for (const [type, count] of Object.entries(expectedRelationships)) {
    const got = graph.relationships[type] ?? 0;
    console.log(
      `  ${type.padEnd(28)} ${String(got).padStart(7)}   expected ${count}`,
    );
    if (got !== count) problems.push(`${type}: ${got} of ${count}`);
  }
  const missingUsers = tenant.users.filter(
    (u) => !graph.keysByType.get('auth0_user')?.has(u.user_id),
  ).length;
  if (missingUsers > 0) problems.push(`${missingUsers} users missing`);
  if (graph.duplicateKeys > 0)
    problems.push(`${graph.duplicateKeys} duplicate keys`);

  console.log(
    `\nRequests to Auth0: ${simulator.stats.requests} (${simulator.stats.rateLimited} rate-limited), collect took ${run.seconds.toFixed(1)} s`,
  );
  if (run.exitCode !== 0 || problems.length > 0) {
    if (!process.argv.includes('--verbose'))
      console.log(run.output.slice(-4000));
    console.error(
      `\nDemo failed: exit code ${run.exitCode}; ${problems.join('; ') || 'no graph problems'}`,
    );
    process.exit(1);
  }
  console.log(
    '\nAll simulated clients and users collected. Run `npm run graph` to render .j1-integration/index.html',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
