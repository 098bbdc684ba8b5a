/**
 * Secrets never leave Auth0: a unique canary is planted in every
 * secret-bearing field the simulator serves (client secrets, the
 * integration's own client secret, signing and encryption keys, JWT
 * secrets, add-on credentials, metadata, identity-provider tokens), and must
 * appear nowhere the integration writes: files under `.j1-integration/`
 * (entities with their `_rawData`, relationships, summary), the collect
 * output (the SDK logger included) and error messages. Committed
 * recordings must hold neither the recordings' canary nor a client secret.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { makeProjectDir, PROJECT_ROOT, runCollect } from '../scripts/collect';
import { listFiles, summarizeGraph } from '../scripts/graph';
import { APIClient } from '../src/client';
import { Entities } from '../src/steps/constants';
import { RECORDING_CANARY, trustCertificate } from './recording';
import { generateTenant, RunningSimulator, startSimulator } from './simulator';

const CANARY = `CANARY-${randomUUID()}`;
const TENANT = generateTenant({
  seed: 23,
  users: 1100,
  clients: 16,
  canary: CANARY,
});

let sim: RunningSimulator;
let projectDir: string;

beforeAll(async () => {
  sim = await startSimulator({
    tenant: TENANT,
    rateLimit: null,
    exportJobs: { processingMs: 50 },
  });
  trustCertificate(sim.caCertPem);
});

afterAll(() => sim.stop());

beforeEach(() => {
  sim.setFaults([]);
  sim.setScopes(TENANT.m2m.scopes);
  projectDir = makeProjectDir('auth0-canary-');
});

afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

/** Every file under `.j1-integration/` that contains the canary. */
function filesWithCanary(): string[] {
  return listFiles(path.join(projectDir, '.j1-integration')).filter((file) =>
    fs.readFileSync(file, 'utf8').includes(CANARY),
  );
}

/** Keys, at any depth, whose value holds the canary somewhere inside. */
function fieldsHoldingCanary(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return value.includes(CANARY) ? [key] : [];
  if (typeof value !== 'object' || value === null) return [];
  const inner = Object.entries(value).flatMap(([name, child]) =>
    fieldsHoldingCanary(child, Array.isArray(value) ? key : name),
  );
  return inner.length > 0 && key !== '' ? [key, ...inner] : inner;
}

test('the tenant really carries the canary, the integration secret included', () => {
  expect(TENANT.m2m.clientSecret).toContain(CANARY);
  // Secrets of every kind, so that finding nothing below means something.
  const fields = new Set(fieldsHoldingCanary(TENANT));
  for (const field of [
    'client_secret',
    'signing_keys',
    'encryption_key',
    'jwt_configuration',
    'addons',
    'client_metadata',
    'mobile',
    'native_social_login',
    'access_token',
    'refresh_token',
    'access_token_secret',
  ]) {
    expect(fields).toContain(field);
  }
});

test.each(['paged', 'export'])(
  'collect with the %s users strategy writes and logs no canary',
  async (strategy) => {
    const run = await runCollect(sim, {
      cwd: projectDir,
      env: { USERS_STRATEGY: strategy },
    });

    expect(run.exitCode).toBe(0);
    const graph = summarizeGraph(path.join(projectDir, '.j1-integration'));
    // A complete collection: the scan covered every record.
    expect(graph.entities[Entities.USER._type]).toBe(TENANT.users.length);
    expect(graph.entities[Entities.CLIENT._type]).toBe(TENANT.clients.length);
    expect(filesWithCanary()).toEqual([]);
    expect(run.output).toContain('Fetched users');
    expect(run.output).not.toContain(CANARY);
  },
);

test('a run whose steps fail logs and writes no canary', async () => {
  // Clients refused (403), users' token revoked for good (401 after one refresh).
  sim.setScopes(['read:users']);
  sim.setFaults([
    { route: 'GET /api/v2/users', kind: 'revoke-token', after: 1 },
  ]);
  const run = await runCollect(sim, {
    cwd: projectDir,
    env: { USERS_STRATEGY: 'paged' },
  });

  expect(run.output).toMatch(/Step "Fetch Clients" failed/);
  expect(run.output).toMatch(/Step "Fetch Users" failed/);
  expect(run.output).toContain('Auth0 rejected the access token');
  expect(run.output).not.toContain(CANARY);
  expect(filesWithCanary()).toEqual([]);
});

