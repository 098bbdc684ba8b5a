/**
 * Contract test: the real `j1-integration sync` and `run` binaries (SDK 8.41)
 * against a local fake of JupiterOne's synchronization API. Collected data is
 * written straight to `.j1-integration/` in the layout `collect` produces, so
 * this test does not depend on the Auth0 simulator.
 */
import { spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  IntegrationStepResult,
  Relationship,
  RelationshipClass,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';

import {
  DEFAULT_MAX_BODY_BYTES,
  FakeJob,
  FakeSyncApi,
  startFakeSyncApi,
} from './fakeSyncApi';

const CLI = path.resolve(__dirname, '../../node_modules/.bin/j1-integration');
const SDK_CORE = require.resolve('@jupiterone/integration-sdk-core');
const API_KEY = 'test-key';
const ACCOUNT = 'test-account';
const INSTANCE_ID = '5e2c9c1e-0b7a-4c56-9f0e-2f4b8f6f7a11';
/** `DEFAULT_UPLOAD_BATCH_SIZE` of integration-sdk-runtime 8.41 */
const SDK_UPLOAD_BATCH_SIZE = 250;
/** `DEFAULT_GRAPH_OBJECT_FILE_SIZE`: at most this many objects per graph file */
const GRAPH_FILE_SIZE = 500;

const USER_TYPES = ['auth0_account_has_user', 'auth0_user'];

interface StepGraph {
  id: string;
  name: string;
  entities: Entity[];
  relationships: Relationship[];
  declaredTypes: string[];
}

interface CliResult {
  code: number | null;
  output: string;
}

let api: FakeSyncApi;
const tempDirs: string[] = [];

beforeEach(async () => {
  api = await startFakeSyncApi({ apiKey: API_KEY });
});

afterEach(async () => {
  await api.stop();
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('j1-integration sync', () => {
  test('uploads every collected object exactly once and finalizes once with no partial datasets', async () => {
    const steps = tenantGraph({ users: 2345, clients: 40 });
    const dir = writeCollectedProject(steps, []);

    expectSuccess(await runCli(['sync', ...cliFlags()], dir));

    const job = onlyJob();
    expect(job.config).toEqual({
      source: 'integration-managed',
      integrationInstanceId: INSTANCE_ID,
    });
    expectFinalizedOnce(job, []);
    expectExactlyOnce(job, steps);
    expectBatchesWithin(job, SDK_UPLOAD_BATCH_SIZE, SDK_UPLOAD_BATCH_SIZE);
    // Each graph file is chunked on its own, so batches never mix files.
    expect(job.batches).toHaveLength(expectedBatchCount(steps, 250, 250));
    expect(job.events.map((e) => e.name)).toEqual([
      'sync_upload_start',
      'sync_upload_end',
    ]);
    expectCleanApiUse();
  });

  test('keeps every batch within --upload-batch-size and --upload-relationship-batch-size', async () => {
    const steps = tenantGraph({ users: 2345, clients: 40 });
    const dir = writeCollectedProject(steps, []);

    const flags = [
      ...cliFlags(),
      '--upload-batch-size',
      '100',
      '--upload-relationship-batch-size',
      '60',
    ];
    expectSuccess(await runCli(['sync', ...flags], dir));

    const job = onlyJob();
    expectExactlyOnce(job, steps);
    expectBatchesWithin(job, 100, 60);
    expect(job.batches).toHaveLength(expectedBatchCount(steps, 100, 60));
    expectFinalizedOnce(job, []);
    expectCleanApiUse();
  });

  test('--upload-batch-size alone leaves relationship batches at the 250 default', async () => {
    // Pins an SDK 8.41 quirk: the relationship flag defaults to 250 instead of
    // falling back to --upload-batch-size, despite what its help text says.
    const steps = tenantGraph({ users: 600, clients: 0 });
    const dir = writeCollectedProject(steps, []);

    expectSuccess(
      await runCli(['sync', ...cliFlags(), '--upload-batch-size', '100'], dir),
    );

    const job = onlyJob();
    expectExactlyOnce(job, steps);
    expect(maxCount(job, 'entities')).toBe(100);
    expect(maxCount(job, 'relationships')).toBe(SDK_UPLOAD_BATCH_SIZE);
  });

  test('finalizes with the partial datasets summary.json records for a failed step', async () => {
    // What collect leaves behind when fetch-users failed after 1,200 users.
    const steps = tenantGraph({ users: 1200, clients: 40 });
    const dir = writeCollectedProject(steps, ['fetch-users']);

    // Credentials from the environment this time, as CI would pass them.
    const env = { JUPITERONE_API_KEY: API_KEY, JUPITERONE_ACCOUNT: ACCOUNT };
    const flags = ['--api-base-url', api.baseUrl, '-i', INSTANCE_ID];
    expectSuccess(await runCli(['sync', ...flags], dir, env));

    const job = onlyJob();
    expectFinalizedOnce(job, USER_TYPES);
    expectExactlyOnce(job, steps);
    expectCleanApiUse();
  });

  test('--skip-finalize leaves the job open and reads its status instead', async () => {
    const steps = tenantGraph({ users: 10, clients: 2 });
    const dir = writeCollectedProject(steps, []);

    expectSuccess(
      await runCli(['sync', ...cliFlags(), '--skip-finalize'], dir),
    );

    const job = onlyJob();
    expectExactlyOnce(job, steps);
    expect(job.finalizeBodies).toEqual([]);
    expect(job.abortBodies).toEqual([]);
    expect(job.statusChecks).toBe(1);
    expect(job.status).toBe('AWAITING_UPLOADS');
    expectCleanApiUse();
  });

  test('retries a batch answered 413 with shrunk _rawData and still uploads each key once', async () => {
    // 250 users of ~26 KB each make one default batch of ~6.5 MB > 6 MiB.
    const steps = tenantGraph({ users: 250, clients: 0, rawPadding: 26_000 });
    const dir = writeCollectedProject(steps, []);

    expectSuccess(await runCli(['sync', ...cliFlags()], dir));

    const job = onlyJob();
    const [rejected, ...moreRejected] = job.rejectedBatches;
    expect(rejected).toMatchObject({ type: 'entities', count: 250 });
    expect(moreRejected).toEqual([]);
    // The retry reuses the correlation id of the refused request.
    const retried = job.batches.filter(
      (b) => b.correlationId === rejected.correlationId,
    );
    expect(retried).toHaveLength(1);
    expect(retried[0].keys).toEqual(rejected.keys);
    expectBatchesWithin(job, SDK_UPLOAD_BATCH_SIZE, SDK_UPLOAD_BATCH_SIZE);
    expectExactlyOnce(job, steps);
    const truncated = job.entities.filter((e) =>
      JSON.stringify(e._rawData).includes('"TRUNCATED"'),
    );
    expect(truncated.length).toBeGreaterThan(0);
    expectFinalizedOnce(job, []);
  });
});

describe('j1-integration run', () => {
  test('uploads what the steps collected once and finalizes with the failed step types partial', async () => {
    const dir = writeFixtureIntegration();

    expectSuccess(await runCli(['run', ...cliFlags()], dir));

    const job = onlyJob();
    expectFinalizedOnce(job, USER_TYPES);
    // fetch-users added 3 users before throwing; the SDK still uploads them.
    const expected = runFixtureKeys();
    expect(sortedKeys(job.entities)).toEqual(expected.entities);
    expect(sortedKeys(job.relationships)).toEqual(expected.relationships);
    expectBatchesWithin(job, SDK_UPLOAD_BATCH_SIZE, SDK_UPLOAD_BATCH_SIZE);
    expect(job.events).toContainEqual(
      expect.objectContaining({
        name: 'step_failure',
        description: expect.stringContaining('Step "Fetch Users" failed'),
      }),
    );
    // run also writes summary.json; sync of it would finalize the same way.
    const summary = readJson(path.join(dir, '.j1-integration/summary.json'));
    expect(sortedTypes(summary.metadata.partialDatasets.types)).toEqual(
      USER_TYPES,
    );
    expectCleanApiUse();
  });
});

// ---------------------------------------------------------------------------
// Assertions

function onlyJob(): FakeJob {
  expect(api.jobs).toHaveLength(1);
  return api.jobs[0];
}

function expectSuccess(result: CliResult): void {
  // Show the CLI's output only when it failed.
  const shown = result.code === 0 ? '' : result.output.slice(-6000);
  expect({ code: result.code, output: shown }).toEqual({ code: 0, output: '' });
}

function expectFinalizedOnce(job: FakeJob, partialTypes: string[]): void {
  expect(job.abortBodies).toEqual([]);
  expect(job.finalizeBodies).toHaveLength(1);
  const types = job.finalizeBodies[0].partialDatasets?.types ?? null;
  expect(types && sortedTypes(types)).toEqual(partialTypes);
  expect(job.status).toBe('FINALIZE_PENDING');
  expect(job.lateUploads).toBe(0);
}

function expectExactlyOnce(job: FakeJob, steps: StepGraph[]): void {
  const entities = steps.flatMap((s) => s.entities);
  const relationships = steps.flatMap((s) => s.relationships);
  expect(keyDiff(job.entities, entities)).toEqual(noDiff());
  expect(keyDiff(job.relationships, relationships)).toEqual(noDiff());
}

function expectBatchesWithin(
  job: FakeJob,
  entityLimit: number,
  relationshipLimit: number,
): void {
  const tooBig = job.batches.filter(
    (b) =>
      b.count === 0 ||
      b.count > (b.type === 'entities' ? entityLimit : relationshipLimit) ||
      b.bytes > DEFAULT_MAX_BODY_BYTES,
  );
  expect(tooBig).toEqual([]);
}

function expectCleanApiUse(): void {
  expect(api.unknownRequests).toEqual([]);
  const offending = api.requests.filter(
    (r) => !r.bearerMatches || r.account !== ACCOUNT || r.status !== 200,
  );
  expect(offending).toEqual([]);
}

function keyDiff(
  received: Array<{ _key: string }>,
  expected: Array<{ _key: string }>,
): { missing: string[]; unexpected: string[]; duplicates: string[] } {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { _key } of received) {
    if (seen.has(_key)) duplicates.add(_key);
    seen.add(_key);
  }
  const wanted = new Set(expected.map((e) => e._key));
  return {
    missing: [...wanted].filter((k) => !seen.has(k)).slice(0, 20),
    unexpected: [...seen].filter((k) => !wanted.has(k)).slice(0, 20),
    duplicates: [...duplicates].slice(0, 20),
  };
}

function noDiff() {
  return { missing: [], unexpected: [], duplicates: [] };
}

function maxCount(job: FakeJob, type: 'entities' | 'relationships'): number {
  return Math.max(
    ...job.batches.filter((b) => b.type === type).map((b) => b.count),
  );
}

/** Batches the SDK should send: every graph file is chunked separately. */
function expectedBatchCount(
  steps: StepGraph[],
  entityBatch: number,
  relationshipBatch: number,
): number {
  return steps
    .flatMap((s) => [
      ...graphFiles(s.entities).map((f) => Math.ceil(f.length / entityBatch)),
      ...graphFiles(s.relationships).map((f) =>
        Math.ceil(f.length / relationshipBatch),
      ),
    ])
    .reduce((a, b) => a + b, 0);
}

function sortedKeys(objects: Array<{ _key: string }>): string[] {
  return objects.map((o) => o._key).sort();
}

function sortedTypes(types: string[]): string[] {
  return [...types].sort();
}

// ---------------------------------------------------------------------------
// Collected data in the layout of FileSystemGraphObjectStore

function tenantGraph(input: {
  users: number;
  clients: number;
  rawPadding?: number;
}): StepGraph[] {
  const account = accountEntity();
  const clients = range(input.clients).map(clientEntity);
  const users = range(input.users).map((i) => userEntity(i, input.rawPadding));
  const has = (to: Entity) =>
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      from: account,
      to,
    });
  return [
    {
      id: 'fetch-account',
      name: 'Fetch Account',
      entities: [account],
      relationships: [],
      declaredTypes: ['auth0_account'],
    },
    {
      id: 'fetch-clients',
      name: 'Fetch Clients',
      entities: clients,
      relationships: clients.map(has),
      declaredTypes: ['auth0_client', 'auth0_account_has_client'],
    },
    {
      id: 'fetch-users',
      name: 'Fetch Users',
      entities: users,
      relationships: users.map(has),
      declaredTypes: ['auth0_user', 'auth0_account_has_user'],
    },
  ];
}

