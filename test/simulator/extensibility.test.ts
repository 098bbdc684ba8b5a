import https from 'https';

import {
  DEFAULT_SCOPES,
  generateTenant,
  RunningSimulator,
  startSimulator,
} from './index';

/* eslint-disable @typescript-eslint/no-explicit-any */

function request(
  sim: RunningSimulator,
  path: string,
  init: { method?: string; token?: string; body?: string } = {},
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, sim.baseUrl),
      {
        method: init.method ?? 'GET',
        headers: {
          'content-type': 'application/json',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        ca: sim.caCertPem,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

async function token(sim: RunningSimulator): Promise<string> {
  const res = await request(sim, '/oauth/token', {
    method: 'POST',
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: sim.config.clientId,
      client_secret: sim.config.clientSecret,
      audience: sim.config.audience,
    }),
  });
  return res.body.access_token;
}

describe('simulated extensibility endpoints', () => {
  let old: RunningSimulator;
  let fresh: RunningSimulator;
  let oldToken: string;
  let freshToken: string;

  beforeAll(async () => {
    old = await startSimulator({
      tenant: generateTenant({
        seed: 5,
        users: 5,
        clients: 3,
        extensibility: { variant: 'legacy', extraActions: 70 },
      }),
      rateLimit: null,
    });
    // No `extensibility`: a new tenant's answers.
    fresh = await startSimulator({
      tenant: generateTenant({ seed: 6, users: 5, clients: 3 }),
      rateLimit: null,
    });
    oldToken = await token(old);
    freshToken = await token(fresh);
  });

  afterAll(async () => {
    await old?.stop();
    await fresh?.stop();
  });

  test('actions: at most 50 applied and echoed as per_page, no total, include_totals refused', async () => {
    const first = await request(
      old,
      '/api/v2/actions/actions?page=0&per_page=100',
      {
        token: oldToken,
      },
    );
    expect(first.status).toBe(200);
    expect(first.body.per_page).toBe(50);
    expect(first.body.actions).toHaveLength(50);
    expect(first.body).not.toHaveProperty('total');
    expect(first.body.actions[0].code).toEqual(expect.any(String));
    const totals = await request(
      old,
      '/api/v2/actions/actions?include_totals=true',
      { token: oldToken },
    );
    expect(totals.status).toBe(400);
    const tooBig = await request(old, '/api/v2/actions/actions?per_page=101', {
      token: oldToken,
    });
    expect(tooBig.status).toBe(400);
    const empty = await request(fresh, '/api/v2/actions/actions?page=0', {
      token: freshToken,
    });
    expect(empty.body).toEqual({ actions: [], per_page: 50 });
  });

  test('triggers list one entry per id and version; bindings come in order with the whole action', async () => {
    const triggers = await request(old, '/api/v2/actions/triggers', {
      token: oldToken,
    });
    const ids = triggers.body.triggers.map((t: any) => t.id);
    expect(ids.filter((id: string) => id === 'post-login')).toHaveLength(3);
    const bindings = await request(
      old,
      '/api/v2/actions/triggers/post-login/bindings?per_page=100',
      { token: oldToken },
    );
    expect(bindings.body).toMatchObject({ total: 3, page: 0, per_page: 50 });
    expect(bindings.body.bindings.map((b: any) => b.display_name)).toEqual([
      'Add roles to tokens',
      'Onfido identity verification',
      'Block risky countries',
    ]);
    expect(bindings.body.bindings[0].action.code).toEqual(expect.any(String));
    const refused = await request(
      old,
      '/api/v2/actions/triggers/custom-phone-provider/bindings',
      { token: oldToken },
    );
    expect(refused.status).toBe(403);
  });

  test('rules and hooks: offsets with limit echoed, fields honoured; a new tenant refuses them as deprecated', async () => {
    const rules = await request(
      old,
      '/api/v2/rules?include_totals=true&per_page=2&fields=id,name,enabled&include_fields=true',
      { token: oldToken },
    );
    expect(rules.body).toMatchObject({ start: 0, limit: 2, total: 3 });
    expect(Object.keys(rules.body.rules[0]).sort()).toEqual([
      'enabled',
      'id',
      'name',
    ]);
    const hooks = await request(old, '/api/v2/hooks', { token: oldToken });
    expect(hooks.body).toHaveLength(2);
    expect(hooks.body[0]).not.toHaveProperty('secrets');
    const secrets = await request(
      old,
      `/api/v2/hooks/${hooks.body[0].id}/secrets`,
      { token: oldToken },
    );
    expect(Object.values(secrets.body)).toEqual(['_VALUE_NOT_SHOWN_']);
    for (const path of ['/api/v2/rules', '/api/v2/hooks']) {
      const refused = await request(fresh, path, { token: freshToken });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/deprecated/);
    }
  });

  test('a new tenant: no log stream, custom domains refused by plan, no email provider', async () => {
    expect(
      (await request(fresh, '/api/v2/log-streams', { token: freshToken })).body,
    ).toEqual([]);
    expect(
      (await request(fresh, '/api/v2/custom-domains', { token: freshToken }))
        .status,
    ).toBe(403);
    expect(
      (await request(fresh, '/api/v2/emails/provider', { token: freshToken }))
        .status,
    ).toBe(404);
  });

  test('email provider: name and enabled only unless fields are asked for', async () => {
    const plain = await request(old, '/api/v2/emails/provider', {
      token: oldToken,
    });
    expect(plain.body).toEqual({ name: 'sendgrid', enabled: true });
    const asked = await request(
      old,
      '/api/v2/emails/provider?fields=name,enabled,default_from_address&include_fields=true',
      { token: oldToken },
    );
    expect(asked.body).toEqual({
      name: 'sendgrid',
      enabled: true,
      default_from_address: 'no-reply@acme.com',
    });
  });

  test('each endpoint needs its scope', async () => {
    old.setScopes(DEFAULT_SCOPES.filter((s) => s !== 'read:log_streams'));
    const limited = await token(old);
    const res = await request(old, '/api/v2/log-streams', { token: limited });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('insufficient_scope');
    old.setScopes(DEFAULT_SCOPES);
  });
});
