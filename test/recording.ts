import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import * as tls from 'tls';
import {
  executeStepWithDependencies,
  Recording,
  setupRecording,
  SetupRecordingInput,
} from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../src/types';
import {
  generateTenant,
  RunningSimulator,
  startSimulator,
  TenantSpec,
} from './simulator';
import { buildStepTestConfigForStep, recordedConfig } from './config';

export type { Recording };

/** Keys whose values never belong in a recording, at any depth. */
const SECRET_KEYS = new Set([
  'client_secret',
  'access_token',
  'access_token_secret',
  'refresh_token',
  'id_token',
  'signing_secret',
  'secret',
  'password',
  'private_key',
  'signing_keys',
  'encryption_key',
  'jwt_configuration',
  'addons',
  'client_metadata',
  'user_metadata',
  'app_metadata',
  // an organization's free-form metadata
  'metadata',
  'mobile',
  'native_social_login',
  // connection options: identity-provider secrets, private keys, tokens, custom-database settings
  'app_secret',
  'admin_access_token',
  'admin_refresh_token',
  'decryptionKey',
  'signing_key',
  'twilio_token',
  'configuration',
  // action, rule and hook code (it embeds API keys in practice) and the email provider's credentials
  'code',
  'script',
  'credentials',
]);

/**
 * Kept by allow-list rather than by name: a log stream's `sink` (its other
 * fields are credentials: authorization headers, API keys, tokens, collector
 * URLs), action `secrets` entries (names only) and URLs whose path, query or
 * user part can carry a key (`httpEndpoint`, an npm `registry_url`).
 */
const SINK_FIELDS = new Set([
  'httpContentFormat',
  'httpContentType',
  'datadogRegion',
  'splunkDomain',
  'splunkPort',
  'splunkSecure',
  'awsAccountId',
  'awsRegion',
  'azureSubscriptionId',
  'azureRegion',
  'mixpanelRegion',
]);
const SECRET_ENTRY_FIELDS = new Set(['name', 'updated_at']);
const HOST_ONLY_KEYS = new Set(['httpEndpoint', 'registry_url']);

function hostOnly(value: unknown): string {
  try {
    return `https://${new URL(String(value)).hostname}/`;
  } catch {
    return REDACTED;
  }
}

function keepFields(value: unknown, fields: Set<string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return REDACTED;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      fields.has(key)
        ? inner
        : HOST_ONLY_KEYS.has(key)
          ? hostOnly(inner)
          : REDACTED,
    ]),
  );
}

const REDACTED = '[REDACTED]';

/** Redacts secret-bearing values; a client's refresh_token *settings* object is kept. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'sink') {
      result[key] = keepFields(inner, SINK_FIELDS);
      continue;
    }
    if (key === 'secrets' && Array.isArray(inner)) {
      result[key] = inner.map((entry) =>
        keepFields(entry, SECRET_ENTRY_FIELDS),
      );
      continue;
    }
    if (HOST_ONLY_KEYS.has(key)) {
      result[key] = hostOnly(inner);
      continue;
    }
    const settingsObject =
      key === 'refresh_token' &&
      typeof inner === 'object' &&
      inner !== null &&
      'rotation_type' in inner;
    result[key] =
      SECRET_KEYS.has(key) && !settingsObject ? REDACTED : redactSecrets(inner);
  }
  return result;
}

type Entry = Parameters<NonNullable<SetupRecordingInput['mutateEntry']>>[0];

function redactEntry(entry: Entry): void {
  if (entry.request.url.includes('/oauth/token')) {
    // The request carries our client secret, the response our access token.
    if (entry.request.postData) entry.request.postData.text = REDACTED;
    entry.response.content.text = JSON.stringify(
      redactSecrets(safeJson(entry.response.content.text) ?? {}),
    );
    return;
  }
  const text = entry.response.content.text;
  const json = safeJson(text);
  if (json !== undefined)
    entry.response.content.text = JSON.stringify(redactSecrets(json));
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface Auth0Recording {
  recording: Recording;
  config: IntegrationConfig;
  simulator?: RunningSimulator;
  stop(): Promise<void>;
}

/** Planted in every secret-bearing field of recorded tenants; must never reach a recording. */
export const RECORDING_CANARY = 'CANARY-7f3a9c1e-never-leaves';

