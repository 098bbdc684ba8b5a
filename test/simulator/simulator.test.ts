import https from 'https';
import { IncomingHttpHeaders } from 'http';
import zlib from 'zlib';

import {
  Auth0UserRecord,
  DEFAULT_SCOPES,
  generateTenant,
  generateUsers,
  RunningSimulator,
  SimulatedTenant,
  SimulatorOptions,
  startSimulator,
} from './index';

interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: <T = any>() => T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  token?: string;
  /** default: a fresh connection per request */
  agent?: https.Agent;
}

function request(
  sim: RunningSimulator,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const url = path.startsWith('https://')
    ? new URL(path)
    : new URL(path, sim.baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ca: sim.caCertPem,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function getToken(sim: RunningSimulator): Promise<string> {
  const res = await request(sim, '/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: sim.config.clientId,
      client_secret: sim.config.clientSecret,
      audience: sim.config.audience,
    }),
  });
  expect(res.status).toBe(200);
  return res.json().access_token as string;
}

function byCreatedThenId(a: Auth0UserRecord, b: Auth0UserRecord): number {
  return (
    Date.parse(a.created_at) - Date.parse(b.created_at) ||
    (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0)
  );
}

const started: RunningSimulator[] = [];

async function start(options: SimulatorOptions): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  started.push(sim);
  return sim;
}

afterAll(async () => {
  await Promise.all(started.map((sim) => sim.stop()));
});

describe('generateTenant', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const spec = { seed: 7, users: 300, clients: 14, bulkImport: 20 };
    expect(JSON.stringify(generateTenant(spec))).toBe(
      JSON.stringify(generateTenant(spec)),
    );
    expect(JSON.stringify(generateTenant({ ...spec, seed: 8 }))).not.toBe(
      JSON.stringify(generateTenant(spec)),
    );
  });

  it('has the requested counts, unique ids, sane timestamps and a bulk import', () => {
    const tenant = generateTenant({ users: 500, clients: 12, bulkImport: 40 });
    expect(tenant.name).toBe('demo-tenant');
    expect(tenant.audience).toBe('https://demo-tenant.us.auth0.com/api/v2/');
    expect(tenant.users).toHaveLength(540);
    expect(tenant.clients).toHaveLength(12);
    expect(new Set(tenant.users.map((u) => u.user_id)).size).toBe(540);
    for (const user of tenant.users) {
      expect(Date.parse(user.updated_at)).toBeGreaterThanOrEqual(
        Date.parse(user.created_at),
      );
      if (typeof user.last_login === 'string') {
        expect(Date.parse(user.last_login)).toBeGreaterThanOrEqual(
          Date.parse(user.created_at),
        );
        expect(Date.parse(user.last_login)).toBeLessThanOrEqual(
          Date.parse(user.updated_at),
        );
      } else {
        expect(user.logins_count).toBe(0);
      }
    }
    const counts = new Map<string, number>();
    for (const user of tenant.users) {
      counts.set(user.created_at, (counts.get(user.created_at) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBe(40);
    const prefixes = new Set(tenant.users.map((u) => u.user_id.split('|')[0]));
    expect([...prefixes].sort()).toEqual([
      'auth0',
      'email',
      'github',
      'google-oauth2',
      'samlp',
      'sms',
    ]);
    expect(
      tenant.users
        .filter((u) => u.user_id.startsWith('sms|'))
        .every(
          (u) => u.email === undefined && typeof u.phone_number === 'string',
        ),
    ).toBe(true);

    const appTypes = new Set(tenant.clients.map((c) => c.app_type));
    for (const type of [
      'spa',
      'regular_web',
      'native',
      'non_interactive',
      'sso_integration',
      'express_configuration',
      'salesforce',
      'slack',
    ]) {
      expect(appTypes).toContain(type);
    }
    expect(tenant.clients.filter((c) => c.global === true)).toHaveLength(1);
    const m2m = tenant.clients.find((c) => c.client_id === tenant.m2m.clientId);
    expect(m2m).toMatchObject({
      name: 'JupiterOne Integration',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      client_secret: tenant.m2m.clientSecret,
    });
    expect(tenant.m2m.scopes).toEqual(DEFAULT_SCOPES);
    expect(tenant.m2m.scopes).toEqual(
      expect.arrayContaining(['read:users', 'read:clients', 'read:roles']),
    );
  });

  it('plants the canary in every secret-bearing field', () => {
    const canary = 'CANARY-7f3e';
    const tenant = generateTenant({ users: 200, clients: 12, canary });
    expect(tenant.m2m.clientSecret).toContain(canary);
    const secretClientFields = [
      'client_secret',
      'signing_keys',
      'encryption_key',
      'addons',
      'client_metadata',
      'mobile',
      'native_social_login',
    ];
    for (const client of tenant.clients) {
      for (const field of secretClientFields) {
        expect(JSON.stringify(client[field])).toContain(canary);
      }
      expect(
        JSON.stringify(
          (client.jwt_configuration as Record<string, unknown>).secret,
        ),
      ).toContain(canary);
    }
    for (const user of tenant.users) {
      expect(JSON.stringify(user.user_metadata)).toContain(canary);
      expect(JSON.stringify(user.app_metadata)).toContain(canary);
      for (const identity of user.identities) {
        for (const field of [
          'access_token',
          'refresh_token',
          'access_token_secret',
        ]) {
          if (field in identity) expect(identity[field]).toContain(canary);
        }
      }
    }
    const withTokens = tenant.users.filter((u) =>
      u.identities.some((i) => 'access_token' in i),
    );
    expect(withTokens.length).toBeGreaterThan(0);
    // Without a canary, nothing leaks it by accident.
    expect(
      JSON.stringify(generateTenant({ users: 200, clients: 12 })),
    ).not.toContain(canary);
  });

  it('generateUsers creates users at a given time', () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const users = generateUsers(5, { seed: 99, createdAt: at });
    expect(users.map((u) => u.created_at)).toEqual(
      Array(5).fill('2030-01-01T00:00:00.000Z'),
    );
    expect(
      users.every((u) => u.logins_count === 0 && u.updated_at === u.created_at),
    ).toBe(true);
  });
});

