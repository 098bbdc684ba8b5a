/**
 * The fault matrix: every fault the simulator can inject, alone and mixed
 * with background noise (5% 503s and 1% connection resets on every route),
 * for both users strategies, on a tenant past the 1,000-user search limit.
 * Each case must end with every user and client collected, or, when the
 * fault is permanent, with the failing step's error naming the endpoint,
 * the status and the number of attempts, and the other step complete.
 */
import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
} from '@jupiterone/integration-sdk-core';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { APIClientOptions, Auth0Execution } from '../src/client';
import { Steps } from '../src/steps/constants';
import { UsersStrategy } from '../src/types';
import { buildStepTestConfigForStep } from './config';
import { trustCertificate } from './recording';
import {
  FaultRule,
  generateTenant,
  RunningSimulator,
  startSimulator,
} from './simulator';

const TENANT = generateTenant({
  seed: 5,
  users: 1300,
  clients: 25,
  bulkImport: 0,
});
const USER_KEYS = TENANT.users.map((user) => user.user_id).sort();
const CLIENT_KEYS = TENANT.clients.map((client) => client.client_id).sort();

/** Small timings so that the matrix runs in seconds; the behaviour is the production one. */
const FAST: APIClientOptions = {
  timeoutMs: 500,
  baseBackoffMs: 50,
  exportPollMs: 20,
};

/** Background noise on every route: the API, the token endpoint and export downloads. */
const NOISE: FaultRule[] = [undefined, 'POST /oauth/token', 'GET /exports/:id']
  .map((route): FaultRule[] => [
    { route, kind: 'status', status: 503, probability: 0.05 },
    { route, kind: 'reset', probability: 0.01 },
  ])
  .flat();

interface FaultCase {
  name: string;
  rules: FaultRule[];
  /** how many faults the rules (noise aside) must have injected */
  injected: number;
  /** retries the client's transport must have made (the export download retries outside it) */
  retries?: number;
  /** concurrent requests may draw more than `injected` */
  atLeast?: boolean;
  /** Management API tokens the run must have used */
  tokens?: number;
  /** a permanent fault: this step fails with an error matching `error`; the other completes */
  fails?: {
    step: string;
    error: RegExp;
    type: typeof IntegrationProviderAPIError;
  };
  options?: APIClientOptions;
}

/** Give-up messages: endpoint, status, number of attempts. */
const gaveUp = (path: string, rest: string) =>
  new RegExp(`^Provider API failed at https://localhost:\\d+${path}: ${rest}`);

/**
 * The faults, aimed at the endpoint the strategy reads users from: search
 * pages (concurrent) for `paged`, the job poll (sequential) for `export`.
 */
function casesFor(strategy: UsersStrategy): FaultCase[] {
  const paged = strategy === 'paged';
  const route = paged ? 'GET /api/v2/users' : 'GET /api/v2/jobs/:id';
  // Past the first probes, so that the fault lands mid-run among concurrent pages.
  const after = paged ? 3 : 0;
  // Each 429 waits for the announced reset (whole seconds): the export path
  // has one request in flight, so its storm is shorter to keep the file fast.
  const storm = paged ? 20 : 5;
  return [
    {
      name: `429 storm (${storm} consecutive)`,
      rules: [{ route, kind: 'status', status: 429, after, times: storm }],
      injected: storm,
      retries: storm,
    },
    ...[500, 502, 503, 504].map((status): FaultCase => ({
      name: `${status} x3`,
      rules: [{ route, kind: 'status', status, times: 3 }],
      injected: 3,
      retries: 3,
    })),
    {
      name: 'connection resets x3',
      rules: [{ route, kind: 'reset', times: 3 }],
      injected: 3,
      retries: 3,
    },
    {
      name: 'hangs x2 (per-attempt timeout)',
      rules: [{ route, kind: 'hang', times: 2 }],
      injected: 2,
      retries: 2,
    },
    {
      name: 'truncated bodies x3',
      rules: [{ route, kind: 'truncate', times: 3 }],
      injected: 3,
      retries: 3,
    },
    {
      name: 'non-JSON bodies x3',
      rules: [{ route, kind: 'nonjson', times: 3 }],
      injected: 3,
      retries: 3,
    },
    ...(paged
      ? []
      : [
          {
            // The download goes to storage, not through the transport: the job gives a fresh link.
            name: 'export download reset',
            rules: [{ route: 'GET /exports/:id', kind: 'reset', times: 1 }],
            injected: 1,
          } satisfies FaultCase,
        ]),
    {
      name: 'token revoked mid-run',
      rules: [{ route, kind: 'revoke-token', after, times: 1 }],
      injected: 1,
      tokens: 2,
    },
    {
      name: 'token expired mid-run',
      rules: [{ route, kind: 'expire-token', after, times: 1 }],
      injected: 1,
      tokens: 2,
    },
    {
      name: 'token revoked repeatedly',
      rules: [{ route, kind: 'revoke-token', after }],
      injected: 2,
      atLeast: true,
      tokens: 2,
      fails: {
        step: Steps.USERS,
        type: IntegrationProviderAuthenticationError,
        error:
          /^Provider authentication failed at https:\/\/localhost:\d+\/api\/v2\/\S+: 401 Auth0 rejected the access token \(Invalid token\)$/,
      },
    },
    {
      name: 'permanent 503 on clients',
      rules: [{ route: 'GET /api/v2/clients', kind: 'status', status: 503 }],
      injected: 3,
      retries: 2,
      options: { maxAttempts: 3 },
      fails: {
        step: Steps.CLIENTS,
        type: IntegrationProviderAPIError,
        error: gaveUp(
          '/api/v2/clients',
          '503 Service Unavailable: Service Unavailable \\(after 3 attempts\\)$',
        ),
      },
    },
    {
      name: 'permanent resets on clients',
      rules: [{ route: 'GET /api/v2/clients', kind: 'reset' }],
      injected: 3,
      retries: 2,
      options: { maxAttempts: 3 },
      fails: {
        step: Steps.CLIENTS,
        type: IntegrationProviderAPIError,
        error: gaveUp(
          '/api/v2/clients',
          'ECONNRESET could not reach Auth0 at localhost:\\d+ after 3 attempts \\(.*socket hang up\\)',
        ),
      },
    },
    {
      name: 'permanent non-JSON bodies on clients',
      rules: [{ route: 'GET /api/v2/clients', kind: 'nonjson' }],
      injected: 3,
      retries: 2,
      options: { maxAttempts: 3 },
      fails: {
        step: Steps.CLIENTS,
        type: IntegrationProviderAPIError,
        error: gaveUp(
          '/api/v2/clients',
          '200 could not reach Auth0 at localhost:\\d+ after 3 attempts \\(200 with an incomplete or non-JSON body\\)',
        ),
      },
    },
  ];
}

