/**
 * The demo's check as a test: the real `j1-integration collect` against a
 * simulated tenant with roles, APIs, client grants and organizations writes
 * exactly the tenant's ground truth, every type and relationship, no key
 * twice, and the Management API write grant an auditor looks for.
 */
import * as fs from 'fs';
import * as path from 'path';

import { makeProjectDir, runCollect } from '../scripts/collect';
import { listJsonFiles, summarizeGraph } from '../scripts/graph';
import { Relationships } from '../src/steps/constants';
import { expectedGraph } from './expectedGraph';
import { generateTenant, identityTruth, startSimulator } from './simulator';

const TENANT = generateTenant({
  seed: 23,
  users: 400,
  clients: 14,
  identity: { roles: 7, organizations: 4, bigRoleMembers: 260 },
});

test('collect writes every identity type with the counts of the tenant', async () => {
  const simulator = await startSimulator({ tenant: TENANT, rateLimit: null });
  const cwd = makeProjectDir('auth0-identity-');
  try {
    const run = await runCollect(simulator, { cwd });
    if (run.exitCode !== 0) console.log(run.output.slice(-3000));
    expect(run.exitCode).toBe(0);

    const graph = summarizeGraph(path.join(cwd, '.j1-integration'));
    const expected = expectedGraph(TENANT);
    expect(graph.entities).toEqual(expected.entities);
    expect(graph.relationships).toEqual(expected.relationships);
    expect(graph.duplicateKeys).toBe(0);

    const grants = listJsonFiles(path.join(cwd, '.j1-integration', 'graph'))
      .flatMap(
        (file) => JSON.parse(fs.readFileSync(file, 'utf8')).relationships ?? [],
      )
      .filter(
        (r: { _type: string }) =>
          r._type === Relationships.CLIENT_USES_SERVER._type,
      );
    const writers = grants.filter(
      (r: { managementApi: boolean; hasWriteScopes: boolean }) =>
        r.managementApi && r.hasWriteScopes,
    );
    expect(writers).toHaveLength(identityTruth(TENANT).managementWriteGrants);
    // Two pages of members for the big role, one request per other role.
    expect(simulator.stats.byRoute['GET /api/v2/roles/:id/users']).toBe(
      TENANT.roles!.length + 2,
    );
  } finally {
    await simulator.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
