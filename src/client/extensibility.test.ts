import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { trustCertificate } from '../../test/recording';
import {
  generateTenant,
  RunningSimulator,
  startSimulator,
} from '../../test/simulator';
import { ActionRecord } from '../api/extensibilityRecords';
import { APIClient } from '../client';

// 138 actions and 130 post-change-password bindings: three pages of 50 each.
const TENANT = generateTenant({
  seed: 11,
  users: 5,
  clients: 3,
  extensibility: { variant: 'modern', extraActions: 130, shortPages: true },
});
const X = TENANT.extensibility!;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(sim.caCertPem);
});

afterAll(() => sim?.stop());

function client(): APIClient {
  return new APIClient(sim.config, createMockIntegrationLogger());
}

test('actions: every one exactly once although each page but the last first comes back short', async () => {
  sim.resetStats();
  const actions: ActionRecord[] = [];
  await client().extensibility.iterateActions(async (a) => {
    actions.push(a);
  });
  expect(actions.map((a) => a.id)).toEqual(X.actions.map((a) => a.id));
  // pages 0 and 1 re-read, page 2 (short, no total to tell) re-read, then an empty page 3
  expect(sim.stats.byRoute['GET /api/v2/actions/actions']).toBe(7);
  expect(actions[0]).not.toHaveProperty('code');
  expect(actions[0].code_sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('bindings: in execution order across pages and short reads', async () => {
  const bindings = await client().extensibility.listTriggerBindings(
    'post-change-password',
  );
  expect(bindings?.map((b) => b.id)).toEqual(
    X.bindings['post-change-password'].map((b) => b.id),
  );
  expect(bindings?.[0].action).toEqual({
    id: X.bindings['post-change-password'][0].actionId,
    name: X.bindings['post-change-password'][0].display_name,
  });
});

test('bindings of a trigger the plan refuses: undefined, not an error', async () => {
  await expect(
    client().extensibility.listTriggerBindings('custom-phone-provider'),
  ).resolves.toBeUndefined();
});

test('triggers: one per id, the current version', async () => {
  const triggers = await client().extensibility.listActionTriggers();
  const ids = triggers.map((t) => t.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(triggers.find((t) => t.id === 'post-login')?.version).toBe('v3');
});

test('rules refused as feature_not_enabled: refused, nothing emitted', async () => {
  const emitted: unknown[] = [];
  await expect(
    client().extensibility.iterateRules(async (r) => {
      emitted.push(r);
    }),
  ).resolves.toBe('refused');
  expect(emitted).toEqual([]);
});