function accountEntity(): Entity {
  const source = { tenant: 'contract-test', region: 'us' };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: 'auth0_account:contract-test.us.auth0.com',
        _type: 'auth0_account',
        _class: ['Account'],
        name: 'contract-test',
        displayName: 'contract-test',
      },
    },
  });
}

function clientEntity(i: number): Entity {
  const clientId = hex(`client-${i}`).slice(0, 32);
  const source = { client_id: clientId, name: `App ${i}`, app_type: 'spa' };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: clientId,
        _type: 'auth0_client',
        _class: ['Application'],
        name: source.name,
        displayName: source.name,
      },
    },
  });
}

function userEntity(i: number, rawPadding = 0): Entity {
  const userId = `auth0|${hex(`user-${i}`).slice(0, 24)}`;
  const email = `user${i}@example.com`;
  const source = {
    user_id: userId,
    email,
    email_verified: true,
    created_at: '2023-01-02T03:04:05.000Z',
    // Large, unmapped raw field: what shrinkBatchRawData truncates first.
    ...(rawPadding ? { app_metadata: { notes: 'x'.repeat(rawPadding) } } : {}),
  };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: userId,
        _type: 'auth0_user',
        _class: ['User'],
        id: userId,
        name: email,
        displayName: email,
        username: email,
        email,
        active: true,
        createdOn: Date.parse(source.created_at),
      },
    },
  });
}

