import https from 'https';
import { IncomingHttpHeaders } from 'http';

import { FaultInjector } from './faults';
import {
  generateTenant,
  RunningSimulator,
  SimulatedTenant,
  startSimulator,
} from './index';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** the body arrived in full */
  complete: boolean;
}

/** One request on a fresh connection; rejects when the connection fails before a response. */
function request(
  sim: RunningSimulator,
  path: string,
  options: { method?: string; body?: string; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, sim.baseUrl),
      {
        method: options.method ?? 'GET',
        headers,
        ca: sim.caCertPem,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined); // a cut body is reported through `complete`
        res.on('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            complete: res.complete,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function getToken(sim: RunningSimulator): Promise<string> {
  const res = await request(sim, '/oauth/token', {
    method: 'POST',
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: sim.config.clientId,
      client_secret: sim.config.clientSecret,
      audience: sim.config.audience,
    }),
  });
  return (JSON.parse(res.text) as { access_token: string }).access_token;
}

const USERS = '/api/v2/users?per_page=5&include_totals=true';

describe('fault injection', () => {
  let tenant: SimulatedTenant;
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    tenant = generateTenant({ seed: 3, users: 30, clients: 4 });
    sim = await startSimulator({ tenant, rateLimit: null });
  });

  beforeEach(async () => {
    sim.setFaults([]);
    token = await getToken(sim);
    sim.resetStats();
  });

  afterAll(() => sim.stop());

  it('answers the next N matching requests with an Auth0-shaped status error', async () => {
    sim.setFaults([
      { route: 'GET /api/v2/users', kind: 'status', status: 503, times: 2 },
    ]);
    const clients = await request(sim, '/api/v2/clients', { token });
    const statuses: number[] = [];
    let body = '';
    for (let i = 0; i < 3; i++) {
      const res = await request(sim, USERS, { token });
      statuses.push(res.status);
      if (res.status === 503) body = res.text;
    }
    expect(clients.status).toBe(200);
    expect(statuses).toEqual([503, 503, 200]);
    expect(JSON.parse(body)).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
    });
    expect(sim.stats.faults).toBe(2);
    expect(sim.stats.byRoute['GET /api/v2/users']).toBe(3);
  });

  it.each([500, 502, 504])('injects a %i', async (status) => {
    sim.setFaults([{ kind: 'status', status, times: 1 }]);
    const res = await request(sim, USERS, { token });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toMatchObject({ statusCode: status });
  });

  it('sends a 429 with exhausted x-ratelimit headers', async () => {
    sim.setFaults([{ kind: 'status', status: 429, times: 1 }]);
    const limited = await request(sim, USERS, { token });
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.text)).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Global limit has been reached',
      errorCode: 'too_many_requests',
    });
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-limit']).toBe('50');
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1);
    expect(sim.stats.rateLimited).toBe(1);
    expect((await request(sim, USERS, { token })).status).toBe(200);
  });

  it('resets the connection without a response', async () => {
    sim.setFaults([{ route: 'GET /api/v2/clients', kind: 'reset', times: 1 }]);
    await expect(
      request(sim, '/api/v2/clients', { token }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await request(sim, '/api/v2/clients', { token })).status).toBe(200);
    expect(sim.stats.byRoute['GET /api/v2/clients']).toBe(2);
    expect(sim.stats.faults).toBe(1);
  });

  it('hangs a request until stop()', async () => {
    const own = await startSimulator({
      tenant,
      rateLimit: null,
      faults: [{ route: 'GET /api/v2/users', kind: 'hang' }],
    });
    try {
      const ownToken = await getToken(own);
      let settled = false;
      const hung = request(own, USERS, { token: ownToken }).finally(() => {
        settled = true;
      });
      hung.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      expect(own.stats.byRoute['GET /api/v2/users']).toBe(1);
      // Other routes still answer.
      expect(
        (await request(own, '/api/v2/clients', { token: ownToken })).status,
      ).toBe(200);
      await own.stop();
      await expect(hung).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      await own.stop();
    }
  });

  it('truncates a body: full content-length, half the bytes', async () => {
    sim.setFaults([{ route: 'GET /api/v2/users', kind: 'truncate', times: 1 }]);
    const cut = await request(sim, USERS, { token });
    const whole = await request(sim, USERS, { token });
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(whole.complete).toBe(true);
    expect(Number(cut.headers['content-length'])).toBe(
      Buffer.byteLength(whole.text),
    );
    expect(Buffer.byteLength(cut.text)).toBe(
      Math.floor(Buffer.byteLength(whole.text) / 2),
    );
    expect(whole.text.startsWith(cut.text)).toBe(true);
  });

  it('answers 200 with an HTML page', async () => {
    sim.setFaults([{ kind: 'nonjson', times: 1 }]);
    const res = await request(sim, '/api/v2/clients', { token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text.startsWith('<html>')).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('revokes every token before handling the request', async () => {
    sim.setFaults([
      { route: 'GET /api/v2/users', kind: 'revoke-token', after: 1, times: 1 },
    ]);
    expect((await request(sim, USERS, { token })).status).toBe(200);
    const revoked = await request(sim, USERS, { token });
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.text)).toMatchObject({
      message: 'Invalid token',
    });
    // The token stays revoked; a new one works.
    expect((await request(sim, '/api/v2/clients', { token })).status).toBe(401);
    const fresh = await getToken(sim);
    expect((await request(sim, USERS, { token: fresh })).status).toBe(200);
  });

  it('expires every token before handling the request', async () => {
    sim.setFaults([{ kind: 'expire-token', times: 1 }]);
    const expired = await request(sim, '/api/v2/clients', { token });
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.text)).toMatchObject({
      message: 'Expired token received for JSON Web Token validation',
    });
    const fresh = await getToken(sim);
    expect((await request(sim, USERS, { token: fresh })).status).toBe(200);
  });

  it('targets the token endpoint only by name, in the OAuth error shape', async () => {
    sim.setFaults([{ kind: 'status', status: 503 }]);
    expect(await getToken(sim)).toMatch(/^ey/);
    sim.setFaults([
      { route: 'POST /oauth/token', kind: 'status', status: 503, times: 1 },
    ]);
    const res = await request(sim, '/oauth/token', {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toEqual({
      error: 'server_error',
      error_description: 'Service Unavailable',
    });
  });

  it('skips the first `after` matches and stops after `times`', async () => {
    sim.setFaults([{ kind: 'status', status: 500, after: 2, times: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await request(sim, '/api/v2/clients', { token })).status);
    }
    expect(statuses).toEqual([200, 200, 500, 500, 200, 200]);
    expect(sim.stats.faults).toBe(2);
  });
});