describe('simulator', () => {
  let tenant: SimulatedTenant;
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    tenant = generateTenant({ users: 2500, clients: 120, bulkImport: 30 });
    sim = await start({ tenant, rateLimit: null });
    token = await getToken(sim);
  });

  describe('POST /oauth/token', () => {
    it('issues a token from a form body, with rate-limit headers', async () => {
      const res = await request(sim, '/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: sim.config.clientId,
          client_secret: sim.config.clientSecret,
          audience: sim.config.audience,
        }).toString(),
      });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        access_token: expect.any(String),
        scope: DEFAULT_SCOPES.join(' '),
        expires_in: 86400,
        token_type: 'Bearer',
      });
      expect(res.headers['x-ratelimit-limit']).toBe('300');
      expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(300);
    });

    it('answers 401 for a wrong secret and 403 for an unknown audience', async () => {
      const body = {
        grant_type: 'client_credentials',
        client_id: sim.config.clientId,
        client_secret: 'wrong',
        audience: sim.config.audience,
      };
      const post = (b: object) =>
        request(sim, '/oauth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
      const wrongSecret = await post(body);
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.json()).toEqual({
        error: 'access_denied',
        error_description: 'Unauthorized',
      });
      const wrongAudience = await post({
        ...body,
        client_secret: sim.config.clientSecret,
        audience: 'https://other.us.auth0.com/api/v2/',
      });
      expect(wrongAudience.status).toBe(403);
      expect(wrongAudience.json()).toEqual({
        error: 'access_denied',
        error_description:
          'Service not enabled within domain: https://other.us.auth0.com/api/v2/',
      });
    });
  });

  describe('GET /api/v2/users', () => {
    it('pages with include_totals in primary (user_id) order', async () => {
      const res = await request(
        sim,
        '/api/v2/users?page=2&per_page=100&include_totals=true',
        { token },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(res.headers['cache-control']).toBe('no-cache');
      const body = res.json();
      expect(body).toMatchObject({
        start: 200,
        limit: 100,
        length: 100,
        // 2,530 match; Auth0 caps the total at 1,000 (AUTH0-API.md, "Users").
        total: 1000,
      });
      const ids = tenant.users.map((u) => u.user_id).sort();
      expect(body.users.map((u: Auth0UserRecord) => u.user_id)).toEqual(
        ids.slice(200, 300),
      );
      const first = tenant.users.find(
        (u) => u.user_id === body.users[0].user_id,
      );
      expect(body.users[0]).toEqual(first);

      const bare = await request(sim, '/api/v2/users', { token });
      expect(bare.json()).toHaveLength(50);
    });

    it('rejects per_page over 100 and pages past the first 1000 records', async () => {
      const tooBig = await request(sim, '/api/v2/users?per_page=101', {
        token,
      });
      expect(tooBig.status).toBe(400);
      expect(tooBig.json().message).toBe(
        "Query validation error: 'Value 101 is greater than maximum 100' on property per_page",
      );
      const lastAllowed = await request(
        sim,
        '/api/v2/users?page=9&per_page=100',
        { token },
      );
      expect(lastAllowed.status).toBe(200);
      const past = await request(
        sim,
        '/api/v2/users?page=10&per_page=100&include_totals=true',
        { token },
      );
      expect(past.status).toBe(400);
      expect(past.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message:
          'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
        errorCode: 'invalid_paging',
      });
    });

    it('answers created_at ranges (inclusive, exclusive, mixed, open) and exact matches', async () => {
      const sorted = [...tenant.users].sort(byCreatedThenId);
      const a = sorted[400].created_at;
      const b = sorted[900].created_at;
      const ms = (s: string) => Date.parse(s);
      const cases: Array<[string, (u: Auth0UserRecord) => boolean]> = [
        [
          `[${a} TO ${b}]`,
          (u) => ms(u.created_at) >= ms(a) && ms(u.created_at) <= ms(b),
        ],
        [
          `{${a} TO ${b}}`,
          (u) => ms(u.created_at) > ms(a) && ms(u.created_at) < ms(b),
        ],
        [
          `[${a} TO ${b}}`,
          (u) => ms(u.created_at) >= ms(a) && ms(u.created_at) < ms(b),
        ],
        [`{${a} TO *]`, (u) => ms(u.created_at) > ms(a)],
      ];
      for (const [range, predicate] of cases) {
        const q = encodeURIComponent(`created_at:${range}`);
        const res = await request(
          sim,
          `/api/v2/users?q=${q}&search_engine=v3&sort=created_at:1&per_page=100&include_totals=true`,
          { token },
        );
        expect(res.status).toBe(200);
        const expected = sorted.filter(predicate);
        expect(res.json().total).toBe(Math.min(expected.length, 1000));
        expect(res.json().users.map((u: Auth0UserRecord) => u.user_id)).toEqual(
          expected.slice(0, 100).map((u) => u.user_id),
        );
      }

      const bulkAt = sorted.find(
        (u, i) => sorted[i + 1]?.created_at === u.created_at,
      )?.created_at as string;
      const exact = await request(
        sim,
        `/api/v2/users?q=${encodeURIComponent(`created_at:"${bulkAt}"`)}&include_totals=true`,
        { token },
      );
      expect(exact.json().total).toBe(30);
      expect(
        exact
          .json()
          .users.every((u: Auth0UserRecord) => u.created_at === bulkAt),
      ).toBe(true);
    });

    it('keeps ties on created_at in user_id order in both sort directions', async () => {
      const ascending = await request(
        sim,
        '/api/v2/users?sort=created_at:1&per_page=100&page=3',
        { token },
      );
      const expected = [...tenant.users]
        .sort(byCreatedThenId)
        .slice(300, 400)
        .map((u) => u.user_id);
      expect(ascending.json().map((u: Auth0UserRecord) => u.user_id)).toEqual(
        expected,
      );

      const descending = await request(
        sim,
        '/api/v2/users?sort=created_at:-1&per_page=100',
        { token },
      );
      const expectedDesc = [...tenant.users]
        .sort(
          (x, y) =>
            Date.parse(y.created_at) - Date.parse(x.created_at) ||
            (x.user_id < y.user_id ? -1 : 1),
        )
        .slice(0, 100)
        .map((u) => u.user_id);
      expect(descending.json().map((u: Auth0UserRecord) => u.user_id)).toEqual(
        expectedDesc,
      );
    });

    it('filters on a user_id prefix and exact user_id / email', async () => {
      const sample = tenant.users.find((u) =>
        u.user_id.startsWith('auth0|'),
      ) as Auth0UserRecord;
      const prefix = sample.user_id.slice(0, 8); // 'auth0|' + 2 hex
      const q = encodeURIComponent(`user_id:${prefix.replace('|', '\\|')}*`);
      const res = await request(
        sim,
        `/api/v2/users?q=${q}&per_page=100&include_totals=true`,
        { token },
      );
      const expected = tenant.users
        .filter((u) => u.user_id.startsWith(prefix))
        .map((u) => u.user_id)
        .sort();
      expect(res.json().total).toBe(expected.length);
      expect(res.json().users.map((u: Auth0UserRecord) => u.user_id)).toEqual(
        expected.slice(0, 100),
      );

      const byId = await request(
        sim,
        `/api/v2/users?q=${encodeURIComponent(`user_id:"${sample.user_id}"`)}`,
        { token },
      );
      expect(byId.json()).toEqual([sample]);
      const withEmail = tenant.users.find(
        (u) =>
          typeof u.email === 'string' &&
          u.email.includes('@') &&
          u.user_id.startsWith('google'),
      ) as Auth0UserRecord;
      const byEmail = await request(
        sim,
        `/api/v2/users?q=${encodeURIComponent(`email:"${withEmail.email}"`)}`,
        { token },
      );
      expect(byEmail.json().map((u: Auth0UserRecord) => u.user_id)).toEqual([
        withEmail.user_id,
      ]);
    });

    it('answers 400 for unsupported query syntax', async () => {
      const res = await request(
        sim,
        `/api/v2/users?q=${encodeURIComponent('email:a -email:b')}`,
        { token },
      );
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_query_string',
      });
    });

    it('includes or excludes fields', async () => {
      const included = await request(
        sim,
        '/api/v2/users?fields=user_id,email&include_fields=true&per_page=5',
        { token },
      );
      for (const user of included.json()) {
        expect(
          Object.keys(user).every((k) => k === 'user_id' || k === 'email'),
        ).toBe(true);
      }
      const excluded = await request(
        sim,
        '/api/v2/users?fields=identities,app_metadata&include_fields=false&per_page=5',
        { token },
      );
      for (const user of excluded.json()) {
        expect(user).not.toHaveProperty('identities');
        expect(user).toHaveProperty('user_id');
      }
    });

    it('serves users added mid-run', async () => {
      const added = generateUsers(3, {
        seed: 1234,
        createdAt: new Date('2031-01-01T00:00:00.000Z'),
      });
      sim.addUsers(added);
      const res = await request(
        sim,
        `/api/v2/users?q=${encodeURIComponent('created_at:[2031-01-01 TO *]')}&include_totals=true`,
        { token },
      );
      expect(res.json().total).toBe(3);
      expect(res.json().users.map((u: Auth0UserRecord) => u.user_id)).toEqual(
        added.map((u) => u.user_id).sort(),
      );
    });
  });

  describe('GET /api/v2/clients', () => {
    it('pages with include_totals and returns secrets as the raw API would', async () => {
      // Asked for 100 a page, the server applies 50 and says so in `limit`.
      const pages = await Promise.all(
        [0, 1, 2].map((page) =>
          request(
            sim,
            `/api/v2/clients?page=${page}&per_page=100&include_totals=true`,
            { token },
          ),
        ),
      );
      const [first, second] = pages;
      expect(first.json()).toMatchObject({ start: 0, limit: 50, total: 120 });
      expect(second.json()).toMatchObject({
        start: 50,
        limit: 50,
        total: 120,
      });
      expect(Object.keys(first.json())).not.toContain('length');
      const all = pages.flatMap((page) => page.json().clients);
      expect(all).toEqual(tenant.clients);
      expect(all[0]).toHaveProperty('client_secret');
      const fields = await request(
        sim,
        '/api/v2/clients?fields=client_id,name&include_fields=true',
        { token },
      );
      expect(Object.keys(fields.json()[1]).sort()).toEqual([
        'client_id',
        'name',
      ]);
    });
  });

  describe('authorization', () => {
    it('answers 401 without a token and after revocation, 403 on a missing scope', async () => {
      const none = await request(sim, '/api/v2/users');
      expect(none.status).toBe(401);
      expect(none.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid token',
        attributes: { error: 'Invalid token' },
      });

      sim.setScopes(['read:clients']);
      const narrow = await getToken(sim);
      const forbidden = await request(sim, '/api/v2/users', { token: narrow });
      expect(forbidden.status).toBe(403);
      expect(forbidden.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: read:users',
        errorCode: 'insufficient_scope',
      });
      expect(
        (await request(sim, '/api/v2/clients', { token: narrow })).status,
      ).toBe(200);
      sim.setScopes(['read:users', 'read:clients']);

      sim.revokeTokens();
      const revoked = await request(sim, '/api/v2/clients', { token: narrow });
      expect(revoked.status).toBe(401);
      expect(revoked.json().message).toBe('Invalid token');
      token = await getToken(sim);
    });

    it('answers 404 for unknown routes', async () => {
      const res = await request(sim, '/api/v2/nothing-here', { token });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Not Found',
      });
    });

    it('counts requests by route', () => {
      expect(sim.stats.byRoute['GET /api/v2/users']).toBeGreaterThan(5);
      expect(sim.stats.byRoute['POST /oauth/token']).toBeGreaterThan(2);
      expect(sim.stats.tokensIssued).toBeGreaterThan(2);
      sim.resetStats();
      expect(sim.stats).toEqual({
        requests: 0,
        byRoute: {},
        rateLimited: 0,
        tokensIssued: 0,
        faults: 0,
      });
    });
  });
});