/** Writes graph files, type indexes and summary.json as `collect` does. */
function writeCollectedProject(
  steps: StepGraph[],
  failedStepIds: string[],
): string {
  const dir = makeTempDir();
  const storage = path.join(dir, '.j1-integration');
  for (const step of steps) {
    writeGraphObjects(storage, step.id, 'entities', step.entities);
    writeGraphObjects(storage, step.id, 'relationships', step.relationships);
  }
  writeJson(path.join(storage, 'summary.json'), summary(steps, failedStepIds));
  return dir;
}

function writeGraphObjects(
  storage: string,
  stepId: string,
  collection: 'entities' | 'relationships',
  objects: Array<Entity | Relationship>,
): void {
  for (const file of graphFiles(objects)) {
    const name = `${crypto.randomUUID()}.json`;
    const graphPath = path.join(storage, 'graph', stepId, collection, name);
    writeJson(graphPath, { [collection]: file });
    // collect also links each file into index/<collection>/<_type>/; sync must
    // read only graph/, or these links would upload everything twice.
    const indexDir = path.join(storage, 'index', collection, file[0]._type);
    fs.mkdirSync(indexDir, { recursive: true });
    fs.symlinkSync(graphPath, path.join(indexDir, name));
  }
}

/** Objects of one step as collect splits them: per _type, 500 per file. */
function graphFiles<T extends { _type: string }>(objects: T[]): T[][] {
  const byType = new Map<string, T[]>();
  for (const o of objects) {
    const list = byType.get(o._type) ?? [];
    list.push(o);
    byType.set(o._type, list);
  }
  return [...byType.values()].flatMap((list) => chunk(list, GRAPH_FILE_SIZE));
}

