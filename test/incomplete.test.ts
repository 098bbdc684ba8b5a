/**
 * "Success" means every user. When the users step cannot prove it read every
 * user, the real `j1-integration collect` must keep what it read, report
 * auth0_user and the relationships built from users partial (so JupiterOne
 * keeps its previous users instead of deleting the ones this run missed),
 * and say how many users it expected and how many it collected.
 */
import * as fs from 'fs';
import * as path from 'path';

import { makeProjectDir, runCollect } from '../scripts/collect';
import { summarizeGraph } from '../scripts/graph';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { generateTenant, startSimulator } from './simulator';

interface Summary {
  integrationStepResults: Array<{ id: string; status: string }>;
  metadata: { partialDatasets: { types: string[] } };
}

test('users the search counts but never returns: auth0_user partial, a warning with both counts', async () => {
  const tenant = generateTenant({ seed: 31, users: 2400, clients: 3 });
  const unreturned = tenant.users.slice(40, 43).map((u) => u.user_id);
  // A Free-plan tenant (no export job) whose search skips three users its totals count.
  const simulator = await startSimulator({
    tenant,
    exportJobs: { enabled: false },
    unreturnedUserIds: unreturned,
  });
  const projectDir = makeProjectDir('auth0-incomplete-');
  try {
    const run = await runCollect(simulator, { cwd: projectDir });
    const root = path.join(projectDir, '.j1-integration');
    const summary = JSON.parse(
      fs.readFileSync(path.join(root, 'summary.json'), 'utf8'),
    ) as Summary;
    // eslint-disable-next-line no-control-regex
    const output = run.output.replace(/\u001b\[\d+m/g, '');
    const graph = summarizeGraph(root);

    // What was read is kept; nothing is made up.
    expect(graph.entities[Entities.USER._type]).toBe(2397);
    expect(graph.relationships[Relationships.ACCOUNT_HAS_USER._type]).toBe(
      2397,
    );
    for (const id of unreturned) {
      expect(graph.keysByType.get(Entities.USER._type)?.has(id)).toBe(false);
    }
    const status = (id: string) =>
      summary.integrationStepResults.find((step) => step.id === id)?.status;
    expect(status(Steps.USERS)).toBe('failure');
    expect(status(Steps.CLIENTS)).toBe('success');
    expect(summary.metadata.partialDatasets.types).toEqual(
      expect.arrayContaining([
        Entities.USER._type,
        Relationships.ACCOUNT_HAS_USER._type,
      ]),
    );
    expect(summary.metadata.partialDatasets.types).not.toContain(
      Entities.CLIENT._type,
    );
    expect(output).toContain(
      'Auth0 users incomplete: expected 2400, collected 2397',
    );
  } finally {
    await simulator.stop();
    fs.rmSync(projectDir, { recursive: true, force: true });
  }
});
