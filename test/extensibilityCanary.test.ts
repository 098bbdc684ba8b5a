/**
 * Code and credentials stay in Auth0: a fresh canary is planted in every
 * action's code and deployed code (which every binding repeats), action
 * secret values and a private registry URL, every rule and hook script,
 * every hook secret, every log-stream sink credential (authorization
 * header, custom header values, the endpoint's query, Datadog, Splunk,
 * Segment, Sumo Logic and Mixpanel secrets) and the email provider's
 * credentials, served unredacted by an in-process simulator. None of it may
 * appear in what `j1-integration collect` writes or prints (entities with
 * `_rawData`, relationships, logs), in a run whose steps fail, nor in what
 * the steps keep in job data. Recordings are covered by canary.test.ts.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { makeProjectDir, runCollect } from '../scripts/collect';
import { listFiles, summarizeGraph } from '../scripts/graph';
import { Entities, Steps } from '../src/steps/constants';
import { buildStepTestConfigForStep } from './config';
import { expectedGraph } from './expectedGraph';
import { trustCertificate } from './recording';
import { generateTenant, RunningSimulator, startSimulator } from './simulator';

const CANARY = `CANARY-${randomUUID()}`;
const TENANT = generateTenant({
  seed: 29,
  users: 30,
  clients: 5,
  canary: CANARY,
  extensibility: { variant: 'legacy', extraActions: 4 },
});
const X = TENANT.extensibility!;

let sim: RunningSimulator;
let projectDir: string;

beforeAll(async () => {
  sim = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(sim.caCertPem);
});

afterAll(() => sim.stop());

beforeEach(() => {
  sim.setFaults([]);
  sim.resetStats();
  projectDir = makeProjectDir('auth0-ext-canary-');
});

afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

const has = (value: unknown) => JSON.stringify(value ?? '').includes(CANARY);

test('the tenant plants the canary in every code, script, secret and credential field', () => {
  for (const action of X.actions) {
    expect(has(action.code)).toBe(true);
    const deployed = action.deployed_version as { code?: string } | undefined;
    if (deployed) expect(has(deployed.code)).toBe(true);
  }
  expect(X.actions.some((a) => has(a.secrets))).toBe(true);
  expect(X.actions.some((a) => has(a.dependencies))).toBe(true);
  for (const item of [...X.rules!, ...X.hooks!])
    expect(has(item.script)).toBe(true);
  expect(X.hooks!.some((h) => Object.keys(h.secrets).length > 0)).toBe(true);
  for (const hook of X.hooks!) {
    for (const value of Object.values(hook.secrets))
      expect(has(value)).toBe(true);
  }
  const sinkField = (field: string) =>
    X.logStreams.some((s) => has((s.sink as Record<string, unknown>)[field]));
  for (const field of [
    'httpEndpoint',
    'httpAuthorization',
    'httpCustomHeaders',
    'datadogApiKey',
    'splunkToken',
    'segmentWriteKey',
    'sumoSourceAddress',
    'mixpanelServiceAccountPassword',
  ]) {
    expect({ field, planted: sinkField(field) }).toEqual({
      field,
      planted: true,
    });
  }
  expect(has(X.emailProvider!.credentials)).toBe(true);
});

test('a collect writes and logs no canary, and never reads hook secrets', async () => {
  const run = await runCollect(sim, { cwd: projectDir });
  expect(run.exitCode).toBe(0);
  const graph = summarizeGraph(path.join(projectDir, '.j1-integration'));
  const { entities } = expectedGraph(TENANT);
  // A complete collection: the scan covered every record.
  for (const type of [
    Entities.ACTION._type,
    Entities.RULE._type,
    Entities.HOOK._type,
    Entities.LOG_STREAM._type,
    Entities.EMAIL_PROVIDER._type,
  ]) {
    expect({ type, count: graph.entities[type] }).toEqual({
      type,
      count: entities[type],
    });
  }
  const leaking = listFiles(path.join(projectDir, '.j1-integration')).filter(
    (file) => fs.readFileSync(file, 'utf8').includes(CANARY),
  );
  expect(leaking).toEqual([]);
  expect(run.output).not.toContain(CANARY);
  expect(sim.stats.byRoute['GET /api/v2/hooks/:id/secrets']).toBeUndefined();
});

test('a run whose extensibility steps fail on cut-short and non-JSON answers logs and writes no canary', async () => {
  sim.setFaults([
    { route: 'GET /api/v2/actions/actions', kind: 'truncate' },
    { route: 'GET /api/v2/log-streams', kind: 'truncate' },
    { route: 'GET /api/v2/rules', kind: 'nonjson' },
  ]);
  const run = await runCollect(sim, { cwd: projectDir });
  expect(run.output).toMatch(/Step "Fetch Actions" failed/);
  expect(run.output).toMatch(/Step "Fetch Log Streams" failed/);
  expect(run.output).not.toContain(CANARY);
  const leaking = listFiles(path.join(projectDir, '.j1-integration')).filter(
    (file) => fs.readFileSync(file, 'utf8').includes(CANARY),
  );
  expect(leaking).toEqual([]);
});

test.each([
  Steps.ACTIONS,
  Steps.RULES,
  Steps.HOOKS,
  Steps.LOG_STREAMS,
  Steps.CUSTOM_DOMAINS,
  Steps.EMAIL_PROVIDER,
  Steps.EXTENSIBILITY_SUMMARY,
])(
  '%s: no canary in entities, raw data, relationships or job data',
  async (stepId) => {
    const result = await executeStepWithDependencies(
      buildStepTestConfigForStep(stepId, sim.config),
    );
    const collected = [
      ...result.collectedEntities,
      ...result.collectedRelationships,
    ];
    expect(collected.length).toBeGreaterThan(1);
    const output = JSON.stringify([collected, result.collectedData]);
    expect(output).not.toContain(CANARY);
    expect(output).not.toMatch(/exports\.|function \(|Bearer /);
  },
);