describe('rate limiting and token expiry', () => {
  it('sends x-ratelimit headers on every API response and 429 on an empty bucket', async () => {
    const tenant = generateTenant({ users: 20, clients: 3 });
    const sim = await start({
      tenant,
      rateLimit: { limit: 3, refillPerSecond: 1 },
    });
    const token = await getToken(sim);
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await request(sim, '/api/v2/clients', { token }));
    }
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results.map((r) => r.headers['x-ratelimit-limit'])).toEqual([
      '3',
      '3',
      '3',
      '3',
    ]);
    expect(results.map((r) => r.headers['x-ratelimit-remaining'])).toEqual([
      '2',
      '1',
      '0',
      '0',
    ]);
    const reset = Number(results[3].headers['x-ratelimit-reset']);
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 2);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 4);
    expect(results[3].json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Global limit has been reached',
      errorCode: 'too_many_requests',
    });
    expect(sim.stats.rateLimited).toBe(1);

    const unauthorized = await request(sim, '/api/v2/users');
    expect(unauthorized.headers['x-ratelimit-limit']).toBe('3');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await request(sim, '/api/v2/clients', { token })).status).toBe(200);
  });

  it('rejects an expired token with the JWT expiry message and delays by latencyMs', async () => {
    const sim = await start({
      tenant: generateTenant({ users: 5, clients: 2 }),
      tokenTtlSeconds: 1,
      latencyMs: 150,
    });
    const token = await getToken(sim);
    const before = Date.now();
    expect((await request(sim, '/api/v2/users', { token })).status).toBe(200);
    expect(Date.now() - before).toBeGreaterThanOrEqual(145);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const expired = await request(sim, '/api/v2/users', { token });
    expect(expired.status).toBe(401);
    expect(expired.json().message).toBe(
      'Expired token received for JSON Web Token validation',
    );
  });
});

