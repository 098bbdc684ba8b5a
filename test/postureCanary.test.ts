/**
 * Connection option secrets (client secrets, Apple's private key, SAML
 * signing and decryption keys, Azure AD admin tokens, the Twilio token,
 * custom-database configuration) and signing-key private material never
 * leave: a fresh canary is planted in each, served unredacted by an
 * in-process simulator (no recording in between), and must appear nowhere in
 * what the account, connection and signing-key steps collect, raw data
 * included, nor in the job data they keep. `npm run demo` checks the same
 * for the files and log of a real collect of a posture tenant with a canary.
 */
import { randomUUID } from 'crypto';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { Steps } from '../src/steps/constants';
import { buildStepTestConfigForStep } from './config';
import { trustCertificate } from './recording';
import { generateTenant, RunningSimulator, startSimulator } from './simulator';

const CANARY = `CANARY-${randomUUID()}`;
const TENANT = generateTenant({
  seed: 31,
  users: 60,
  clients: 8,
  canary: CANARY,
  posture: {},
});

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ tenant: TENANT, rateLimit: null });
  trustCertificate(sim.caCertPem);
});

afterAll(() => sim?.stop());

test('the tenant plants the canary in every secret-bearing option and in signing-key private keys', () => {
  const options = TENANT.posture!.connections.map((c) => c.options);
  for (const field of [
    'client_secret',
    'app_secret',
    'admin_access_token',
    'admin_refresh_token',
    'decryptionKey',
    'signing_key',
    'twilio_token',
    'configuration',
  ]) {
    expect({
      field,
      planted: options.some((o) =>
        JSON.stringify(o[field] ?? '').includes(CANARY),
      ),
    }).toEqual({ field, planted: true });
  }
  for (const key of TENANT.posture!.signingKeys) {
    expect(key.private_key).toContain(CANARY);
  }
});

test.each([
  Steps.ACCOUNT,
  Steps.CONNECTIONS,
  Steps.CONNECTION_USERS,
  Steps.SIGNING_KEYS,
])(
  '%s: no secret in entities, raw data, relationships or job data',
  async (stepId) => {
    const result = await executeStepWithDependencies(
      buildStepTestConfigForStep(stepId, sim.config),
    );
    const collected = [
      ...result.collectedEntities,
      ...result.collectedRelationships,
    ];
    expect(collected.length).toBeGreaterThan(0);
    const output = JSON.stringify([collected, result.collectedData]);
    expect(output).not.toContain(CANARY);
    expect(output).not.toMatch(/PRIVATE KEY/);
  },
);
