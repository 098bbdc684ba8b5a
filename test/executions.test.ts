/**
 * One execution, one client: two executions of the whole integration in one
 * process (as the managed runtime may run them), each with its own logger,
 * its own grant and a token revoked once. Nothing of the first (token,
 * logger, token already refreshed, scopes found missing, "member roles not
 * readable") may reach the second.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  IntegrationInstance,
  IntegrationLogger,
  PublishEventInput,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import { executeIntegrationInstance } from '@jupiterone/integration-sdk-runtime';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { listJsonFiles } from '../scripts/graph';
import { invocationConfig } from '../src';
import { Relationships, Steps } from '../src/steps/constants';
import { IntegrationConfig } from '../src/types';
import { trustCertificate } from './recording';
import {
  DEFAULT_SCOPES,
  generateTenant,
  identityTruth,
  RunningSimulator,
  startSimulator,
} from './simulator';

const TENANT = generateTenant({
  seed: 23,
  users: 60,
  clients: 4,
  identity: { roles: 3, organizations: 3 },
});
const TRUTH = identityTruth(TENANT);

const MEMBER_ROLES = 'read:organization_member_roles';
const CLIENT_GRANTS = 'read:client_grants';

/** Every warning given to a logger or to one of its children: events and log lines. */
interface WatchedLogger {
  logger: ReturnType<typeof createMockIntegrationLogger>;
  events: PublishEventInput[];
  lines: string[];
}

function watchedLogger(): WatchedLogger {
  const watched: WatchedLogger = {
    logger: createMockIntegrationLogger(),
    events: [],
    lines: [],
  };
  // Children's events reach their parent; their log lines do not.
  watched.logger.on('event', (event: PublishEventInput) => {
    if (event.level === 'warn') watched.events.push(event);
  });
  const watch = (logger: IntegrationLogger): IntegrationLogger => {
    const warn = logger.warn.bind(logger);
    logger.warn = ((...args: unknown[]) => {
      watched.lines.push(
        args.filter((arg) => typeof arg === 'string').join(' '),
      );
      return (warn as (...a: unknown[]) => boolean)(...args);
    }) as IntegrationLogger['warn'];
    const child = logger.child.bind(logger);
    logger.child = ((...args: Parameters<IntegrationLogger['child']>) =>
      watch(child(...args))) as IntegrationLogger['child'];
    return logger;
  };
  watch(watched.logger);
  return watched;
}

interface Execution {
  watched: WatchedLogger;
  tokensIssued: number;
  partial: string[];
  failedSteps: string[];
  memberRelationships: Array<Record<string, unknown>>;
}

let simulator: RunningSimulator;
let storageDir: string;

beforeAll(async () => {
  simulator = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(simulator.caCertPem);
  // The runtime clears its storage directory first: keep it off the project's.
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-executions-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
});

afterAll(async () => {
  await simulator?.stop();
  delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

/** One execution, as the runtime runs it: loadExecutionConfig, validateInvocation, the steps. */
async function execute(scopes: string[]): Promise<Execution> {
  simulator.setScopes(scopes);
  // Each execution's first users request finds its token revoked: one refresh each.
  simulator.setFaults([
    { route: 'GET /api/v2/users', kind: 'revoke-token', times: 1 },
  ]);
  simulator.resetStats();
  const watched = watchedLogger();
  const instance: IntegrationInstance<IntegrationConfig> = {
    id: 'executions-test',
    accountId: 'test-account',
    name: 'executions test',
    integrationDefinitionId: 'auth0',
    config: simulator.config,
  };
  const result = await executeIntegrationInstance(
    watched.logger,
    instance,
    invocationConfig,
    { current: { startedOn: Date.now() } },
  );
  const relationships: Array<Record<string, unknown>> = [];
  for (const file of listJsonFiles(path.join(storageDir, 'graph'))) {
    relationships.push(
      ...(JSON.parse(fs.readFileSync(file, 'utf8')).relationships ?? []),
    );
  }
  return {
    watched,
    tokensIssued: simulator.stats.tokensIssued,
    partial: [...result.metadata.partialDatasets.types].sort(),
    failedSteps: result.integrationStepResults
      .filter((step) => step.status === StepResultStatus.FAILURE)
      .map((step) => step.id),
    memberRelationships: relationships.filter(
      (r) => r._type === Relationships.ORGANIZATION_HAS_USER._type,
    ),
  };
}

test('a second execution in the same process gets its own client, token, logger and warnings', async () => {
  expect(TRUTH.membershipsWithRoles).toBeGreaterThan(0);

  // First: no member roles. Second: member roles granted since, client grants withdrawn.
  const first = await execute(DEFAULT_SCOPES.filter((s) => s !== MEMBER_ROLES));
  const firstEvents = [...first.watched.events];
  const firstLines = [...first.watched.lines];
  const second = await execute(
    DEFAULT_SCOPES.filter((s) => s !== CLIENT_GRANTS),
  );

  // Each execution got its own token, and its own one refresh when it was revoked.
  expect(first.tokensIssued).toBe(2);
  expect(second.tokensIssued).toBe(2);
  for (const { watched } of [first, second]) {
    expect(
      watched.lines.filter((line) =>
        line.startsWith('Auth0 rejected the access token'),
      ),
    ).toHaveLength(1);
  }
  expect(first.failedSteps).toEqual([]);
  expect(second.failedSteps).toEqual([Steps.CLIENT_GRANTS]);

  // The first: members without roles, one warning saying so, on its logger.
  expect(first.memberRelationships).toHaveLength(TRUTH.organizationMemberships);
  expect(first.memberRelationships.some((r) => 'roles' in r)).toBe(false);
  expect(first.partial).toEqual([]);
  expect(firstEvents).toEqual([
    expect.objectContaining({
      name: 'warn_missing_permission',
      description: expect.stringContaining(
        `scope ${MEMBER_ROLES}: organization members are collected without their organization roles`,
      ),
    }),
  ]);

  // The second: the roles granted since are read again.
  expect(second.memberRelationships).toHaveLength(
    TRUTH.organizationMemberships,
  );
  expect(
    second.memberRelationships.filter((r) => (r.roleCount as number) > 0),
  ).toHaveLength(TRUTH.membershipsWithRoles);
  expect(
    second.memberRelationships.every((r) => typeof r.roleCount === 'number'),
  ).toBe(true);
  // Its own missing scope is found with its own token, and told on its own logger.
  expect(second.partial).toEqual([Relationships.CLIENT_USES_SERVER._type]);
  expect(second.watched.events).toEqual([
    expect.objectContaining({
      name: 'warn_missing_permission',
      description: expect.stringContaining(`scope ${CLIENT_GRANTS} `),
    }),
  ]);
  expect(second.watched.lines).toContainEqual(
    expect.stringContaining(
      `Missing Auth0 Management API scope ${CLIENT_GRANTS}`,
    ),
  );
  expect(second.watched.lines.join('\n')).not.toContain(MEMBER_ROLES);

  // Nothing of the second execution reached the first's logger.
  expect(first.watched.events).toEqual(firstEvents);
  expect(first.watched.lines).toEqual(firstLines);
  expect(firstLines.join('\n')).not.toContain(CLIENT_GRANTS);
});
