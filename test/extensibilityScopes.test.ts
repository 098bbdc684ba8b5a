/**
 * The extensibility scopes degrade, they do not fail the run: with any one
 * of read:actions, read:rules, read:hooks, read:log_streams,
 * read:custom_domains or read:email_provider withheld, the whole integration
 * runs (the SDK's own scheduler, in process, against the simulator), only
 * the types that depended on the scope are partial, and a MissingPermission
 * warning names it. A tenant that refuses Rules and Hooks (403 deprecated,
 * 403 feature_not_enabled, 404, 501) is complete with none of them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Entity,
  IntegrationInstance,
  PublishEventInput,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import { executeIntegrationInstance } from '@jupiterone/integration-sdk-runtime';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { listJsonFiles } from '../scripts/graph';
import { invocationConfig } from '../src';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { IntegrationConfig } from '../src/types';
import { expectedGraph } from './expectedGraph';
import { trustCertificate } from './recording';
import {
  DEFAULT_SCOPES,
  generateTenant,
  LegacyRefusal,
  RunningSimulator,
  SimulatedTenant,
  startSimulator,
} from './simulator';

const OLD_TENANT = generateTenant({
  seed: 19,
  users: 40,
  clients: 6,
  extensibility: { variant: 'legacy' },
});
const NEW_TENANT = generateTenant({
  seed: 21,
  users: 20,
  clients: 4,
  extensibility: { variant: 'modern' },
});

interface Run {
  counts: Record<string, number>;
  partial: string[];
  failedSteps: string[];
  warnings: PublishEventInput[];
  summary?: Entity;
}

let storageDir: string;
const simulators: RunningSimulator[] = [];

beforeAll(() => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-ext-scopes-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
});

afterAll(async () => {
  for (const simulator of simulators) await simulator.stop();
  delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

const started = new Map<SimulatedTenant, RunningSimulator>();

async function simulatorFor(
  tenant: SimulatedTenant,
): Promise<RunningSimulator> {
  let simulator = started.get(tenant);
  if (!simulator) {
    simulator = await startSimulator({ tenant, rateLimit: null });
    trustCertificate(simulator.caCertPem);
    started.set(tenant, simulator);
    simulators.push(simulator);
  }
  return simulator;
}

async function run(tenant: SimulatedTenant, scopes: string[]): Promise<Run> {
  const simulator = await simulatorFor(tenant);
  simulator.setScopes(scopes);
  const logger = createMockIntegrationLogger();
  const warnings: PublishEventInput[] = [];
  logger.on('event', (event: PublishEventInput & { level?: string }) => {
    if (event.level === 'warn') warnings.push(event);
  });
  const instance: IntegrationInstance<IntegrationConfig> = {
    id: 'extensibility-scopes-test',
    accountId: 'test-account',
    name: 'extensibility scopes test',
    integrationDefinitionId: 'auth0',
    config: simulator.config,
  };
  const result = await executeIntegrationInstance(
    logger,
    instance,
    invocationConfig,
    { current: { startedOn: Date.now() } },
  );
  const objects: Array<Record<string, unknown> & { _type: string }> = [];
  for (const file of listJsonFiles(path.join(storageDir, 'graph'))) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    objects.push(...(data.entities ?? []), ...(data.relationships ?? []));
  }
  const counts: Record<string, number> = {};
  for (const object of objects) {
    counts[object._type] = (counts[object._type] ?? 0) + 1;
  }
  return {
    counts,
    partial: [...result.metadata.partialDatasets.types].sort(),
    failedSteps: result.integrationStepResults
      .filter((step) => step.status === StepResultStatus.FAILURE)
      .map((step) => step.id),
    warnings,
    summary: objects.find(
      (o) => o._type === Entities.EXTENSIBILITY_SUMMARY._type,
    ) as Entity | undefined,
  };
}

function complete(tenant: SimulatedTenant): Record<string, number> {
  const { entities, relationships } = expectedGraph(tenant);
  // A tenant without identity data has no roles, APIs or organizations at all.
  return Object.fromEntries(
    Object.entries({ ...entities, ...relationships }).filter(
      ([, count]) => count > 0,
    ),
  );
}

const SUMMARY_TYPES = [
  Entities.EXTENSIBILITY_SUMMARY._type,
  Relationships.ACCOUNT_HAS_EXTENSIBILITY_SUMMARY._type,
];

test('with every scope, an old tenant is collected in full, nothing partial, no warning', async () => {
  const result = await run(OLD_TENANT, DEFAULT_SCOPES);
  expect(result.counts).toEqual(complete(OLD_TENANT));
  expect(result.partial).toEqual([]);
  expect(result.failedSteps).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(result.summary).toMatchObject({
    legacyExtensibilityInUse: true,
    hasActiveLogStream: true,
    hasPausedOrSuspendedLogStream: true,
  });
});

test.each([
  [
    'read:actions',
    [Steps.ACTIONS],
    [
      Entities.ACTION._type,
      Entities.ACTION_TRIGGER._type,
      Entities.NPM_PACKAGE._type,
      Relationships.ACCOUNT_HAS_ACTION._type,
      Relationships.ACTION_TRIGGER_TRIGGERS_ACTION._type,
      Relationships.ACTION_USES_NPM_PACKAGE._type,
    ],
  ],
  [
    'read:rules',
    [Steps.RULES],
    [
      Entities.RULE._type,
      Relationships.ACCOUNT_HAS_RULE._type,
      ...SUMMARY_TYPES,
    ],
  ],
  [
    'read:hooks',
    [Steps.HOOKS],
    [
      Entities.HOOK._type,
      Relationships.ACCOUNT_HAS_HOOK._type,
      ...SUMMARY_TYPES,
    ],
  ],
  [
    'read:log_streams',
    [Steps.LOG_STREAMS],
    [
      Entities.LOG_STREAM._type,
      Relationships.ACCOUNT_HAS_LOG_STREAM._type,
      ...SUMMARY_TYPES,
    ],
  ],
  [
    'read:custom_domains',
    [Steps.CUSTOM_DOMAINS],
    [
      Entities.CUSTOM_DOMAIN._type,
      Relationships.ACCOUNT_HAS_CUSTOM_DOMAIN._type,
    ],
  ],
  [
    'read:email_provider',
    [Steps.EMAIL_PROVIDER],
    [
      Entities.EMAIL_PROVIDER._type,
      Relationships.ACCOUNT_USES_EMAIL_PROVIDER._type,
    ],
  ],
])(
  'without %s, only the dependent types are partial',
  async (scope, failedSteps, partialTypes) => {
    const result = await run(
      OLD_TENANT,
      DEFAULT_SCOPES.filter((s) => s !== scope),
    );
    expect(result.failedSteps).toEqual(failedSteps);
    expect(result.partial).toEqual([...partialTypes].sort());
    for (const [type, count] of Object.entries(complete(OLD_TENANT))) {
      if (partialTypes.includes(type)) continue;
      expect({ type, count: result.counts[type] ?? 0 }).toEqual({
        type,
        count,
      });
    }
    expect(result.warnings).toEqual([
      expect.objectContaining({
        name: 'warn_missing_permission',
        description: expect.stringContaining(`scope ${scope} `),
      }),
    ]);
  },
);

test('without read:rules the summary still says legacy code is in use (an enabled hook), and leaves the rule counts unset', async () => {
  const result = await run(
    OLD_TENANT,
    DEFAULT_SCOPES.filter((s) => s !== 'read:rules'),
  );
  expect(result.summary).toMatchObject({
    legacyExtensibilityInUse: true,
    enabledHookCount: 1,
  });
  expect(result.summary).not.toHaveProperty('enabledRuleCount');
});

test.each<[LegacyRefusal]>([
  ['deprecated'],
  ['feature_not_enabled'],
  [404],
  [501],
])(
  'a tenant refusing Rules and Hooks (%s) is complete, with none of them and nothing partial',
  async (refusal) => {
    NEW_TENANT.extensibility!.legacyRefusal = refusal;
    const simulator = await simulatorFor(NEW_TENANT);
    simulator.resetStats();
    const result = await run(NEW_TENANT, DEFAULT_SCOPES);
    expect(result.counts).toEqual(complete(NEW_TENANT));
    expect(result.counts[Entities.RULE._type]).toBeUndefined();
    expect(result.partial).toEqual([]);
    expect(result.failedSteps).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.summary).toMatchObject({
      rulesAvailable: false,
      hooksAvailable: false,
      legacyExtensibilityInUse: false,
    });
    // Refusals are final: one request each, no retry.
    expect(simulator.stats.byRoute['GET /api/v2/rules']).toBe(1);
    expect(simulator.stats.byRoute['GET /api/v2/hooks']).toBe(1);
  },
);