describe('FaultInjector', () => {
  it('draws probabilities from a seeded PRNG: the same rules give the same run', () => {
    const injector = new FaultInjector([], 42);
    const run = () => {
      injector.set([{ kind: 'reset', probability: 0.3 }]);
      return Array.from({ length: 1000 }, () =>
        injector.next('GET /api/v2/users', true) ? 1 : 0,
      );
    };
    const first = run();
    const hits = first.reduce<number>((sum, hit) => sum + hit, 0);
    expect(hits).toBeGreaterThan(250);
    expect(hits).toBeLessThan(350);
    expect(run()).toEqual(first);
  });

  it('tries rules in order; the first that fires wins', () => {
    const injector = new FaultInjector([
      { route: 'GET /api/v2/users', kind: 'hang', times: 1 },
      { kind: 'status', status: 503 },
    ]);
    expect(injector.next('GET /api/v2/users', true)?.kind).toBe('hang');
    expect(injector.next('GET /api/v2/users', true)?.kind).toBe('status');
    expect(injector.next('POST /oauth/token', false)).toBeUndefined();
  });

  it.each([
    [{ kind: 'status' as const }, /status/],
    [{ kind: 'status' as const, status: 200 }, /status/],
    [{ kind: 'reset' as const, probability: 1.5 }, /probability/],
    [{ kind: 'reset' as const, times: -1 }, /times/],
    [{ kind: 'reset' as const, after: 0.5 }, /after/],
  ])('rejects an invalid rule %j', (rule, message) => {
    expect(() => new FaultInjector([rule])).toThrow(message);
  });
});
