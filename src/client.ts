import { createHash } from 'crypto';
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { ManagementClient } from 'auth0';

import {
  grantScopeHint,
  isTokenRequestError,
  MissingScopeError,
  translateError,
} from './api/errors';
import { Progress } from './api/progress';
import { RateLimiter } from './api/rateLimiter';
import {
  CheckpointPage,
  forEachCheckpointPage,
  forEachOffsetPage,
  OffsetPage,
} from './api/pagination';
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
import { createTransport, TransportStats } from './api/transport';
import { ExportJob, exportAllUsers } from './api/userExport';
import {
  MAX_SEARCH_RESULTS,
  searchAllUsers,
  SearchPageRequest,
  SearchPageResult,
} from './api/userSearch';
import { IntegrationConfig, UsersStrategy } from './types';

export type ResourceIteratee<T> = (resource: T) => Promise<void>;
export { MissingScopeError } from './api/errors';

const PAGE_SIZE = 100;
const MEMBER_ROLES_SCOPE = 'read:organization_member_roles';

const ACCOUNT_POSTURE_LOST = 'auth0_account is collected without';
const ATTACK_PROTECTION_LOST = `${ACCOUNT_POSTURE_LOST} its attack protection settings (bruteForceProtection*, breachedPasswordDetection*, suspiciousIpThrottling*)`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A page's records as plain objects, to be picked down to an allow-list. */
function records(data: readonly object[]): Record<string, unknown>[] {
  return data as unknown as Record<string, unknown>[];
}

export interface APIClientOptions {
  limiter?: RateLimiter;
  /** per-attempt request timeout */
  timeoutMs?: number;
  maxAttempts?: number;
  /** first retry backoff; doubles per attempt up to the transport's cap */
  baseBackoffMs?: number;
  exportPollMs?: number;
}

/**
 * The only code that speaks to Auth0. One `ManagementClient`, hence one
 * token, per run; one rate limiter shared by every step; pagination, retries
 * and error translation live here, and steps only see records.
 */
export class APIClient {
  readonly domain: string;
  readonly audience: string;
  private readonly limiter: RateLimiter;
  private readonly transport: ReturnType<typeof createTransport>;
  private management: ManagementClient;
  private tokenRefreshed = false;
  private readonly warnedScopes = new Set<string>();
  private memberRolesReadable = true;

  constructor(
    readonly config: IntegrationConfig,
    private readonly logger: IntegrationLogger,
    private readonly options: APIClientOptions = {},
  ) {
    this.domain = config.domain.trim();
    this.audience = config.audience.trim();
    this.limiter = options.limiter ?? new RateLimiter();
    this.transport = createTransport({
      limiter: this.limiter,
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
      baseBackoffMs: options.baseBackoffMs,
      onRetry: ({ endpoint, attempt, reason, waitMs }) =>
        this.logger.debug(
          { endpoint, attempt, reason, waitMs },
          'Retrying Auth0 request',
        ),
    });
    this.management = this.createManagementClient();
  }

  get stats(): TransportStats {
    return this.transport.stats;
  }

  private createManagementClient(): ManagementClient {
    return new ManagementClient({
      domain: this.domain,
      audience: this.audience,
      clientId: this.config.clientId.trim(),
      clientSecret: this.config.clientSecret.trim(),
      fetch: this.transport.fetch,
      // Our transport is the single retry loop and timeout.
      maxRetries: 0,
      timeoutInSeconds: 24 * 3600,
      telemetry: false,
      logging: { silent: true },
    });
  }

