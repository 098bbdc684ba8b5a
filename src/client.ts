import { createHash } from 'crypto';
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { grantScopeHint, MissingScopeError } from './api/errors';
import { Progress } from './api/progress';
import { forEachCheckpointPage } from './api/pagination';
import {
  CLIENT_FIELDS,
  ClientGrantRecord,
  ClientRecord,
  OrganizationMemberRecord,
  OrganizationRecord,
  pickClient,
  pickClientGrant,
  pickOrganization,
  pickOrganizationMember,
  pickResourceServer,
  pickRole,
  pickRoleMember,
  pickRolePermission,
  pickUser,
  ResourceServerRecord,
  RoleMemberRecord,
  RolePermissionRecord,
  RoleRecord,
  USER_FIELDS,
  UserRecord,
} from './api/records';
import {
  BreachedPasswordDetectionRecord,
  BruteForceProtectionRecord,
  CONNECTION_FIELDS,
  ConnectionClientRecord,
  ConnectionRecord,
  GuardianFactorRecord,
  pickBreachedPasswordDetection,
  pickBruteForceProtection,
  pickConnection,
  pickConnectionClient,
  pickGuardianFactor,
  pickSigningKey,
  pickSuspiciousIpThrottling,
  pickTenantSettings,
  SigningKeyRecord,
  SuspiciousIpThrottlingRecord,
  TENANT_SETTINGS_FIELDS,
  TenantSettingsRecord,
} from './api/postureRecords';
import { TransportStats } from './api/transport';
import { ExportJob, exportAllUsers } from './api/userExport';
import {
  MAX_SEARCH_RESULTS,
  searchAllUsers,
  SearchPageRequest,
  SearchPageResult,
} from './api/userSearch';
import { IntegrationConfig, UsersStrategy } from './types';
import {
  APIClientOptions,
  Auth0Session,
  PAGE_SIZE,
  records,
  ResourceIteratee,
} from './client/session';
import { ExtensibilityClient } from './client/extensibility';

export { MissingScopeError } from './api/errors';
export type { APIClientOptions, ResourceIteratee } from './client/session';

const MEMBER_ROLES_SCOPE = 'read:organization_member_roles';

const ACCOUNT_POSTURE_LOST = 'auth0_account is collected without';
const ATTACK_PROTECTION_LOST = `${ACCOUNT_POSTURE_LOST} its attack protection settings (bruteForceProtection*, breachedPasswordDetection*, suspiciousIpThrottling*)`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The only code that speaks to Auth0. One `Auth0Session` (one
 * `ManagementClient`, hence one token, one rate limiter shared by every
 * step) per execution; pagination, retries and error translation live
 * underneath, and steps only see records.
 */
export class APIClient {
  readonly session: Auth0Session;
  readonly extensibility: ExtensibilityClient;
  private memberRolesReadable = true;

  constructor(
    config: IntegrationConfig,
    logger: IntegrationLogger,
    options: APIClientOptions = {},
  ) {
    this.session = new Auth0Session(config, logger, options);
    this.extensibility = new ExtensibilityClient(this.session);
  }

  get config(): IntegrationConfig {
    return this.session.config;
  }

  get domain(): string {
    return this.session.domain;
  }

  get audience(): string {
    return this.session.audience;
  }

  get stats(): TransportStats {
    return this.session.stats;
  }

  private get logger(): IntegrationLogger {
    return this.session.logger;
  }

  private get options(): APIClientOptions {
    return this.session.options;
  }

  /** Gets a token and makes the cheapest read, to prove the configuration works. */
  async verifyAuthentication(): Promise<void> {
    try {
      await this.session.call('GET /api/v2/clients', () =>
        this.session.management.clients.list({
          page: 0,
          per_page: 1,
          fields: 'client_id',
          include_fields: true,
        }),
      );
    } catch (err) {
      // The token works; a missing read:clients only degrades one step.
      if (err instanceof MissingScopeError) return;
      throw err;
    }
  }

