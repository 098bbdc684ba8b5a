import {
  IntegrationLogger,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { grantScopeHint, MissingScopeError } from '../api/errors';
import { forEachCheckpointPage } from '../api/pagination';
import {
  ClientGrantRecord,
  OrganizationMemberRecord,
  OrganizationRecord,
  pickClientGrant,
  pickOrganization,
  pickOrganizationMember,
  pickResourceServer,
  pickRole,
  pickRoleMember,
  pickRolePermission,
  ResourceServerRecord,
  RoleMemberRecord,
  RolePermissionRecord,
  RoleRecord,
} from '../api/records';
import { Auth0Session, PAGE_SIZE, records, ResourceIteratee } from './session';

const MEMBER_ROLES_SCOPE = 'read:organization_member_roles';

/**
 * Who may do what: roles with their users and permissions, APIs (resource
 * servers), client grants, organizations and their members:
 * `client.identity`.
 */
export class IdentityClient {
  /** Per execution: a scope granted since the last run is tried again. */
  private memberRolesReadable = true;

  constructor(private readonly session: Auth0Session) {}

  private get logger(): IntegrationLogger {
    return this.session.logger;
  }

  async iterateRoles(iteratee: ResourceIteratee<RoleRecord>): Promise<void> {
    await this.session.iterateOffsetList(
      'GET /api/v2/roles',
      async (page) => {
        const result = await this.session.management.roles.list({
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
        });
        return {
          items: records(result.data),
          total: result.response.total,
          limit: result.response.limit,
        };
      },
      pickRole,
      (role) => role.id,
      iteratee,
    );
  }

  /** The role's direct members, by checkpoint: offsets stop at 1,000 members. */
  async iterateRoleUsers(
    roleId: string,
    iteratee: ResourceIteratee<RoleMemberRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      `GET /api/v2/roles/${encodeURIComponent(roleId)}/users`,
      async (from) => {
        const result = await this.session.management.roles.users.list(roleId, {
          from,
          take: PAGE_SIZE,
        });
        return { items: records(result.data), next: result.response.next };
      },
      pickRoleMember,
      (member) => member.user_id,
      iteratee,
      true,
    );
  }

  async iterateRolePermissions(
    roleId: string,
    iteratee: ResourceIteratee<RolePermissionRecord>,
  ): Promise<void> {
    await this.session.iterateOffsetList(
      `GET /api/v2/roles/${encodeURIComponent(roleId)}/permissions`,
      async (page) => {
        const result = await this.session.management.roles.permissions.list(
          roleId,
          {
            page,
            per_page: PAGE_SIZE,
            include_totals: true,
          },
        );
        return {
          items: records(result.data),
          total: result.response.total,
          limit: result.response.limit,
        };
      },
      pickRolePermission,
      (permission) =>
        permission.resource_server_identifier && permission.permission_name
          ? `${permission.resource_server_identifier} ${permission.permission_name}`
          : undefined,
      iteratee,
      true,
    );
  }

  /** APIs, the system Auth0 Management API included; signing secrets are dropped. */
  async iterateResourceServers(
    iteratee: ResourceIteratee<ResourceServerRecord>,
  ): Promise<void> {
    await this.session.iterateOffsetList(
      'GET /api/v2/resource-servers',
      async (page) => {
        const result = await this.session.management.resourceServers.list({
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
        });
        return {
          items: records(result.data),
          total: result.response.total,
          limit: result.response.limit,
        };
      },
      pickResourceServer,
      (server) => server.identifier,
      iteratee,
    );
  }

  async iterateClientGrants(
    iteratee: ResourceIteratee<ClientGrantRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      'GET /api/v2/client-grants',
      async (from) => {
        const result = await this.session.management.clientGrants.list({
          from,
          take: PAGE_SIZE,
        });
        return { items: records(result.data), next: result.response.next };
      },
      pickClientGrant,
      (grant) => grant.id,
      iteratee,
    );
  }

  async iterateOrganizations(
    iteratee: ResourceIteratee<OrganizationRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      'GET /api/v2/organizations',
      async (from) => {
        const result = await this.session.management.organizations.list({
          from,
          take: PAGE_SIZE,
        });
        return { items: records(result.data), next: result.response.next };
      },
      pickOrganization,
      (organization) => organization.id,
      iteratee,
    );
  }

  /**
   * The organization's members with their organization roles. Roles need
   * `read:organization_member_roles`; without it members are read without
   * roles for the rest of the run, after one warning.
   */
  async iterateOrganizationMembers(
    organizationId: string,
    iteratee: ResourceIteratee<OrganizationMemberRecord>,
  ): Promise<void> {
    const endpoint = `GET /api/v2/organizations/${encodeURIComponent(
      organizationId,
    )}/members`;
    const list = async (from: string | undefined, withRoles: boolean) => {
      const result = await this.session.management.organizations.members.list(
        organizationId,
        {
          from,
          take: PAGE_SIZE,
          fields: withRoles ? 'user_id,roles' : 'user_id',
          include_fields: true,
        },
      );
      return { items: records(result.data), next: result.response.next };
    };
    const memberPage = async (from: string | undefined) => {
      if (this.memberRolesReadable) {
        // Our own warning below says what is lost; the generic one would call the members partial.
        this.session.suppressScopeWarning([MEMBER_ROLES_SCOPE]);
        try {
          return await this.session.call(endpoint, () => list(from, true));
        } catch (err) {
          if (
            !(err instanceof MissingScopeError) ||
            !err.scopes.includes(MEMBER_ROLES_SCOPE)
          ) {
            throw err;
          }
          // Lists read at once can all meet the 403: the first one warns.
          if (this.memberRolesReadable) {
            this.memberRolesReadable = false;
            this.logger.publishWarnEvent({
              name: IntegrationWarnEventName.MissingPermission,
              description: `Missing Auth0 Management API scope ${MEMBER_ROLES_SCOPE}: organization members are collected without their organization roles. ${grantScopeHint(
                [MEMBER_ROLES_SCOPE],
              )}`,
            });
          }
        }
      }
      return this.session.call(endpoint, () => list(from, false));
    };
    let page = 0;
    const pageOf = (from: string | undefined) =>
      this.session.memberListPage(page++, () => memberPage(from));
    // No set of member keys: a list can hold the whole tenant (see iterateCheckpointList).
    await forEachCheckpointPage(pageOf, (items) =>
      this.session.emitOnce(
        items,
        pickOrganizationMember,
        undefined,
        iteratee,
        (member) => member.user_id,
      ),
    );
  }
}
