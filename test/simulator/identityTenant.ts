/**
 * Seeded generation of a tenant's identity graph: roles and their members and
 * permissions, APIs (resource servers), client grants and organizations with
 * their members. Records keep the raw Management API shape, secrets included;
 * `members` and `permissions` are the simulator's own bookkeeping and are
 * served through their own endpoints.
 */
import type { Auth0ClientRecord, Auth0UserRecord } from './tenant';
import { SeededRandom } from './seededRandom';

export interface IdentitySpec {
  /** roles in all, the big one included; default 8 */
  roles?: number;
  /** default 4 */
  organizations?: number;
  /** direct members of the largest role; default 150 (more than a page), capped at the user count */
  bigRoleMembers?: number;
  /** custom APIs besides the Auth0 Management API; default 4 */
  apis?: number;
  /** direct members of each role, in order (a B2B tenant's sizes); replaces `roles` and `bigRoleMembers` */
  roleMembers?: number[];
  /** members of each organization, in order; replaces `organizations` and the default sizes */
  organizationMembers?: number[];
}

export interface Auth0RoleRecord {
  id: string;
  name: string;
  description?: string;
}

export interface RolePermissionGrant {
  resource_server_identifier: string;
  permission_name: string;
}

export interface SimulatedRole extends Auth0RoleRecord {
  /** user_ids of the role's direct members, in assignment order */
  members: string[];
  permissions: RolePermissionGrant[];
}

export interface Auth0ResourceServerRecord {
  id: string;
  name: string;
  identifier: string;
  scopes: Array<{ value: string; description?: string }>;
  [field: string]: unknown;
}

export interface Auth0ClientGrantRecord {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  [field: string]: unknown;
}

export interface Auth0OrganizationRecord {
  id: string;
  name: string;
  display_name?: string;
  [field: string]: unknown;
}

export interface SimulatedOrganizationMember {
  user_id: string;
  /** ids of the roles assigned to the member in this organization */
  roles: string[];
}

export interface SimulatedOrganization extends Auth0OrganizationRecord {
  members: SimulatedOrganizationMember[];
}

export interface SimulatedIdentity {
  roles: SimulatedRole[];
  resourceServers: Auth0ResourceServerRecord[];
  clientGrants: Auth0ClientGrantRecord[];
  organizations: SimulatedOrganization[];
}

export interface IdentityInput {
  seed: number;
  audience: string;
  users: readonly Auth0UserRecord[];
  clients: readonly Auth0ClientRecord[];
  /** the integration's own application and the scopes it is granted */
  m2m: { clientId: string; scopes: readonly string[] };
  canary?: string;
  spec: IdentitySpec;
}

/** The read scopes the identity endpoints need (organization member roles are asked for with fields=roles). */
export const IDENTITY_SCOPES = [
  'read:roles',
  'read:resource_servers',
  'read:client_grants',
  'read:organizations',
  'read:organization_members',
  'read:organization_member_roles',
];

/** The Auth0 Management API's own scopes, as its system resource server lists them (a subset). */
const MANAGEMENT_API_SCOPES = [
  'read:users',
  'update:users',
  'delete:users',
  'create:users',
  'read:users_app_metadata',
  'update:users_app_metadata',
  'read:user_idp_tokens',
  'read:clients',
  'update:clients',
  'delete:clients',
  'create:clients',
  'read:client_keys',
  'read:client_grants',
  'update:client_grants',
  'delete:client_grants',
  'create:client_grants',
  'read:connections',
  'update:connections',
  'read:resource_servers',
  'update:resource_servers',
  'read:roles',
  'create:roles',
  'update:roles',
  'delete:roles',
  'read:role_members',
  'read:organizations',
  'update:organizations',
  'read:organization_members',
  'create:organization_members',
  'read:organization_member_roles',
  'read:logs',
  'read:tenant_settings',
  'update:tenant_settings',
];

/** What a provisioning service is typically over-granted: the auditor's first finding. */
const PROVISIONING_SCOPES = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  'read:clients',
  'delete:clients',
];

interface ApiTemplate {
  name: string;
  identifier: string;
  resources: string[];
  hs256?: boolean;
}

const API_TEMPLATES: ApiTemplate[] = [
  {
    name: 'Orders API',
    identifier: 'https://api.acme.com/orders',
    resources: ['orders', 'refunds'],
  },
  {
    name: 'Billing API',
    identifier: 'https://billing.acme.com/',
    resources: ['invoices', 'payment_methods'],
    hs256: true,
  },
  {
    name: 'Inventory API',
    identifier: 'urn:acme:inventory',
    resources: ['products', 'stock'],
  },
  {
    name: 'Internal Admin API',
    identifier: 'https://admin.internal.acme.com/api',
    resources: ['settings', 'audit_log', 'feature_flags'],
    hs256: true,
  },
  {
    name: 'Reports API',
    identifier: 'https://reports.acme.com/v1/',
    resources: ['reports'],
  },
];

