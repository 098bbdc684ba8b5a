/**
 * The simulator's identity endpoints: roles (with their users and
 * permissions), resource servers, client grants and organizations (with their
 * members), each with Auth0's own paging style. Offset lists take
 * `page`/`per_page`/`include_totals`; checkpoint lists take `from`/`take` and
 * answer `{next?, <items>}`, and also accept offsets up to Auth0's 1,000-record
 * limit. server.ts routes requests here after authentication and scope checks.
 */
import type {
  Auth0ResourceServerRecord,
  SimulatedOrganization,
  SimulatedRole,
} from './identityTenant';
import { error, flag, listPage, offsetPage, withQueryErrors } from './paging';
import type { Auth0UserRecord, SimulatedTenant } from './tenant';

export interface IdentityReply {
  status: number;
  body: unknown;
}

export interface IdentityRoute {
  method: 'GET';
  pattern: RegExp;
  /** as counted in stats.byRoute */
  name: string;
  /** any one of these lets the request in */
  scopes: string[];
  handle(
    url: URL,
    match: RegExpExecArray,
    tokenScopes: string[],
  ): IdentityReply;
}

const MEMBER_FIELDS = ['user_id', 'email', 'name', 'picture'];

function withoutBookkeeping(
  record: object,
  ...keys: string[]
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function memberView(
  userId: string,
  user: Auth0UserRecord | undefined,
): Record<string, unknown> {
  // A member whose user is gone still lists its id (eventual consistency).
  if (!user) return { user_id: userId };
  const view: Record<string, unknown> = { user_id: userId };
  for (const field of ['email', 'name', 'picture']) {
    if (user[field] !== undefined) view[field] = user[field];
  }
  return view;
}

class IdentityApi {
  private indexed?: {
    users: Map<string, Auth0UserRecord>;
    roles: Map<string, SimulatedRole>;
    servers: Map<string, Auth0ResourceServerRecord>;
    organizations: Map<string, SimulatedOrganization>;
  };

  constructor(private readonly getTenant: () => SimulatedTenant) {}

  private get tenant(): SimulatedTenant {
    return this.getTenant();
  }

  private get index() {
    if (!this.indexed) {
      const tenant = this.tenant;
      this.indexed = {
        users: new Map(tenant.users.map((user) => [user.user_id, user])),
        roles: new Map((tenant.roles ?? []).map((role) => [role.id, role])),
        servers: new Map(
          (tenant.resourceServers ?? []).map((s) => [s.identifier, s]),
        ),
        organizations: new Map(
          (tenant.organizations ?? []).map((org) => [org.id, org]),
        ),
      };
    }
    return this.indexed;
  }

  listRoles(url: URL): IdentityReply {
    const filter = url.searchParams.get('name_filter')?.toLowerCase();
    const roles = (this.tenant.roles ?? [])
      .filter((role) => !filter || role.name.toLowerCase().includes(filter))
      .map((role) => withoutBookkeeping(role, 'members', 'permissions'));
    return offsetPage(url, 'roles', roles, true);
  }

  listRoleUsers(url: URL, roleId: string): IdentityReply {
    const role = this.index.roles.get(roleId);
    if (!role) return roleNotFound();
    const users = role.members.map((id) =>
      memberView(id, this.index.users.get(id)),
    );
    return listPage(url, `role-users:${roleId}`, 'users', users);
  }

  listRolePermissions(url: URL, roleId: string): IdentityReply {
    const role = this.index.roles.get(roleId);
    if (!role) return roleNotFound();
    const permissions = role.permissions.map((permission) => {
      const server = this.index.servers.get(
        permission.resource_server_identifier,
      );
      const scope = server?.scopes.find(
        (s) => s.value === permission.permission_name,
      );
      return {
        ...permission,
        resource_server_name: server?.name,
        description: scope?.description,
      };
    });
    return offsetPage(url, 'permissions', permissions, true);
  }

  listResourceServers(url: URL): IdentityReply {
    const identifiers = url.searchParams.getAll('identifiers');
    const servers = (this.tenant.resourceServers ?? []).filter(
      (server) =>
        identifiers.length === 0 || identifiers.includes(server.identifier),
    );
    return offsetPage(url, 'resource_servers', servers, true);
  }

  listClientGrants(url: URL): IdentityReply {
    const params = url.searchParams;
    const audience = params.get('audience');
    const clientId = params.get('client_id');
    const grants = (this.tenant.clientGrants ?? []).filter(
      (grant) =>
        (!audience || grant.audience === audience) &&
        (!clientId || grant.client_id === clientId),
    );
    return listPage(url, 'client-grants', 'client_grants', grants);
  }

  listOrganizations(url: URL): IdentityReply {
    const organizations = (this.tenant.organizations ?? []).map((org) =>
      withoutBookkeeping(org, 'members'),
    );
    return listPage(url, 'organizations', 'organizations', organizations);
  }

  listOrganizationMembers(
    url: URL,
    organizationId: string,
    tokenScopes: string[],
  ): IdentityReply {
    const organization = this.index.organizations.get(organizationId);
    if (!organization) {
      return error(
        404,
        'Not Found',
        'No organization found by that id or name',
        'inexistent_organization',
      );
    }
    const params = url.searchParams;
    const requested = (params.get('fields') ?? '')
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const include = flag(params, 'include_fields') ?? true;
    // Roles only when asked for by name, as on Auth0.
    const fields =
      requested.length === 0
        ? MEMBER_FIELDS
        : include
          ? requested
          : MEMBER_FIELDS.filter((field) => !requested.includes(field));
    if (
      fields.includes('roles') &&
      !tokenScopes.includes('read:organization_member_roles')
    ) {
      return error(
        403,
        'Forbidden',
        'Insufficient scope, expected all of: read:organization_member_roles',
        'insufficient_scope',
      );
    }
    const members = organization.members.map((member) => {
      const full: Record<string, unknown> = {
        ...memberView(member.user_id, this.index.users.get(member.user_id)),
        roles: member.roles.map((id) => ({
          id,
          name: this.index.roles.get(id)?.name,
        })),
      };
      const view: Record<string, unknown> = {};
      for (const field of fields) {
        if (full[field] !== undefined) view[field] = full[field];
      }
      return view;
    });
    return listPage(url, `members:${organizationId}`, 'members', members);
  }
}

function roleNotFound(): IdentityReply {
  return error(404, 'Not Found', 'The role does not exist.', 'inexistent_role');
}

/** The routes, for server.ts's route table; `getTenant` is read on each request. */
export function identityRoutes(
  getTenant: () => SimulatedTenant,
): IdentityRoute[] {
  const api = new IdentityApi(getTenant);
  const routes: IdentityRoute[] = [
    {
      method: 'GET',
      pattern: /^\/api\/v2\/roles\/?$/,
      name: 'GET /api/v2/roles',
      scopes: ['read:roles'],
      handle: (url) => api.listRoles(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/roles\/([^/]+)\/users\/?$/,
      name: 'GET /api/v2/roles/:id/users',
      scopes: ['read:roles'],
      handle: (url, match) =>
        api.listRoleUsers(url, decodeURIComponent(match[1])),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/roles\/([^/]+)\/permissions\/?$/,
      name: 'GET /api/v2/roles/:id/permissions',
      scopes: ['read:roles'],
      handle: (url, match) =>
        api.listRolePermissions(url, decodeURIComponent(match[1])),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/resource-servers\/?$/,
      name: 'GET /api/v2/resource-servers',
      scopes: ['read:resource_servers'],
      handle: (url) => api.listResourceServers(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/client-grants\/?$/,
      name: 'GET /api/v2/client-grants',
      scopes: ['read:client_grants'],
      handle: (url) => api.listClientGrants(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/organizations\/?$/,
      name: 'GET /api/v2/organizations',
      scopes: ['read:organizations'],
      handle: (url) => api.listOrganizations(url),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/organizations\/([^/]+)\/members\/?$/,
      name: 'GET /api/v2/organizations/:id/members',
      scopes: ['read:organization_members'],
      handle: (url, match, tokenScopes) =>
        api.listOrganizationMembers(
          url,
          decodeURIComponent(match[1]),
          tokenScopes,
        ),
    },
  ];
  // Query errors answer 400 in Auth0's shape, like the rest of the simulator.
  return withQueryErrors(routes);
}
