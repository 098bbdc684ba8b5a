/**
 * A scope withheld from the integration's application: the real
 * `j1-integration collect` must finish, collect everything the other scopes
 * allow, report the step that could not read as partial (so JupiterOne keeps
 * its previous data instead of deleting it), and name the missing scope.
 */
import * as fs from 'fs';
import * as path from 'path';

import { makeProjectDir, runCollect } from '../scripts/collect';
import { summarizeGraph } from '../scripts/graph';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { generateTenant, RunningSimulator, startSimulator } from './simulator';

const TENANT = generateTenant({ seed: 11, users: 320, clients: 14 });

interface Summary {
  integrationStepResults: Array<{ id: string; status: string }>;
  metadata: { partialDatasets: { types: string[] } };
}

let sim: RunningSimulator;
let projectDir: string;

beforeEach(async () => {
  sim = await startSimulator({ tenant: TENANT, rateLimit: null });
  projectDir = makeProjectDir('auth0-permissions-');
});

afterEach(async () => {
  await sim.stop();
  fs.rmSync(projectDir, { recursive: true, force: true });
});

async function collectWithScopes(scopes: string[]) {
  sim.setScopes(scopes);
  const run = await runCollect(sim, { cwd: projectDir });
  const root = path.join(projectDir, '.j1-integration');
  const summary = JSON.parse(
    fs.readFileSync(path.join(root, 'summary.json'), 'utf8'),
  ) as Summary;
  return {
    run,
    // The CLI colours its log; the assertions read the text.
    // eslint-disable-next-line no-control-regex
    output: run.output.replace(/\u001b\[\d+m/g, ''),
    graph: summarizeGraph(root),
    partial: summary.metadata.partialDatasets.types,
    status: (stepId: string) =>
      summary.integrationStepResults.find((step) => step.id === stepId)?.status,
  };
}

const keys = (values: Iterable<string> | undefined) =>
  [...(values ?? [])].sort();

test('without read:users: clients complete, users partial, a MissingPermission warning names read:users', async () => {
  const { run, output, graph, partial, status } = await collectWithScopes([
    'read:clients',
  ]);

  // collect exits 0 even when steps fail: the failures are in summary.json.
  expect(run.exitCode).toBe(0);
  expect(keys(graph.keysByType.get(Entities.CLIENT._type))).toEqual(
    keys(TENANT.clients.map((client) => client.client_id)),
  );
  expect(graph.relationships[Relationships.ACCOUNT_HAS_CLIENT._type]).toBe(
    TENANT.clients.length,
  );
  expect(graph.entities[Entities.USER._type]).toBeUndefined();
  expect(status(Steps.USERS)).toBe('failure');
  expect(status(Steps.CLIENTS)).toBe('success');
  expect(partial).toEqual(
    expect.arrayContaining([
      Entities.USER._type,
      Relationships.ACCOUNT_HAS_USER._type,
    ]),
  );
  expect(partial).not.toContain(Entities.CLIENT._type);
  expect(partial).not.toContain(Relationships.ACCOUNT_HAS_CLIENT._type);
  expect(output).toMatch(
    /WARN Local: Missing Auth0 Management API scope read:users \(needed by GET \/api\/v2\/users\) \(warnEvent=warn_missing_permission\)/,
  );
  // The step's own error says how to grant the scope.
  expect(output).toMatch(
    /Provider authorization failed at https:\/\/localhost:\d+\/api\/v2\/users: 403 Insufficient scope, expected any of: read:users\. In the Auth0 dashboard .* grant read:users\./,
  );
});

test('without read:clients: users complete, clients partial, a MissingPermission warning names read:clients', async () => {
  const { run, output, graph, partial, status } = await collectWithScopes([
    'read:users',
  ]);

  expect(run.exitCode).toBe(0);
  expect(keys(graph.keysByType.get(Entities.USER._type))).toEqual(
    keys(TENANT.users.map((user) => user.user_id)),
  );
  expect(graph.relationships[Relationships.ACCOUNT_HAS_USER._type]).toBe(
    TENANT.users.length,
  );
  expect(graph.entities[Entities.CLIENT._type]).toBeUndefined();
  expect(status(Steps.CLIENTS)).toBe('failure');
  expect(status(Steps.USERS)).toBe('success');
  expect(partial).toEqual(
    expect.arrayContaining([
      Entities.CLIENT._type,
      Relationships.ACCOUNT_HAS_CLIENT._type,
    ]),
  );
  expect(partial).not.toContain(Entities.USER._type);
  expect(partial).not.toContain(Relationships.ACCOUNT_HAS_USER._type);
  expect(output).toMatch(
    /WARN Local: Missing Auth0 Management API scope read:clients \(needed by GET \/api\/v2\/clients\) \(warnEvent=warn_missing_permission\)/,
  );
});