  /** Gets a token and makes the cheapest read, to prove the configuration works. */
  async verifyAuthentication(): Promise<void> {
    try {
      await this.call('GET /api/v2/clients', () =>
        this.management.clients.list({
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
      this.call('GET /api/v2/clients', async () => {
        const result = await this.management.clients.list({
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
    const progress = this.startProgress('users');
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
              this.call(
                'POST /api/v2/jobs/users-exports',
                async () =>
                  (await this.management.jobs.usersExports.create(
                    request,
                  )) as unknown as ExportJob,
              ),
            getJob: (id) =>
              this.call(
                'GET /api/v2/jobs/{id}',
                async () =>
                  (await this.management.jobs.get(id)) as unknown as ExportJob,
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
    return this.call('GET /api/v2/users', async () => {
      const result = await this.management.users.list({
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
    await this.iterateOffsetList(
      'GET /api/v2/roles',
      async (page) => {
        const result = await this.management.roles.list({
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
    await this.iterateCheckpointList(
      `GET /api/v2/roles/${encodeURIComponent(roleId)}/users`,
      async (from) => {
        const result = await this.management.roles.users.list(roleId, {
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
    await this.iterateOffsetList(
      `GET /api/v2/roles/${encodeURIComponent(roleId)}/permissions`,
      async (page) => {
        const result = await this.management.roles.permissions.list(roleId, {
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
        });
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
    await this.iterateOffsetList(
      'GET /api/v2/resource-servers',
      async (page) => {
        const result = await this.management.resourceServers.list({
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
    await this.iterateCheckpointList(
      'GET /api/v2/client-grants',
      async (from) => {
        const result = await this.management.clientGrants.list({
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
    await this.iterateCheckpointList(
      'GET /api/v2/organizations',
      async (from) => {
        const result = await this.management.organizations.list({
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
      const result = await this.management.organizations.members.list(
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
          this.warnedScopes.add(MEMBER_ROLES_SCOPE);
          try {
            return await this.call(endpoint, () => list(from, true));
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
        return this.call(endpoint, () => list(from, false));
      },
      (items) =>
        this.emitOnce(
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
    await this.iterateCheckpointList(
      'GET /api/v2/connections',
      async (from) => {
        const result = await this.management.connections.list({
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
    await this.iterateCheckpointList(
      `GET /api/v2/connections/${encodeURIComponent(connectionId)}/clients`,
      async (from) => {
        const result = await this.management.connections.clients.get(
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
    const policies: unknown = await this.call(
      'GET /api/v2/guardian/policies',
      () => this.management.guardian.policies.list(),
      `${ACCOUNT_POSTURE_LOST} mfaEnabled and mfaPolicies`,
    );
    return Array.isArray(policies)
      ? policies.filter((p): p is string => typeof p === 'string')
      : [];
  }

  async listGuardianFactors(): Promise<GuardianFactorRecord[]> {
    const factors: unknown = await this.call(
      'GET /api/v2/guardian/factors',
      () => this.management.guardian.factors.list(),
      `${ACCOUNT_POSTURE_LOST} mfaFactors`,
    );
    return Array.isArray(factors)
      ? records(factors.filter(isPlainObject)).map(pickGuardianFactor)
      : [];
  }

  async getTenantSettings(): Promise<TenantSettingsRecord> {
    const settings: unknown = await this.call(
      'GET /api/v2/tenants/settings',
      () =>
        this.management.tenants.settings.get({
          fields: TENANT_SETTINGS_FIELDS.join(','),
          include_fields: true,
        }),
      `${ACCOUNT_POSTURE_LOST} sessionLifetime and idleSessionLifetime`,
    );
    return isPlainObject(settings) ? pickTenantSettings(settings) : {};
  }

  async getBruteForceProtection(): Promise<BruteForceProtectionRecord> {
    const settings: unknown = await this.call(
      'GET /api/v2/attack-protection/brute-force-protection',
      () => this.management.attackProtection.bruteForceProtection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickBruteForceProtection(settings) : {};
  }

  async getBreachedPasswordDetection(): Promise<BreachedPasswordDetectionRecord> {
    const settings: unknown = await this.call(
      'GET /api/v2/attack-protection/breached-password-detection',
      () => this.management.attackProtection.breachedPasswordDetection.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings)
      ? pickBreachedPasswordDetection(settings)
      : {};
  }

  async getSuspiciousIpThrottling(): Promise<SuspiciousIpThrottlingRecord> {
    const settings: unknown = await this.call(
      'GET /api/v2/attack-protection/suspicious-ip-throttling',
      () => this.management.attackProtection.suspiciousIpThrottling.get(),
      ATTACK_PROTECTION_LOST,
    );
    return isPlainObject(settings) ? pickSuspiciousIpThrottling(settings) : {};
  }

  /** The tenant's token signing keys: public certificates only. */
  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const keys: unknown = await this.call('GET /api/v2/keys/signing', () =>
      this.management.keys.signing.list(),
    );
    return Array.isArray(keys)
      ? records(keys.filter(isPlainObject))
          .map(pickSigningKey)
          .filter((key) => typeof key.kid === 'string' && key.kid !== '')
      : [];
  }

  private async iterateOffsetList<T>(
    endpoint: string,
    listPage: (page: number) => Promise<OffsetPage<Record<string, unknown>>>,
    pickRecord: (raw: Record<string, unknown>) => T,
    keyOf: (record: T) => string | undefined,
    iteratee: ResourceIteratee<T>,
  ): Promise<void> {
    const seen = new Set<string>();
    await forEachOffsetPage(
      PAGE_SIZE,
      (page) => this.call(endpoint, () => listPage(page)),
      (items) => this.emitOnce(items, pickRecord, seen, iteratee, keyOf),
    );
  }

  private async iterateCheckpointList<T>(
    endpoint: string,
    listPage: (
      from: string | undefined,
    ) => Promise<CheckpointPage<Record<string, unknown>>>,
    pickRecord: (raw: Record<string, unknown>) => T,
    keyOf: (record: T) => string | undefined,
    iteratee: ResourceIteratee<T>,
  ): Promise<void> {
    const seen = new Set<string>();
    await forEachCheckpointPage(
      (from) => this.call(endpoint, () => listPage(from)),
      (items) => this.emitOnce(items, pickRecord, seen, iteratee, keyOf),
    );
  }

  /** Picks each record down to its allow-list and emits it once; records without a key are dropped. */
  private async emitOnce<T>(
    items: Record<string, unknown>[],
    pickRecord: (raw: Record<string, unknown>) => T,
    seen: Set<string>,
    iteratee: ResourceIteratee<T>,
    keyOf: (record: T) => string | undefined,
  ): Promise<void> {
    for (const raw of items) {
      const record = pickRecord(raw);
      const key = keyOf(record);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      await iteratee(record);
    }
  }

  /**
   * Runs one Management API call: translates its errors, and on a 401 for an
   * expired or revoked token gets one new token and tries once more.
   * `missingScopeImpact`, for reads that do not fail their step, replaces the
   * MissingPermission warning's "reported partial" with what is lost instead.
   */
  private async call<T>(
    endpoint: string,
    fn: () => Promise<T>,
    missingScopeImpact?: string,
  ): Promise<T> {
    const management = this.management;
    try {
      return await fn();
    } catch (err) {
      const translated = translateError(err, endpoint, this.domain);
      if (translated instanceof MissingScopeError) {
        this.warnMissingScopes(endpoint, translated.scopes, missingScopeImpact);
      }
      const rejectedToken =
        translated instanceof IntegrationProviderAuthenticationError &&
        !isTokenRequestError(err);
      // Sent with the old token while a concurrent call got the new one.
      if (rejectedToken && management !== this.management) {
        return this.call(endpoint, fn, missingScopeImpact);
      }
      if (rejectedToken && !this.tokenRefreshed) {
        this.tokenRefreshed = true;
        this.logger.warn(
          { endpoint },
          'Auth0 rejected the access token; getting a new one',
        );
        this.management = this.createManagementClient();
        return this.call(endpoint, fn, missingScopeImpact);
      }
      throw translated;
    }
  }

  private warnMissingScopes(
    endpoint: string,
    scopes: string[],
    impact = 'the data it reads is reported partial and JupiterOne keeps what it had',
  ): void {
    const key = scopes.join(',');
    if (this.warnedScopes.has(key)) return;
    this.warnedScopes.add(key);
    this.logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingPermission,
      description: `Missing Auth0 Management API scope ${scopes.join(
        ' or ',
      )} (needed by ${endpoint}); ${impact}. ${grantScopeHint(scopes)}`,
    });
    // `j1-integration collect` prints the log but not events: warn there too.
    this.logger.warn(
      { warnEvent: IntegrationWarnEventName.MissingPermission, scopes },
      `Missing Auth0 Management API scope ${scopes.join(' or ')} (needed by ${endpoint})`,
    );
  }

  private startProgress(what: string): Progress {
    return new Progress(what, this.logger, this.transport.stats);
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