const ROLE_TEMPLATES: Array<{ name: string; description?: string }> = [
  { name: 'Read Only', description: 'View data in every customer-facing API' },
  { name: 'Admin', description: 'Full access to the admin console' },
  { name: 'Support Agent', description: 'Look up orders and issue refunds' },
  { name: 'Billing Manager', description: 'Manage invoices and payments' },
  { name: 'Developer', description: 'Manage feature flags and settings' },
  { name: 'Auditor' },
  { name: 'Org Admin', description: 'Administers one customer organization' },
  { name: 'Reporting', description: 'Runs and exports reports' },
  { name: 'Contractor', description: 'Time-limited access for contractors' },
];

const ORGANIZATION_TEMPLATES: Array<[string, string]> = [
  ['globex', 'Globex Corporation'],
  ['initech', 'Initech'],
  ['umbrella', 'Umbrella Corp'],
  ['hooli', 'Hooli'],
  ['stark-industries', 'Stark Industries'],
  ['wayne-enterprises', 'Wayne Enterprises'],
];

function secret(rng: SeededRandom, canary: string | undefined): string {
  const body = rng.id('', 43);
  return canary ? `${body.slice(0, 8)}${canary}${body.slice(8)}` : body;
}

function checkCount(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(
      `TenantSpec.identity.${name} must be an integer >= ${minimum}, got ${value}`,
    );
  }
  return value;
}

export function generateIdentity(input: IdentityInput): SimulatedIdentity {
  const { spec } = input;
  const rng = new SeededRandom((input.seed ^ 0x2c1b3c6d) >>> 0);
  const roleMembers = spec.roleMembers?.map((n) =>
    checkCount('roleMembers[]', n, 0),
  );
  const organizationMembers = spec.organizationMembers?.map((n) =>
    checkCount('organizationMembers[]', n, 0),
  );
  const roleCount = checkCount(
    'roles',
    roleMembers?.length ?? spec.roles ?? 8,
    1,
  );
  const organizationCount = checkCount(
    'organizations',
    organizationMembers?.length ?? spec.organizations ?? 4,
    0,
  );
  const bigRoleMembers = checkCount(
    'bigRoleMembers',
    spec.bigRoleMembers ?? 150,
    0,
  );
  const apiCount = checkCount('apis', spec.apis ?? 4, 0);

  const resourceServers = generateResourceServers(
    rng,
    input.audience,
    apiCount,
    input.canary,
  );
  const customApis = resourceServers.filter((server) => !server.is_system);
  const userIds = input.users.map((user) => user.user_id);
  const roles = generateRoles(
    rng,
    roleCount,
    userIds,
    Math.min(bigRoleMembers, userIds.length),
    customApis,
    roleMembers,
  );
  const clientGrants = generateClientGrants(
    rng,
    input,
    resourceServers,
    customApis,
  );
  const organizations = generateOrganizations(
    rng,
    organizationCount,
    userIds,
    roles,
    input.canary,
    organizationMembers,
  );
  return { roles, resourceServers, clientGrants, organizations };
}

function generateResourceServers(
  rng: SeededRandom,
  audience: string,
  count: number,
  canary: string | undefined,
): Auth0ResourceServerRecord[] {
  const management: Auth0ResourceServerRecord = {
    id: rng.id('', 24).toLowerCase(),
    name: 'Auth0 Management API',
    identifier: audience,
    is_system: true,
    scopes: MANAGEMENT_API_SCOPES.map((value) => ({
      value,
      description: value.replace(':', ' ').replace(/_/g, ' '),
    })),
    signing_alg: 'RS256',
    allow_offline_access: false,
    skip_consent_for_verifiable_first_party_clients: false,
    token_lifetime: 86400,
    token_lifetime_for_web: 7200,
  };
  const servers = [management];
  for (let i = 0; i < count; i++) {
    const template = API_TEMPLATES[i % API_TEMPLATES.length];
    const round = Math.floor(i / API_TEMPLATES.length);
    const scopes = template.resources.flatMap((resource) => [
      { value: `read:${resource}`, description: `Read ${resource}` },
      { value: `create:${resource}`, description: `Create ${resource}` },
      { value: `update:${resource}`, description: `Update ${resource}` },
      { value: `delete:${resource}`, description: `Delete ${resource}` },
    ]);
    const server: Auth0ResourceServerRecord = {
      id: rng.id('', 24).toLowerCase(),
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      identifier:
        round === 0 ? template.identifier : `${template.identifier}-${round}`,
      scopes,
      signing_alg: template.hs256 ? 'HS256' : 'RS256',
      // Every API has one; it signs HS256 tokens and must never leave.
      signing_secret: secret(rng, canary),
      allow_offline_access: rng.chance(0.5),
      skip_consent_for_verifiable_first_party_clients: true,
      token_lifetime: rng.chance(0.3) ? 3600 : 86400,
      token_lifetime_for_web: 7200,
      token_dialect: rng.chance(0.5) ? 'access_token_authz' : 'access_token',
      enforce_policies: rng.chance(0.7),
    };
    servers.push(server);
  }
  return servers;
}