test('error messages never echo the secret', async () => {
  const logger = createMockIntegrationLogger();
  const failures: Error[] = [];
  const attempt = async (client: APIClient) => {
    try {
      await client.verifyAuthentication();
    } catch (error) {
      failures.push(error as Error);
    }
  };

  // A wrong secret that still carries the canary.
  await attempt(
    new APIClient({ ...sim.config, clientSecret: `${CANARY}-rotated` }, logger),
  );
  // The token endpoint failing for good, by status and by connection.
  const fast = { maxAttempts: 2, baseBackoffMs: 10 };
  sim.setFaults([{ route: 'POST /oauth/token', kind: 'status', status: 503 }]);
  await attempt(new APIClient(sim.config, logger, fast));
  sim.setFaults([{ route: 'POST /oauth/token', kind: 'reset' }]);
  await attempt(new APIClient(sim.config, logger, fast));

  expect(failures.map((error) => error.message)).toEqual([
    expect.stringContaining('Auth0 rejected the credentials'),
    expect.stringMatching(/oauth\/token: 503/),
    expect.stringMatching(/oauth\/token: ECONNRESET/),
  ]);
  for (const error of failures) {
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      CANARY,
    );
    expect(String(error.stack)).not.toContain(CANARY);
  }
});

/** Recordings anywhere in the project, committed or about to be. */
function recordingFiles(dir = PROJECT_ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return recordingFiles(full);
    return full.includes(`${path.sep}__recordings__${path.sep}`) &&
      entry.name.endsWith('.har')
      ? [full]
      : [];
  });
}

/** `client_secret` values in a HAR, at any depth, inside embedded JSON and form bodies too. */
function clientSecretsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    const form = [...value.matchAll(/client_secret=([^&\s"]*)/g)].map((match) =>
      decodeURIComponent(match[1]),
    );
    try {
      return [...form, ...clientSecretsIn(JSON.parse(value))];
    } catch {
      return form;
    }
  }
  if (Array.isArray(value)) return value.flatMap(clientSecretsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'client_secret' && typeof inner === 'string'
      ? [inner]
      : clientSecretsIn(inner),
  );
}

interface HarEntry {
  request: {
    url: string;
    headers: Array<{ name: string; value: string }>;
    postData?: { text?: string };
  };
  response: { content: { text?: string } };
}

test('recordings hold no canary, no client secret and no token', () => {
  const files = recordingFiles();
  expect(files.length).toBeGreaterThanOrEqual(6);
  const leaks: string[] = [];
  let tokenRequests = 0;
  let authorizedRequests = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(PROJECT_ROOT, file);
    if (text.includes(RECORDING_CANARY)) leaks.push(`${where}: canary`);
    const har = JSON.parse(text) as { log: { entries: HarEntry[] } };
    for (const secret of clientSecretsIn(har)) {
      if (secret !== '[REDACTED]') {
        leaks.push(`${where}: client_secret ${secret.slice(0, 4)}…`);
      }
    }
    for (const { request, response } of har.log.entries) {
      for (const header of request.headers) {
        if (header.name.toLowerCase() !== 'authorization') continue;
        authorizedRequests += 1;
        if (header.value !== '[REDACTED]') leaks.push(`${where}: header`);
      }
      if (!request.url.includes('/oauth/token')) continue;
      tokenRequests += 1;
      // The form body carries the client secret, the answer the token.
      if (request.postData?.text !== '[REDACTED]') {
        leaks.push(`${where}: token request body`);
      }
      const answer = JSON.parse(response.content.text ?? '{}') as {
        access_token?: string;
      };
      if (answer.access_token && answer.access_token !== '[REDACTED]') {
        leaks.push(`${where}: access_token`);
      }
    }
  }
  expect(leaks).toEqual([]);
  // What was scanned held what redaction must remove.
  expect(tokenRequests).toBeGreaterThanOrEqual(files.length);
  expect(authorizedRequests).toBeGreaterThan(files.length);
});
