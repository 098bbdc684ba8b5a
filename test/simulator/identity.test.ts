import https from 'https';

import {
  DEFAULT_SCOPES,
  generateTenant,
  identityTruth,
  RunningSimulator,
  SimulatedTenant,
  startSimulator,
  TenantSpec,
} from './index';

/* eslint-disable @typescript-eslint/no-explicit-any */

const CANARY = 'CANARY-identity-5d1c';
const SPEC: TenantSpec = {
  seed: 3,
  users: 300,
  clients: 12,
  canary: CANARY,
  identity: { roles: 6, organizations: 3, bigRoleMembers: 230 },
};

async function get(
  sim: RunningSimulator,
  path: string,
  token: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, sim.baseUrl),
      {
        headers: { authorization: `Bearer ${token}` },
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
    req.end();
  });
}

async function getToken(sim: RunningSimulator): Promise<string> {
  const body = JSON.stringify({
    grant_type: 'client_credentials',
    client_id: sim.config.clientId,
    client_secret: sim.config.clientSecret,
    audience: sim.config.audience,
  });
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL('/oauth/token', sim.baseUrl),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ca: sim.caCertPem,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve(JSON.parse(Buffer.concat(chunks).toString()).access_token),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Follows `next` the way a checkpoint client does. */
async function readAll(
  sim: RunningSimulator,
  path: string,
  key: string,
  token: string,
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let from: string | undefined;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const res = await get(
      sim,
      `${path}${separator}take=100${from ? `&from=${from}` : ''}`,
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('total');
    items.push(...res.body[key]);
    from = res.body.next;
    pages++;
  } while (from);
  return { items, pages };
}

describe('identity tenant generation', () => {
  it('is deterministic and leaves users and clients as they were', () => {
    const a = generateTenant(SPEC);
    const b = generateTenant(SPEC);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const plain = generateTenant({ ...SPEC, identity: undefined });
    expect(plain.users).toEqual(a.users);
    expect(plain.clients).toEqual(a.clients);
    expect(plain.roles).toBeUndefined();
    expect(plain.resourceServers).toBeUndefined();
  });

  it('holds a realistic graph: a big role, the Management API, an over-granted client, stale members', () => {
    const tenant = generateTenant(SPEC);
    const roles = tenant.roles!;
    expect(roles).toHaveLength(6);
    expect(roles[0].members).toHaveLength(230);
    expect(new Set(roles[0].members).size).toBe(230);
    expect(roles.some((r) => r.members.length === 0)).toBe(true);

    const management = tenant.resourceServers!.find((s) => s.is_system)!;
    expect(management).toMatchObject({
      name: 'Auth0 Management API',
      identifier: tenant.audience,
    });
    for (const server of tenant.resourceServers!.filter((s) => !s.is_system)) {
      expect(server.signing_secret).toContain(CANARY);
    }

    const grants = tenant.clientGrants!;
    expect(grants).toContainEqual(
      expect.objectContaining({
        client_id: tenant.m2m.clientId,
        audience: tenant.audience,
        scope: DEFAULT_SCOPES,
      }),
    );
    const truth = identityTruth(tenant);
    expect(truth.managementWriteGrants).toBe(1);
    expect(truth.staleMembers).toBe(1);
    expect(truth.membershipsWithRoles).toBeGreaterThan(0);
    expect(tenant.organizations![0].members.length).toBeGreaterThan(100);
    for (const org of tenant.organizations!) {
      expect(JSON.stringify(org.metadata)).toContain(CANARY);
    }
  });
});

describe("identity tenant generation with given list sizes (the bench's B2B tenant)", () => {
  const sized: TenantSpec = {
    seed: 5,
    users: 400,
    clients: 4,
    identity: {
      roleMembers: [120, 30, 0, 250],
      organizationMembers: [300, 50, 0, 500],
    },
  };

  it('gives each role and organization the members asked for, capped at the users, deterministically', () => {
    const tenant = generateTenant(sized);
    expect(JSON.stringify(generateTenant(sized))).toBe(JSON.stringify(tenant));
    const users = new Set(tenant.users.map((u) => u.user_id));
    expect(tenant.roles!.map((r) => r.members.length)).toEqual([
      120, 30, 0, 250,
    ]);
    // Organization 0 also lists one deleted user; the last is capped at the 400 users.
    expect(tenant.organizations!.map((o) => o.members.length)).toEqual([
      301, 50, 0, 400,
    ]);
    for (const role of tenant.roles!) {
      expect(new Set(role.members).size).toBe(role.members.length);
      expect(role.members.every((id) => users.has(id))).toBe(true);
    }
    const truth = identityTruth(tenant);
    expect(truth.roleAssignments).toBe(400);
    expect(truth.organizationMemberships).toBe(750);
    expect(truth.staleMembers).toBe(1);
  });

  it('leaves the default generation as it was', () => {
    const plain = generateTenant(SPEC);
    expect(plain.roles!.map((r) => r.members.length)[0]).toBe(230);
    expect(
      generateTenant({ ...sized, identity: { roles: 4 } }).roles!,
    ).toHaveLength(4);
  });
});

describe('identity endpoints', () => {
  let tenant: SimulatedTenant;
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    tenant = generateTenant(SPEC);
    sim = await startSimulator({ tenant, rateLimit: null });
    token = await getToken(sim);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('pages roles by offset with totals, without the bookkeeping fields', async () => {
    const res = await get(
      sim,
      '/api/v2/roles?page=0&per_page=4&include_totals=true',
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: 0, limit: 4, total: 6 });
    expect(res.body.roles).toHaveLength(4);
    expect(Object.keys(res.body.roles[0]).sort()).toEqual([
      'description',
      'id',
      'name',
    ]);
    const bare = await get(sim, '/api/v2/roles?page=1&per_page=4', token);
    expect(bare.body).toHaveLength(2);
  });

  it('lists every role member by checkpoint, and refuses offsets past 1,000 records', async () => {
    const role = tenant.roles![0];
    const { items, pages } = await readAll(
      sim,
      `/api/v2/roles/${role.id}/users`,
      'users',
      token,
    );
    expect(pages).toBe(3);
    expect(items.map((u) => u.user_id)).toEqual(role.members);
    expect(Object.keys(items[0]).sort()).toEqual(
      expect.arrayContaining(['user_id']),
    );
    const tooFar = await get(
      sim,
      `/api/v2/roles/${role.id}/users?page=10&per_page=100`,
      token,
    );
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.message).toMatch(
      /exceeds the allowed maximum of 1000 records.*checkpoint pagination/,
    );
    const bigTake = await get(
      sim,
      `/api/v2/roles/${role.id}/users?take=101`,
      token,
    );
    expect(bigTake.status).toBe(400);
    expect(bigTake.body.message).toContain('greater than maximum 100');
    const unknown = await get(sim, '/api/v2/roles/rol_nope/users', token);
    expect(unknown.status).toBe(404);
  });

  it('names the API of each role permission', async () => {
    const role = tenant.roles![0];
    const res = await get(
      sim,
      `/api/v2/roles/${role.id}/permissions?per_page=100&include_totals=true`,
      token,
    );
    expect(res.body.total).toBe(role.permissions.length);
    expect(res.body.permissions[0]).toEqual({
      ...role.permissions[0],
      resource_server_name: expect.any(String),
      description: expect.any(String),
    });
  });

  it('serves resource servers (secrets included, as Auth0 does), client grants and organizations', async () => {
    const servers = await get(
      sim,
      '/api/v2/resource-servers?include_totals=true&per_page=100',
      token,
    );
    expect(servers.body.total).toBe(tenant.resourceServers!.length);
    expect(JSON.stringify(servers.body)).toContain(CANARY);

    const grants = await readAll(
      sim,
      '/api/v2/client-grants',
      'client_grants',
      token,
    );
    expect(grants.items).toEqual(tenant.clientGrants);
    const filtered = await get(
      sim,
      `/api/v2/client-grants?audience=${encodeURIComponent(tenant.audience)}`,
      token,
    );
    expect(
      filtered.body.every((g: any) => g.audience === tenant.audience),
    ).toBe(true);

    const organizations = await readAll(
      sim,
      '/api/v2/organizations',
      'organizations',
      token,
    );
    expect(organizations.items.map((o) => o.id)).toEqual(
      tenant.organizations!.map((o) => o.id),
    );
    expect(organizations.items[0]).not.toHaveProperty('members');
  });

  it('returns member roles only for fields=roles, and only with read:organization_member_roles', async () => {
    const organization = tenant.organizations![0];
    const path = `/api/v2/organizations/${organization.id}/members`;
    const plain = await readAll(sim, path, 'members', token);
    expect(plain.pages).toBe(2);
    expect(plain.items).toHaveLength(organization.members.length);
    expect(plain.items.every((m) => m.roles === undefined)).toBe(true);

    const withRoles = await readAll(
      sim,
      `${path}?fields=user_id,roles&include_fields=true`,
      'members',
      token,
    );
    const assigned = withRoles.items.find((m) => m.roles.length > 0);
    expect(Object.keys(assigned).sort()).toEqual(['roles', 'user_id']);
    expect(assigned.roles[0]).toEqual({
      id: expect.stringMatching(/^rol_/),
      name: expect.any(String),
    });

    sim.setScopes(
      DEFAULT_SCOPES.filter((s) => s !== 'read:organization_member_roles'),
    );
    const narrow = await getToken(sim);
    sim.setScopes(DEFAULT_SCOPES);
    const refused = await get(sim, `${path}?fields=user_id,roles`, narrow);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message:
        'Insufficient scope, expected all of: read:organization_member_roles',
      errorCode: 'insufficient_scope',
    });
    expect((await get(sim, path, narrow)).status).toBe(200);
  });

  it('answers 403 insufficient_scope per endpoint', async () => {
    sim.setScopes(['read:users', 'read:clients']);
    const narrow = await getToken(sim);
    sim.setScopes(DEFAULT_SCOPES);
    for (const [path, scope] of [
      ['/api/v2/roles', 'read:roles'],
      ['/api/v2/resource-servers', 'read:resource_servers'],
      ['/api/v2/client-grants', 'read:client_grants'],
      ['/api/v2/organizations', 'read:organizations'],
      [
        `/api/v2/organizations/${tenant.organizations![0].id}/members`,
        'read:organization_members',
      ],
    ]) {
      const res = await get(sim, path, narrow);
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(
        `Insufficient scope, expected any of: ${scope}`,
      );
    }
  });
});