function generateRoles(
  rng: SeededRandom,
  count: number,
  userIds: readonly string[],
  bigRoleMembers: number,
  apis: readonly Auth0ResourceServerRecord[],
  sizes: readonly number[] | undefined,
): SimulatedRole[] {
  const roles: SimulatedRole[] = [];
  const permissionsOf = (server: Auth0ResourceServerRecord, verbs: RegExp) =>
    server.scopes
      .filter((scope) => verbs.test(scope.value))
      .map((scope) => ({
        resource_server_identifier: server.identifier,
        permission_name: scope.value,
      }));
  for (let i = 0; i < count; i++) {
    const template = ROLE_TEMPLATES[i % ROLE_TEMPLATES.length];
    const round = Math.floor(i / ROLE_TEMPLATES.length);
    const role: SimulatedRole = {
      id: rng.id('rol_'),
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      members: [],
      permissions: [],
    };
    if (template.description) role.description = template.description;
    if (sizes) {
      // Given sizes draw members the same way for every role; permissions as below.
      role.members = rng.sample(userIds, sizes[i]);
      for (const api of rng.sample(apis, rng.int(1, 3))) {
        role.permissions.push(...permissionsOf(api, /^read:/));
      }
    } else if (i === 0) {
      // The big role: read access to every API, more members than one page.
      role.members = rng.sample(userIds, bigRoleMembers);
      role.permissions = apis.flatMap((api) => permissionsOf(api, /^read:/));
    } else {
      // The last role is defined but not assigned yet.
      role.members =
        i === count - 1
          ? []
          : rng.sample(userIds, rng.int(1, Math.min(25, 1 + i * 3)));
      // One to three APIs each; every permission of a role on one API is one relationship.
      for (const api of rng.sample(apis, rng.int(1, 3))) {
        role.permissions.push(
          ...permissionsOf(
            api,
            rng.chance(0.4) ? /^(read|update|create|delete):/ : /^read:/,
          ),
        );
      }
    }
    roles.push(role);
  }
  return roles;
}

function generateClientGrants(
  rng: SeededRandom,
  input: IdentityInput,
  servers: readonly Auth0ResourceServerRecord[],
  apis: readonly Auth0ResourceServerRecord[],
): Auth0ClientGrantRecord[] {
  const grant = (
    clientId: string,
    audience: string,
    scope: string[],
  ): Auth0ClientGrantRecord => ({
    id: rng.id('cgr_'),
    client_id: clientId,
    audience,
    scope,
    organization_usage: 'deny',
    allow_any_organization: false,
    is_system: false,
    subject_type: 'client',
  });
  const management = servers[0];
  // The integration's own read-only grant.
  const grants = [
    grant(input.m2m.clientId, management.identifier, [...input.m2m.scopes]),
  ];
  const machines = input.clients.filter(
    (client) =>
      client.app_type === 'non_interactive' &&
      client.client_id !== input.m2m.clientId,
  );
  machines.forEach((client, index) => {
    if (index === 0) {
      grants.push(
        grant(client.client_id, management.identifier, [
          ...PROVISIONING_SCOPES,
        ]),
      );
    }
    for (const api of rng.sample(apis, index === 0 ? 1 : rng.int(1, 2))) {
      const scope = api.scopes
        .map((s) => s.value)
        .filter((value) => value.startsWith('read:') || rng.chance(0.3));
      grants.push(grant(client.client_id, api.identifier, scope));
    }
  });
  return grants;
}