  async iterateClients(
    iteratee: ResourceIteratee<ClientRecord>,
  ): Promise<void> {
    const seen = new Set<string>();
    const emit = async (clients: Record<string, unknown>[]) => {
      for (const raw of clients) {
        const client = pickClient(raw);
        if (!client.client_id || seen.has(client.client_id)) continue;
        seen.add(client.client_id);
        await iteratee(client);
      }
    };
    const listPage = (page: number) =>
      this.session.call('GET /api/v2/clients', async () => {
        const result = await this.session.management.clients.list({
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
          fields: CLIENT_FIELDS.join(','),
          include_fields: true,
        });
        const response = result.response as { total?: number };
        return {
          clients: result.data as unknown as Record<string, unknown>[],
          total: response.total ?? result.data.length,
        };
      });

    const first = await listPage(0);
    await emit(first.clients);
    const pageCount = Math.ceil(first.total / PAGE_SIZE);
    await Promise.all(
      Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) =>
        listPage(i + 1).then((page) => emit(page.clients)),
      ),
    );
  }

  /**
   * Every user of the tenant, once. `auto` pages through search when the
   * tenant fits in one search (1,000 users) and otherwise runs the export
   * job, falling back to windowed search when the job is unavailable.
   */
  async iterateUsers(
    iteratee: ResourceIteratee<UserRecord>,
    strategy: UsersStrategy = this.config.usersStrategy || 'auto',
  ): Promise<void> {
    const seen = new Set<string>();
    const progress = this.session.startProgress('users');
    const emit = async (user: UserRecord) => {
      progress.tick();
      await iteratee(user);
    };
    try {
      let chosen = strategy;
      if (chosen === 'auto') {
        const total = await this.countUsers();
        progress.expect(total);
        chosen = total > MAX_SEARCH_RESULTS ? 'export' : 'paged';
        this.logger.info(
          { total, strategy: chosen },
          `Tenant holds ${total} users: reading them by ${
            chosen === 'export' ? 'export job' : 'paged search'
          }`,
        );
      }
      if (chosen === 'export') {
        const emitOnce = async (user: UserRecord) => {
          if (seen.has(user.user_id)) return;
          seen.add(user.user_id);
          await emit(user);
        };
        const snapshotAt = await this.tryExport(
          emitOnce,
          strategy === 'export',
        );
        if (snapshotAt !== null) {
          // Users created after the job's snapshot.
          await this.searchUsers(emit, seen, progress, snapshotAt);
          return;
        }
      }
      await this.searchUsers(emit, seen, progress);
    } finally {
      progress.done();
    }
  }

  /**
   * Runs the export job. Returns the snapshot time (epoch ms) on success, or
   * null when the caller should fall back to paged search.
   */
  private async tryExport(
    onUser: ResourceIteratee<UserRecord>,
    forced: boolean,
  ): Promise<number | undefined | null> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const result = await exportAllUsers({
          api: {
            createJob: (request) =>
              this.session.call(
                'POST /api/v2/jobs/users-exports',
                async () =>
                  (await this.session.management.jobs.usersExports.create(
                    request,
                  )) as unknown as ExportJob,
              ),
            getJob: (id) =>
              this.session.call(
                'GET /api/v2/jobs/{id}',
                async () =>
                  (await this.session.management.jobs.get(
                    id,
                  )) as unknown as ExportJob,
              ),
          },
          onUser,
          pollMs: this.options.exportPollMs,
          log: (message) => this.logger.info(message),
        });
        this.logger.info(
          { jobId: result.jobId, users: result.emitted },
          'User export job complete',
        );
        const snapshot = result.snapshotAt
          ? Date.parse(result.snapshotAt)
          : NaN;
        return Number.isNaN(snapshot) ? undefined : snapshot;
      } catch (err) {
        if (err instanceof MissingScopeError) throw err;
        const unavailable =
          err instanceof IntegrationProviderAPIError && err.status === 403;
        const reason = (err as Error).message;
        if (unavailable || attempt === 2) {
          if (forced && !unavailable) throw err;
          this.logger.warn(
            { reason },
            'User export job unavailable or failed; falling back to paged search by created_at windows',
          );
          return null;
        }
        this.logger.warn(
          { reason },
          'User export job failed; retrying with a new job',
        );
      }
    }
    return null;
  }

  /** `seen` is shared with the export path, so no user is emitted twice. */
  private async searchUsers(
    onUser: ResourceIteratee<UserRecord>,
    seen: Set<string>,
    progress: Progress,
    from?: number,
  ): Promise<void> {
    await searchAllUsers({
      searchPage: (request) => this.searchUsersPage(request),
      onUser,
      from,
      seen,
      warn: (message) => this.logger.warn(message),
      onProgress: ({ expected }) => {
        if (from === undefined) progress.expect(expected);
      },
    });
  }

  private async countUsers(): Promise<number> {
    const { total } = await this.searchUsersPage({
      q: '',
      page: 0,
      perPage: 1,
    });
    return total;
  }

  private searchUsersPage(
    request: SearchPageRequest,
  ): Promise<SearchPageResult> {
    return this.session.call('GET /api/v2/users', async () => {
      const result = await this.session.management.users.list({
        q: request.q || undefined,
        page: request.page,
        per_page: request.perPage,
        include_totals: true,
        // Newest first: see api/userSearch.ts.
        sort: 'created_at:-1',
        fields: USER_FIELDS.join(','),
        include_fields: true,
        search_engine: 'v3',
      });
      const response = result.response as { total?: number };
      return {
        users: (result.data as unknown as Record<string, unknown>[]).map(
          pickUser,
        ),
        total: response.total ?? result.data.length,
      };
    });
  }

  // -- roles, APIs, client grants and organizations -------------------------

  async iterateRoles(iteratee: ResourceIteratee<RoleRecord>): Promise<void> {
    await this.session.iterateOffsetList(
      'GET /api/v2/roles',
      async (page) => {
        const result = await this.session.management.roles.list({
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
        });
        return { items: records(result.data), total: result.response.total };
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
        return { items: records(result.data), total: result.response.total };
      },
      pickRolePermission,
      (permission) =>
        permission.resource_server_identifier && permission.permission_name
          ? `${permission.resource_server_identifier} ${permission.permission_name}`
          : undefined,
      iteratee,
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
        return { items: records(result.data), total: result.response.total };
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
    const seen = new Set<string>();
    await forEachCheckpointPage(
      async (from) => {
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
            this.memberRolesReadable = false;
            this.logger.publishWarnEvent({
              name: IntegrationWarnEventName.MissingPermission,
              description: `Missing Auth0 Management API scope ${MEMBER_ROLES_SCOPE}: organization members are collected without their organization roles. ${grantScopeHint(
                [MEMBER_ROLES_SCOPE],
              )}`,
            });
          }
        }
        return this.session.call(endpoint, () => list(from, false));
      },
      (items) =>
        this.session.emitOnce(
          items,
          pickOrganizationMember,
          seen,
          iteratee,
          (member) => member.user_id,
        ),
    );
  }

  // -- connections, tenant posture and signing keys -------------------------

  /** Connections (identity sources); their option secrets are dropped field by field. */
  async iterateConnections(
    iteratee: ResourceIteratee<ConnectionRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      'GET /api/v2/connections',
      async (from) => {
        const result = await this.session.management.connections.list({
          from,
          take: PAGE_SIZE,
          fields: CONNECTION_FIELDS.join(','),
          include_fields: true,
        });
        return { items: records(result.data), next: result.response.next };
      },
      pickConnection,
      (connection) => connection.id,
      iteratee,
    );
  }

  /** The clients a connection is enabled for (`enabled_clients` is deprecated). */
  async iterateConnectionClients(
    connectionId: string,
    iteratee: ResourceIteratee<ConnectionClientRecord>,
  ): Promise<void> {
    await this.session.iterateCheckpointList(
      `GET /api/v2/connections/${encodeURIComponent(connectionId)}/clients`,
      async (from) => {
        const result = await this.session.management.connections.clients.get(
          connectionId,
          { from, take: PAGE_SIZE },
        );
        return { items: records(result.data), next: result.response.next };
      },
      pickConnectionClient,
      (client) => client.client_id,
      iteratee,
    );
  }

  /** `[]` when MFA is never required; `all-applications` or `confidence-score` (adaptive) otherwise. */
  async getMfaPolicies(): Promise<string[]> {
    const policies: unknown = await this.session.call(
      'GET /api/v2/guardian/policies',
      () => this.session.management.guardian.policies.list(),
      `${ACCOUNT_POSTURE_LOST} mfaEnabled and mfaPolicies`,
    );
    return Array.isArray(policies)
      ? policies.filter((p): p is string => typeof p === 'string')
      : [];
  }

  async listGuardianFactors(): Promise<GuardianFactorRecord[]> {
    const factors: unknown = await this.session.call(
      'GET /api/v2/guardian/factors',
      () => this.session.management.guardian.factors.list(),
      `${ACCOUNT_POSTURE_LOST} mfaFactors`,
    );
    return Array.isArray(factors)
      ? records(factors.filter(isPlainObject)).map(pickGuardianFactor)
      : [];
  }

  async getTenantSettings(): Promise<TenantSettingsRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/tenants/settings',
      () =>
        this.session.management.tenants.settings.get({
          fields: TENANT_SETTINGS_FIELDS.join(','),
          include_fields: true,
        }),
      `${ACCOUNT_POSTURE_LOST} sessionLifetime and idleSessionLifetime`,
    );
    return isPlainObject(settings) ? pickTenantSettings(settings) : {};
  }

  async getBruteForceProtection(): Promise<BruteForceProtectionRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/brute-force-protection',
      () => this.session.management.attackProtection.bruteForceProtection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickBruteForceProtection(settings) : {};
  }

  async getBreachedPasswordDetection(): Promise<BreachedPasswordDetectionRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/breached-password-detection',
      () =>
        this.session.management.attackProtection.breachedPasswordDetection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings)
      ? pickBreachedPasswordDetection(settings)
      : {};
  }

  async getSuspiciousIpThrottling(): Promise<SuspiciousIpThrottlingRecord> {
    const settings: unknown = await this.session.call(
      'GET /api/v2/attack-protection/suspicious-ip-throttling',
      () =>
        this.session.management.attackProtection.suspiciousIpThrottling.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickSuspiciousIpThrottling(settings) : {};
  }

  /** The tenant's token signing keys: public certificates only. */
  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const keys: unknown = await this.session.call(
      'GET /api/v2/keys/signing',
      () => this.session.management.keys.signing.list(),
    );
    return Array.isArray(keys)
      ? records(keys.filter(isPlainObject))
          .map(pickSigningKey)
          .filter((key) => typeof key.kid === 'string' && key.kid !== '')
      : [];
  }
}

const clients = new Map<string, APIClient>();
let defaultOptions: APIClientOptions = {};

/** One client (and token, and limiter) per tenant per run, shared by every step. */
export function getOrCreateAPIClient(
  config: IntegrationConfig,
  logger: IntegrationLogger,
): APIClient {
  const key = [
    config.domain,
    config.audience,
    config.clientId,
    createHash('sha256').update(String(config.clientSecret)).digest('hex'),
    config.usersStrategy ?? '',
  ].join('|');
  let client = clients.get(key);
  if (!client) {
    client = new APIClient(config, logger, defaultOptions);
    clients.set(key, client);
  }
  return client;
}

/** Tests: options for the clients the steps create from now on (e.g. short timeouts and backoffs). */
export function setAPIClientOptions(options: APIClientOptions): void {
  defaultOptions = options;
}

/** Forget cached clients (tests: each recording starts with its own token). */
export function resetAPIClients(): void {
  clients.clear();
}