interface StepOutcome {
  keys: string[];
  error?: Error;
}

/** Runs `stepId` (and its dependencies) as part of `execution`: one client for all the case's steps. */
async function runStep(
  stepId: string,
  execution: Auth0Execution,
): Promise<StepOutcome> {
  try {
    const { collectedEntities } = await executeStepWithDependencies(
      buildStepTestConfigForStep(stepId, execution.config, () => ({
        auth0: execution,
      })),
    );
    return { keys: collectedEntities.map((entity) => entity._key).sort() };
  } catch (error) {
    return { keys: [], error: error as Error };
  }
}

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    tenant: TENANT,
    rateLimit: null,
    // Done by the first poll: one GET /api/v2/jobs/:id per run.
    exportJobs: { processingMs: 15 },
  });
  trustCertificate(sim.caCertPem);
});

afterAll(async () => {
  await sim?.stop();
});

describe.each<UsersStrategy>(['paged', 'export'])(
  'users strategy %s',
  (strategy) => {
    describe.each([
      ['alone', false],
      ['with 5% 503s and 1% resets', true],
    ])('%s', (_label, noisy) => {
      test.each(casesFor(strategy))('$name', async (fault) => {
        const execution = new Auth0Execution(
          { ...sim.config, usersStrategy: strategy },
          { ...FAST, ...fault.options },
        );
        sim.setFaults(noisy ? [...fault.rules, ...NOISE] : fault.rules);
        sim.resetStats();

        // Clients first: a user-side token fault must not reach the clients step.
        const clients = await runStep(Steps.CLIENTS, execution);
        const users = await runStep(Steps.USERS, execution);

        const transport = execution.created!.stats;

        const outcomes = { [Steps.CLIENTS]: clients, [Steps.USERS]: users };
        const expected = {
          [Steps.CLIENTS]: CLIENT_KEYS,
          [Steps.USERS]: USER_KEYS,
        };
        for (const step of [Steps.CLIENTS, Steps.USERS]) {
          const outcome = outcomes[step];
          if (fault.fails?.step === step) {
            expect(outcome.error).toBeInstanceOf(fault.fails.type);
            expect(outcome.error?.message).toMatch(fault.fails.error);
          } else {
            expect(outcome.error).toBeUndefined();
            // The account entity rides along with each step's dependencies.
            expect(
              outcome.keys.filter((key) => !key.startsWith('auth0-account:')),
            ).toEqual(expected[step]);
          }
        }
        if (noisy || fault.atLeast) {
          expect(sim.stats.faults).toBeGreaterThanOrEqual(fault.injected);
        } else {
          expect(sim.stats.faults).toBe(fault.injected);
        }
        // The client saw each fault and retried it (the noise adds more).
        expect(transport.retries).toBeGreaterThanOrEqual(fault.retries ?? 0);
        if (fault.tokens !== undefined) {
          expect(sim.stats.tokensIssued).toBe(fault.tokens);
        }
      });
    });
  },
);
