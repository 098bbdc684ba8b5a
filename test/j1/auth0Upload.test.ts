/**
 * End to end: the real `j1-integration collect` against the Auth0 simulator,
 * then `sync` (and `run`) to a fake JupiterOne. Every collected entity and
 * relationship must arrive exactly once, and a step that could not read its
 * data must reach JupiterOne as a partial dataset, so that JupiterOne keeps
 * what it had instead of deleting it.
 */
import * as fs from 'fs';
import * as path from 'path';

import { makeProjectDir, runCli, runCollect } from '../../scripts/collect';
import { listJsonFiles } from '../../scripts/graph';
import {
  DEFAULT_SCOPES,
  generateTenant,
  RunningSimulator,
  startSimulator,
} from '../simulator';
import { FakeSyncApi, startFakeSyncApi } from './fakeSyncApi';
import { expectedGraph } from '../expectedGraph';

const API_KEY = 'fake-j1-api-key';
const INSTANCE_ID = '0f4d3c2b-1a09-4e8f-8d7c-6b5a49382716';
const TENANT = generateTenant({ seed: 31, users: 1100, clients: 14 });

let simulator: RunningSimulator;
let api: FakeSyncApi;
let projectDir: string;

beforeEach(async () => {
  simulator = await startSimulator({ tenant: TENANT, rateLimit: null });
  api = await startFakeSyncApi({ apiKey: API_KEY });
  projectDir = makeProjectDir('auth0-upload-');
});

afterEach(async () => {
  await simulator.stop();
  await api.stop();
  fs.rmSync(projectDir, { recursive: true, force: true });
});

function j1Flags(): string[] {
  return [
    '--api-base-url',
    api.baseUrl,
    '--api-key',
    API_KEY,
    '--account',
    'test-account',
    '--integrationInstanceId',
    INSTANCE_ID,
  ];
}

/** Keys of what collect wrote, by kind. */
function collectedKeys(): { entities: string[]; relationships: string[] } {
  const keys = { entities: [] as string[], relationships: [] as string[] };
  for (const file of listJsonFiles(
    path.join(projectDir, '.j1-integration', 'graph'),
  )) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    keys.entities.push(
      ...(data.entities ?? []).map((e: { _key: string }) => e._key),
    );
    keys.relationships.push(
      ...(data.relationships ?? []).map((r: { _key: string }) => r._key),
    );
  }
  return keys;
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

test('sync uploads everything collect wrote, exactly once, then finalizes with no partial dataset', async () => {
  const collect = await runCollect(simulator, { cwd: projectDir });
  expect(collect.exitCode).toBe(0);
  const collected = collectedKeys();
  // Account, clients, users and, for any tenant, the extensibility summary.
  const expected = expectedGraph(TENANT);
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((sum, n) => sum + n, 0);
  expect(collected.entities).toHaveLength(total(expected.entities));
  expect(collected.relationships).toHaveLength(total(expected.relationships));

  const sync = await runCli(simulator, ['sync', ...j1Flags()], {
    cwd: projectDir,
  });
  expect(sync.exitCode).toBe(0);
  expect(api.jobs).toHaveLength(1);
  const [job] = api.jobs;
  expect(sorted(job.entities.map((e) => e._key))).toEqual(
    sorted(collected.entities),
  );
  expect(sorted(job.relationships.map((r) => r._key))).toEqual(
    sorted(collected.relationships),
  );
  expect(Math.max(...job.batches.map((b) => b.count))).toBeLessThanOrEqual(250);
  expect(job.finalizeBodies).toEqual([{ partialDatasets: { types: [] } }]);
  expect(job.abortBodies).toEqual([]);
  expect(api.unknownRequests).toEqual([]);
});

test('run with read:users withheld uploads clients and finalizes with the user types partial', async () => {
  simulator.setScopes(DEFAULT_SCOPES.filter((s) => s !== 'read:users'));
  const run = await runCli(simulator, ['run', ...j1Flags()], {
    cwd: projectDir,
  });
  expect(run.exitCode).toBe(0);
  const [job] = api.jobs;
  // The warning reaches the JupiterOne job log as an event.
  expect(job.events).toContainEqual(
    expect.objectContaining({
      name: 'warn_missing_permission',
      description: expect.stringContaining('read:users'),
    }),
  );
  expect(job.finalizeBodies).toHaveLength(1);
  // The users step failed; the steps that link users ran without them.
  expect(sorted(job.finalizeBodies[0].partialDatasets?.types ?? [])).toEqual([
    'auth0_account_has_user',
    'auth0_connection_has_user',
    'auth0_organization_has_user',
    'auth0_user',
    'auth0_user_assigned_role',
  ]);
  const clients = job.entities
    .filter((e) => e._type === 'auth0_client')
    .map((e) => e._key);
  expect(sorted(clients)).toEqual(
    sorted(TENANT.clients.map((c) => c.client_id)),
  );
  expect(new Set(job.entities.map((e) => e._key)).size).toBe(
    job.entities.length,
  );
  expect(job.entities.some((e) => e._type === 'auth0_user')).toBe(false);
  expect(job.abortBodies).toEqual([]);
});