function summary(steps: StepGraph[], failedStepIds: string[]) {
  const integrationStepResults: IntegrationStepResult[] = steps.map((s) => ({
    id: s.id,
    name: s.name,
    declaredTypes: s.declaredTypes,
    partialTypes: [],
    encounteredTypes: s.declaredTypes,
    status: failedStepIds.includes(s.id)
      ? StepResultStatus.FAILURE
      : StepResultStatus.SUCCESS,
  }));
  const partialTypes = integrationStepResults
    .filter((r) => r.status === StepResultStatus.FAILURE)
    .flatMap((r) => r.declaredTypes);
  return {
    integrationStepResults,
    metadata: { partialDatasets: { types: partialTypes } },
  };
}

// ---------------------------------------------------------------------------
// Fixture integration for `run`: one step succeeds, the other throws

const RUN_CLIENTS = 5;
const RUN_USERS_BEFORE_FAILURE = 3;

function writeFixtureIntegration(): string {
  const dir = makeTempDir();
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'index.js'), fixtureSource());
  return dir;
}

function fixtureSource(): string {
  return `'use strict';
const {
  createDirectRelationship,
  createIntegrationEntity,
  RelationshipClass,
} = require(${JSON.stringify(SDK_CORE)});

const ACCOUNT_KEY = 'auth0_account:fixture.us.auth0.com';

function entity(_type, _class, _key) {
  return createIntegrationEntity({
    entityData: {
      source: { id: _key },
      assign: { _type, _class, _key, name: _key, displayName: _key },
    },
  });
}

async function fetchClients({ jobState }) {
  const account = await jobState.addEntity(
    entity('auth0_account', ['Account'], ACCOUNT_KEY),
  );
  for (let i = 0; i < ${RUN_CLIENTS}; i++) {
    const client = await jobState.addEntity(
      entity('auth0_client', ['Application'], 'auth0_client:client-' + i),
    );
    await jobState.addRelationship(
      createDirectRelationship({ _class: RelationshipClass.HAS, from: account, to: client }),
    );
  }
}

async function fetchUsers({ jobState }) {
  const account = await jobState.findEntity(ACCOUNT_KEY);
  for (let i = 0; i < ${RUN_USERS_BEFORE_FAILURE}; i++) {
    const user = await jobState.addEntity(
      entity('auth0_user', ['User'], 'auth0|user-' + i),
    );
    await jobState.addRelationship(
      createDirectRelationship({ _class: RelationshipClass.HAS, from: account, to: user }),
    );
  }
  throw new Error('Auth0 answered 500 for GET /api/v2/users');
}

exports.invocationConfig = {
  instanceConfigFields: {},
  integrationSteps: [
    {
      id: 'fetch-clients',
      name: 'Fetch Clients',
      entities: [
        { resourceName: 'Account', _type: 'auth0_account', _class: ['Account'] },
        { resourceName: 'Client', _type: 'auth0_client', _class: ['Application'] },
      ],
      relationships: [
        { _type: 'auth0_account_has_client', sourceType: 'auth0_account', _class: RelationshipClass.HAS, targetType: 'auth0_client' },
      ],
      executionHandler: fetchClients,
    },
    {
      id: 'fetch-users',
      name: 'Fetch Users',
      entities: [{ resourceName: 'User', _type: 'auth0_user', _class: ['User'] }],
      relationships: [
        { _type: 'auth0_account_has_user', sourceType: 'auth0_account', _class: RelationshipClass.HAS, targetType: 'auth0_user' },
      ],
      dependsOn: ['fetch-clients'],
      executionHandler: fetchUsers,
    },
  ],
};
`;
}