describe('user export jobs', () => {
  let tenant: SimulatedTenant;
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    tenant = generateTenant({ users: 1500, clients: 3, bulkImport: 10 });
    sim = await start({
      tenant,
      rateLimit: null,
      exportJobs: { processingMs: 300, failNext: 1, downloadTtlSeconds: 1 },
    });
    token = await getToken(sim);
  });

  const createJob = (body: object) =>
    request(sim, '/api/v2/jobs/users-exports', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function waitForJob(id: string): Promise<Record<string, unknown>> {
    const seen = new Set<string>();
    for (;;) {
      const job = (await request(sim, `/api/v2/jobs/${id}`, { token })).json();
      seen.add(job.status);
      if (job.status === 'processing') {
        expect(job.percentage_done).toEqual(expect.any(Number));
        expect(job.time_left_seconds).toEqual(expect.any(Number));
      }
      if (job.status === 'completed' || job.status === 'failed') {
        return { ...job, seen: [...seen] };
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }

  it('fails the next job when asked to', async () => {
    const created = await createJob({ format: 'json' });
    expect(created.status).toBe(201);
    const job = await waitForJob(created.json().id);
    expect(job.status).toBe('failed');
    expect(job).toHaveProperty('summary');
  });

  it('runs pending -> processing -> completed and streams gzip NDJSON with the requested fields', async () => {
    const fields = [
      { name: 'user_id' },
      { name: 'email' },
      { name: 'created_at' },
      { name: 'identities' },
      { name: 'app_metadata', export_as: 'appMeta' },
    ];
    const created = await createJob({ format: 'json', fields });
    expect(created.status).toBe(201);
    const job = created.json();
    expect(job).toMatchObject({
      type: 'users_export',
      status: 'pending',
      format: 'json',
      fields,
      limit: 1510,
    });
    expect(job.id).toMatch(/^job_[A-Za-z0-9]{16}$/);
    expect(job.created_at).toEqual(expect.any(String));

    sim.addUsers(generateUsers(2, { seed: 5, createdAt: 'now' })); // after the snapshot: not exported
    const done = await waitForJob(job.id);
    // The creation answered pending; polls (late on a busy machine) see the rest.
    expect([job.status, ...(done.seen as string[])]).toEqual(
      expect.arrayContaining(['pending', 'processing', 'completed']),
    );
    const location = done.location as string;
    expect(location).toMatch(
      new RegExp(
        `^https://localhost:${sim.port}/exports/${job.id}/users\\.json\\.gz\\?X-Amz-Signature=\\w+$`,
      ),
    );

    const before = sim.stats.byRoute['GET /api/v2/users'] ?? 0;
    const download = await request(sim, location);
    expect(download.status).toBe(200);
    const lines = zlib
      .gunzipSync(download.body)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1510);
    const truth = new Map(tenant.users.map((u) => [u.user_id, u]));
    for (const line of lines) {
      const user = truth.get(line.user_id) as Auth0UserRecord;
      expect(
        Object.keys(line).every((key) =>
          ['user_id', 'email', 'created_at', 'identities', 'appMeta'].includes(
            key,
          ),
        ),
      ).toBe(true);
      expect(line.identities).toEqual(user.identities);
      expect(line.appMeta).toEqual(user.app_metadata);
    }
    expect(sim.stats.byRoute['GET /api/v2/users'] ?? 0).toBe(before);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await request(sim, location);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<Message>Request has expired</Message>');
    const fresh = (
      await request(sim, `/api/v2/jobs/${job.id}`, { token })
    ).json().location;
    expect(fresh).not.toBe(location);
    expect((await request(sim, fresh)).status).toBe(200);
  });

  it('exports the predefined fields when none are given, and honours limit', async () => {
    const created = (await createJob({ format: 'json', limit: 7 })).json();
    expect(created.fields.map((f: { name: string }) => f.name)).toContain(
      'identities',
    );
    const done = await waitForJob(created.id);
    const download = await request(sim, done.location as string);
    const lines = zlib
      .gunzipSync(download.body)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(7);
    expect(lines[0]).not.toHaveProperty('app_metadata');
    expect(lines[0]).toHaveProperty('created_at');
  });

  it('reports a job completed only with its whole file, and exports a prepared file only while the users are unchanged', async () => {
    const body = { format: 'json', fields: [{ name: 'user_id' }] };
    const ids = async (jobId: string) => {
      const done = await waitForJob(jobId);
      expect(done.status).toBe('completed');
      const download = await request(sim, done.location as string);
      // A finished file: its length is known (AUTH0-API.md, "User export job").
      expect(download.headers['content-length']).toBe(
        String(download.body.length),
      );
      return zlib
        .gunzipSync(download.body)
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).user_id as string);
    };

    await sim.prepareUserExport(body);
    const prepared = await ids((await createJob(body)).json().id);
    const before = new Set(prepared);
    expect(before.size).toBe(prepared.length);

    // Users added after the preparation: a new job's file holds them.
    const added = generateUsers(3, { seed: 77, createdAt: 'now' });
    sim.addUsers(added);
    const after = await ids((await createJob(body)).json().id);
    expect(after).toHaveLength(prepared.length + 3);
    expect(after.filter((id) => !before.has(id)).sort()).toEqual(
      added.map((u) => u.user_id).sort(),
    );
    // A body the preparation did not cover gets a file of its own.
    const limited = await ids(
      (await createJob({ ...body, limit: 5 })).json().id,
    );
    expect(limited).toHaveLength(5);
  });

  it('answers 404 for an unknown job and 403 when exports are not on the plan', async () => {
    const unknown = await request(sim, '/api/v2/jobs/job_0000000000000000', {
      token,
    });
    expect(unknown.status).toBe(404);
    const free = await start({
      tenant: generateTenant({ users: 5, clients: 2 }),
      exportJobs: { enabled: false },
    });
    const freeToken = await getToken(free);
    const denied = await request(free, '/api/v2/jobs/users-exports', {
      method: 'POST',
      token: freeToken,
      headers: { 'content-type': 'application/json' },
      body: '{"format":"json"}',
    });
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
      errorCode: 'operation_not_supported',
    });
  });
});

