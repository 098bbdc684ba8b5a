/**
 * Missing scopes degrade, they do not fail the run: with any one optional
 * scope withheld, the whole integration runs (the SDK's own step scheduler,
 * in process, against the simulator), account, clients and users are
 * complete, only the types that depended on the scope are reported partial
 * (so JupiterOne keeps their previous data), and a MissingPermission warning
 * names the scope. Also: the ingestion sources switch the optional groups off.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  IntegrationInstance,
  PublishEventInput,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import { executeIntegrationInstance } from '@jupiterone/integration-sdk-runtime';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { listJsonFiles } from '../scripts/graph';
import { invocationConfig } from '../src';
import {
  Entities,
  IngestionSources,
  Relationships,
} from '../src/steps/constants';
import { IntegrationConfig } from '../src/types';
import { expectedGraph } from './expectedGraph';
import { trustCertificate } from './recording';
import {
  DEFAULT_SCOPES,
  generateTenant,
  identityTruth,
  RunningSimulator,
  startSimulator,
} from './simulator';

const TENANT = generateTenant({
  seed: 17,
  users: 160,
  clients: 12,
  identity: { roles: 5, organizations: 3, bigRoleMembers: 120 },
});
const TRUTH = identityTruth(TENANT);

/** What a complete collection of TENANT holds, by _type. */
const { entities, relationships } = expectedGraph(TENANT);
const COMPLETE: Record<string, number> = { ...entities, ...relationships };

const CORE_TYPES = [
  Entities.ACCOUNT._type,
  Entities.CLIENT._type,
  Entities.USER._type,
  Relationships.ACCOUNT_HAS_CLIENT._type,
  Relationships.ACCOUNT_HAS_USER._type,
];

interface Run {
  counts: Record<string, number>;
  partial: string[];
  failedSteps: string[];
  warnings: PublishEventInput[];
  memberRelationships: Array<Record<string, unknown>>;
}

let simulator: RunningSimulator;
let storageDir: string;

beforeAll(async () => {
  simulator = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(simulator.caCertPem);
  // The runtime clears its storage directory first: keep it off the project's.
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-scopes-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
});

afterAll(async () => {
  await simulator?.stop();
  delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

async function run(
  scopes: string[],
  disabledSources: string[] = [],
): Promise<Run> {
  simulator.setScopes(scopes);
  const logger = createMockIntegrationLogger();
  const warnings: PublishEventInput[] = [];
  logger.on('event', (event: PublishEventInput & { level?: string }) => {
    if (event.level === 'warn') warnings.push(event);
  });
  const instance: IntegrationInstance<IntegrationConfig> = {
    id: 'scopes-test',
    accountId: 'test-account',
    name: 'scopes test',
    integrationDefinitionId: 'auth0',
    config: simulator.config,
    disabledSources: disabledSources.map((ingestionSourceId) => ({
      ingestionSourceId,
    })),
  };
  const result = await executeIntegrationInstance(
    logger,
    instance,
    invocationConfig,
    { current: { startedOn: Date.now() } },
  );
  // What the run wrote, as `j1-integration collect` writes it.
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
    memberRelationships: objects.filter(
      (r) => r._type === Relationships.ORGANIZATION_HAS_USER._type,
    ),
  };
}

function without(scope: string): string[] {
  return DEFAULT_SCOPES.filter((s) => s !== scope);
}

test('with every scope, every type is complete and nothing is partial', async () => {
  const result = await run(DEFAULT_SCOPES);
  expect(result.counts).toEqual(COMPLETE);
  expect(result.partial).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(TRUTH.managementWriteGrants).toBe(1);
});

test.each([
  [
    'read:roles',
    ['fetch-roles'],
    [
      Entities.ROLE._type,
      Relationships.ACCOUNT_HAS_ROLE._type,
      Relationships.USER_ASSIGNED_ROLE._type,
      Relationships.ROLE_PROTECTS_SERVER._type,
    ],
  ],
  [
    'read:resource_servers',
    ['fetch-resource-servers'],
    [
      Entities.SERVER._type,
      Relationships.ACCOUNT_HAS_SERVER._type,
      Relationships.ROLE_PROTECTS_SERVER._type,
      Relationships.CLIENT_USES_SERVER._type,
    ],
  ],
  [
    'read:client_grants',
    ['fetch-client-grants'],
    [Relationships.CLIENT_USES_SERVER._type],
  ],
  [
    'read:organizations',
    ['fetch-organizations'],
    [
      Entities.ORGANIZATION._type,
      Relationships.ACCOUNT_HAS_ORGANIZATION._type,
      Relationships.ORGANIZATION_HAS_USER._type,
    ],
  ],
  [
    'read:organization_members',
    // The members are read beside the users step; linking them is then partial.
    ['fetch-organization-members'],
    [Relationships.ORGANIZATION_HAS_USER._type],
  ],
])(
  'without %s, only the dependent types are partial',
  async (scope, failedSteps, partialTypes) => {
    const result = await run(without(scope));
    expect(result.failedSteps).toEqual(failedSteps);
    expect(result.partial).toEqual([...partialTypes].sort());
    // Everything not partial is complete, the core types always.
    for (const [type, count] of Object.entries(COMPLETE)) {
      if (partialTypes.includes(type)) continue;
      expect({ type, count: result.counts[type] ?? 0 }).toEqual({
        type,
        count,
      });
    }
    for (const type of CORE_TYPES) {
      expect(result.partial).not.toContain(type);
    }
    expect(result.warnings).toEqual([
      expect.objectContaining({
        name: 'warn_missing_permission',
        description: expect.stringContaining(`scope ${scope} `),
      }),
    ]);
  },
);

test('without read:organization_member_roles, members are complete, without roles, and nothing is partial', async () => {
  const result = await run(without('read:organization_member_roles'));
  expect(result.partial).toEqual([]);
  expect(result.counts).toEqual(COMPLETE);
  expect(result.memberRelationships).toHaveLength(
    TRUTH.organizationMemberships,
  );
  expect(result.memberRelationships.some((r) => 'roles' in r)).toBe(false);
  expect(result.warnings).toEqual([
    expect.objectContaining({
      name: 'warn_missing_permission',
      description: expect.stringContaining(
        'collected without their organization roles',
      ),
    }),
  ]);
  // With the scope, the roles are there.
  const withRoles = await run(DEFAULT_SCOPES);
  expect(
    withRoles.memberRelationships.filter((r) => (r.roleCount as number) > 0),
  ).toHaveLength(TRUTH.membershipsWithRoles);
});

test('switching the optional ingestion sources off runs only the core steps and the APIs', async () => {
  simulator.resetStats();
  const result = await run(DEFAULT_SCOPES, [
    IngestionSources.ROLES,
    IngestionSources.CLIENT_GRANTS,
    IngestionSources.ORGANIZATIONS,
    IngestionSources.ACTIONS,
    IngestionSources.LEGACY_EXTENSIBILITY,
    IngestionSources.LOG_STREAMS,
    IngestionSources.CUSTOM_DOMAINS,
    IngestionSources.EMAIL_PROVIDER,
  ]);
  expect(result.partial).toEqual([]);
  expect(Object.keys(result.counts).sort()).toEqual(
    [
      ...CORE_TYPES,
      Entities.SERVER._type,
      Relationships.ACCOUNT_HAS_SERVER._type,
    ].sort(),
  );
  const routes = Object.keys(simulator.stats.byRoute);
  expect(
    routes.filter((r) =>
      /roles|grants|organizations|actions|rules|hooks|log-streams|custom-domains|emails/.test(
        r,
      ),
    ),
  ).toEqual([]);
});