function runFixtureKeys(): { entities: string[]; relationships: string[] } {
  const account = 'auth0_account:fixture.us.auth0.com';
  const clients = range(RUN_CLIENTS).map((i) => `auth0_client:client-${i}`);
  const users = range(RUN_USERS_BEFORE_FAILURE).map((i) => `auth0|user-${i}`);
  const targets = [...clients, ...users];
  return {
    entities: [account, ...targets].sort(),
    // createDirectRelationship keys are `<from>|has|<to>`.
    relationships: targets.map((t) => `${account}|has|${t}`).sort(),
  };
}

// ---------------------------------------------------------------------------
// Process and file helpers

function cliFlags(): string[] {
  return [
    '--api-base-url',
    api.baseUrl,
    '--api-key',
    API_KEY,
    '--account',
    ACCOUNT,
    '--integrationInstanceId',
    INSTANCE_ID,
  ];
}

/** Async spawn: the fake API lives in this process and must keep serving. */
function runCli(
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...cleanEnv(), ...extraEnv },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The parent's JupiterOne settings must not leak into the CLI under test. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('JUPITERONE_') ||
      name === 'INTEGRATION_FILE_COMPRESSION_ENABLED' ||
      name === 'ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION'
    ) {
      delete env[name];
    }
  }
  return env;
}

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'j1-sync-contract-'));
  tempDirs.push(dir);
  return dir;
}

function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // collect writes pretty JSON (prettifyFiles: true).
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function hex(seed: string): string {
  return crypto.createHash('sha256').update(seed).digest('hex');
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