function generateOrganizations(
  rng: SeededRandom,
  count: number,
  userIds: readonly string[],
  roles: readonly SimulatedRole[],
  canary: string | undefined,
  sizes: readonly number[] | undefined,
): SimulatedOrganization[] {
  const organizations: SimulatedOrganization[] = [];
  const orgRoles = roles.slice(1, 4).map((role) => role.id);
  for (let i = 0; i < count; i++) {
    const [slug, display] =
      ORGANIZATION_TEMPLATES[i % ORGANIZATION_TEMPLATES.length];
    const round = Math.floor(i / ORGANIZATION_TEMPLATES.length);
    // The first organization holds more members than one page of 100.
    const size = sizes
      ? Math.min(sizes[i], userIds.length)
      : i === 0
        ? Math.min(130, userIds.length)
        : rng.int(0, Math.min(40, userIds.length));
    const members: SimulatedOrganizationMember[] = rng
      .sample(userIds, size)
      .map((userId) => ({
        user_id: userId,
        roles: rng.chance(0.4)
          ? rng.sample(orgRoles, rng.int(1, 2))
          : ([] as string[]),
      }));
    if (i === 0) {
      // Member lists are eventually consistent: a deleted user can linger.
      members.push({
        user_id: `auth0|${rng.id('', 24).toLowerCase()}`,
        roles: [],
      });
    }
    const metadata: Record<string, string> = {
      tier: rng.chance(0.5) ? 'enterprise' : 'business',
    };
    if (canary) metadata.scim_token = secret(rng, canary);
    organizations.push({
      id: rng.id('org_'),
      name: round === 0 ? slug : `${slug}-${round + 1}`,
      display_name: round === 0 ? display : `${display} ${round + 1}`,
      branding: {
        logo_url: `https://cdn.acme.com/logos/${slug}.png`,
        colors: { primary: '#0059d6', page_background: '#000000' },
      },
      metadata,
      members,
    });
  }
  return organizations;
}

/** Whether a scope changes data: what an auditor looks for in a grant. */
export function isWriteScope(scope: string): boolean {
  return /^(create|update|delete):/.test(scope);
}

/**
 * What a complete collection of this identity graph must hold, counted from
 * the raw records: the ground truth for the demo and the tests.
 */
export interface IdentityTruth {
  roles: number;
  resourceServers: number;
  organizations: number;
  /** user -> role, direct members that are users of the tenant */
  roleAssignments: number;
  /** role -> API pairs with at least one permission */
  rolePermissionLinks: number;
  /** client -> API grants whose client and API both exist */
  clientGrantLinks: number;
  /** grants of a write scope on the Management API */
  managementWriteGrants: number;
  /** organization -> user, members that are users of the tenant */
  organizationMemberships: number;
  /** memberships that carry at least one role */
  membershipsWithRoles: number;
  /** members listed by an organization that are not users of the tenant */
  staleMembers: number;
}

export function identityTruth(
  tenant: {
    users: readonly Auth0UserRecord[];
    clients: readonly Auth0ClientRecord[];
  } & Partial<SimulatedIdentity>,
): IdentityTruth {
  const roles = tenant.roles ?? [];
  const resourceServers = tenant.resourceServers ?? [];
  const organizations = tenant.organizations ?? [];
  const users = new Set(tenant.users.map((user) => user.user_id));
  const clients = new Set(tenant.clients.map((client) => client.client_id));
  const servers = new Set(resourceServers.map((s) => s.identifier));
  const management = resourceServers.find((s) => s.is_system);
  const grants = (tenant.clientGrants ?? []).filter(
    (g) => clients.has(g.client_id) && servers.has(g.audience),
  );
  const memberships = organizations.flatMap((org) => org.members);
  return {
    roles: roles.length,
    resourceServers: resourceServers.length,
    organizations: organizations.length,
    roleAssignments: roles.reduce(
      (sum, role) => sum + role.members.filter((id) => users.has(id)).length,
      0,
    ),
    rolePermissionLinks: roles.reduce(
      (sum, role) =>
        sum +
        new Set(
          role.permissions
            .map((p) => p.resource_server_identifier)
            .filter((id) => servers.has(id)),
        ).size,
      0,
    ),
    clientGrantLinks: grants.length,
    managementWriteGrants: grants.filter(
      (g) =>
        g.audience === management?.identifier && g.scope.some(isWriteScope),
    ).length,
    organizationMemberships: memberships.filter((m) => users.has(m.user_id))
      .length,
    membershipsWithRoles: memberships.filter(
      (m) => users.has(m.user_id) && m.roles.length > 0,
    ).length,
    staleMembers: memberships.filter((m) => !users.has(m.user_id)).length,
  };
}