export const RECORDING_TENANT: TenantSpec = {
  seed: 7,
  users: 240,
  clients: 12,
  canary: RECORDING_CANARY,
  // The largest role holds more members than one page of 100.
  identity: { bigRoleMembers: 150 },
  posture: {},
};

/** Recorded tests run at a fixed time so that created_at windows replay identically. */
export const RECORDING_NOW = Date.parse('2026-11-01T00:00:00.000Z');

/**
 * Polly recording for Auth0 calls. When the recording is missing (or
 * LOAD_ENV=1 points at a real tenant), the calls go out: to the tenant in
 * `.env`, or else to a simulator started here, and are written redacted.
 * Otherwise every call, the token included, replays with no network.
 */
export async function setupAuth0Recording(input: {
  directory: string;
  name: string;
  tenant?: TenantSpec;
}): Promise<Auth0Recording> {
  jest.spyOn(Date, 'now').mockReturnValue(RECORDING_NOW);
  let config = recordedConfig;
  let simulator: RunningSimulator | undefined;
  if (!process.env.LOAD_ENV && !recordingExists(input.directory, input.name)) {
    simulator = await startSimulator({
      tenant: generateTenant(input.tenant ?? RECORDING_TENANT),
      rateLimit: null,
    });
    trustCertificate(simulator.caCertPem);
    config = simulator.config;
  }
  const recording = setupRecording({
    directory: input.directory,
    name: input.name,
    mutateEntry: redactEntry,
    options: {
      // LOAD_ENV=1 (npm run test:env) re-records against the tenant in .env.
      mode: process.env.LOAD_ENV ? 'record' : 'replay',
      recordFailedRequests: true,
      matchRequestsBy: {
        headers: false,
        body: false,
        order: false,
        url: { port: false },
      },
    },
  });
  let stopped = false;
  const auth0Recording: Auth0Recording = {
    recording,
    config,
    simulator,
    async stop() {
      if (stopped) return;
      stopped = true;
      await recording.stop();
      await simulator?.stop();
      jest.restoreAllMocks();
    },
  };
  active.push(auth0Recording);
  return auth0Recording;
}

const active: Auth0Recording[] = [];

/** Stops every recording a test started: `afterEach(stopRecordings)`. */
export async function stopRecordings(): Promise<void> {
  for (const recording of active.splice(0)) await recording.stop();
}

/**
 * Runs `step` and the steps it depends on against the recording `name` in
 * `directory` (recorded from the simulator when it is missing).
 */
export async function executeRecordedStep(input: {
  directory: string;
  name: string;
  step: string;
  tenant?: TenantSpec;
  /** instance config fields to set on top of the recorded tenant's */
  config?: Partial<IntegrationConfig>;
}) {
  const recording = await setupAuth0Recording(input);
  const stepConfig = buildStepTestConfigForStep(input.step, {
    ...recording.config,
    ...input.config,
  });
  const result = await executeStepWithDependencies(stepConfig);
  return { recording, stepConfig, result };
}

function recordingExists(directory: string, name: string): boolean {
  const dir = path.join(directory, '__recordings__');
  if (!fs.existsSync(dir)) return false;
  return fs
    .readdirSync(dir)
    .some(
      (entry) =>
        entry.startsWith(`${name}_`) &&
        fs.existsSync(path.join(dir, entry, 'recording.har')),
    );
}

/** Lets in-process requests (on Node's https) trust the simulator. */
export function trustCertificate(pem: string): void {
  https.globalAgent.options.ca = [...tls.rootCertificates, pem];
}