describe('performance over 100,000 users', () => {
  it('answers uncached created_at range pages in well under 20 ms', async () => {
    const genStart = Date.now();
    const tenant = generateTenant({
      users: 100_000,
      clients: 12,
      bulkImport: 2000,
    });
    const generationMs = Date.now() - genStart;
    const startMs = Date.now();
    const sim = await start({ tenant, rateLimit: null });
    const startupMs = Date.now() - startMs;
    const token = await getToken(sim);
    const sorted = tenant.users.map((u) => u.created_at).sort();
    // One kept-alive connection, as the integration's client would use.
    const agent = new https.Agent({ keepAlive: true, ca: sim.caCertPem });
    await request(sim, '/api/v2/users?per_page=1', { token, agent });
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const from = sorted[i * 5000];
      const to = sorted[i * 5000 + 900];
      const q = encodeURIComponent(`created_at:[${from} TO ${to}]`);
      const t0 = process.hrtime.bigint();
      const res = await request(
        sim,
        `/api/v2/users?q=${q}&sort=created_at:1&per_page=100&include_totals=true&search_engine=v3`,
        { token, agent },
      );
      timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
      expect(res.status).toBe(200);
      expect(res.json().users).toHaveLength(100);
    }
    agent.destroy();
    timings.sort((a, b) => a - b);
    // eslint-disable-next-line no-console
    console.log(
      `100k users: generateTenant ${generationMs} ms, simulator start ${startupMs} ms, range request median ${timings[10].toFixed(1)} ms, max ${timings[19].toFixed(1)} ms (end to end, kept-alive TLS)`,
    );
    expect(timings[10]).toBeLessThan(20);
  });
});
