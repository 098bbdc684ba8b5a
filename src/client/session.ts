import { AsyncLocalStorage } from 'async_hooks';

import {
  IntegrationLogger,
  IntegrationProviderAuthenticationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { ManagementClient } from 'auth0';

import {
  grantScopeHint,
  isTokenRequestError,
  MissingScopeError,
  translateError,
} from '../api/errors';
import {
  CheckpointPage,
  forEachCheckpointPage,
  forEachOffsetPage,
  OffsetPage,
} from '../api/pagination';
import { Progress } from '../api/progress';
import { RateLimiter } from '../api/rateLimiter';
import { createTransport, TransportStats } from '../api/transport';
import { IntegrationConfig } from '../types';

export type ResourceIteratee<T> = (resource: T) => Promise<void>;

/**
 * The limiter priority of requests outside member lists (parent lists, user
 * searches, the export job), in member-list pages: a member list past this
 * many pages is likely a long chain and goes before them; a fresh one waits.
 */
const OUTSIDE_MEMBER_LISTS = 3;

/** Page size asked of every paged list (Auth0's maximum on most of them). */
export const PAGE_SIZE = 100;

export interface APIClientOptions {
  limiter?: RateLimiter;
  /** per-attempt request timeout */
  timeoutMs?: number;
  maxAttempts?: number;
  /** first retry backoff; doubles per attempt up to the transport's cap */
  baseBackoffMs?: number;
  exportPollMs?: number;
}

/** A page's records as plain objects, to be picked down to an allow-list. */
export function records(data: readonly object[]): Record<string, unknown>[] {
  return data as unknown as Record<string, unknown>[];
}

/**
 * What every resource family of the client shares for one execution: one
 * `ManagementClient` (hence one token), one transport and rate limiter, one
 * retry loop, error translation, the MissingPermission warnings already
 * given, and the two paging loops. Created per execution, never cached.
 */
export class Auth0Session {
  readonly domain: string;
  readonly audience: string;
  private readonly limiter: RateLimiter;
  private readonly transport: ReturnType<typeof createTransport>;
  private currentManagement: ManagementClient;
  private tokenRefreshed = false;
  private readonly warnedScopes = new Set<string>();
  /** the page number of the member-list page being requested, for the limiter's priority */
  private readonly pageNumber = new AsyncLocalStorage<number>();

  constructor(
    readonly config: IntegrationConfig,
    readonly logger: IntegrationLogger,
    readonly options: APIClientOptions = {},
  ) {
    this.domain = config.domain.trim();
    this.audience = config.audience.trim();
    this.limiter =
      options.limiter ??
      new RateLimiter({
        priority: () => this.pageNumber.getStore() ?? OUTSIDE_MEMBER_LISTS,
      });
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
    this.currentManagement = this.createManagementClient();
  }

  get stats(): TransportStats {
    return this.transport.stats;
  }

  /** The current `ManagementClient`; replaced once if Auth0 rejects the token. */
  get management(): ManagementClient {
    return this.currentManagement;
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

  /**
   * Runs one Management API call: translates its errors, and on a 401 for an
   * expired or revoked token gets one new token and tries once more.
   * `missingScopeImpact`, for reads that do not fail their step, replaces the
   * MissingPermission warning's "reported partial" with what is lost instead.
   */
  async call<T>(
    endpoint: string,
    fn: (management: ManagementClient) => Promise<T>,
    missingScopeImpact?: string,
  ): Promise<T> {
    const management = this.currentManagement;
    try {
      return await fn(management);
    } catch (err) {
      const translated = translateError(err, endpoint, this.domain);
      if (translated instanceof MissingScopeError) {
        this.warnMissingScopes(endpoint, translated.scopes, missingScopeImpact);
      }
      const rejectedToken =
        translated instanceof IntegrationProviderAuthenticationError &&
        !isTokenRequestError(err);
      // Sent with the old token while a concurrent call got the new one.
      if (rejectedToken && management !== this.currentManagement) {
        return this.call(endpoint, fn, missingScopeImpact);
      }
      if (rejectedToken && !this.tokenRefreshed) {
        this.tokenRefreshed = true;
        this.logger.warn(
          { endpoint },
          'Auth0 rejected the access token; getting a new one',
        );
        this.currentManagement = this.createManagementClient();
        return this.call(endpoint, fn, missingScopeImpact);
      }
      throw translated;
    }
  }

  /** Keeps the generic MissingPermission warning for `scopes` from being published (the caller words its own). */
  suppressScopeWarning(scopes: string[]): void {
    this.warnedScopes.add(scopes.join(','));
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

  /**
   * Runs one page request of a member list (one of many per parent: role
   * users, organization members...) with its page number as its priority.
   * When the rate budget is short, later pages of long-running lists go
   * first, then other requests (they unlock more work: parent lists, the
   * users export), then the first pages of fresh lists, so the longest chain
   * keeps its pace.
   */
  memberListPage<T>(page: number, fn: () => Promise<T>): Promise<T> {
    return this.pageNumber.run(page, fn);
  }

  startProgress(what: string): Progress {
    return new Progress(what, this.logger, this.transport.stats);
  }

  async iterateOffsetList<T>(
    endpoint: string,
    listPage: (
      page: number,
      management: ManagementClient,
    ) => Promise<OffsetPage<Record<string, unknown>>>,
    pickRecord: (raw: Record<string, unknown>) => T,
    keyOf: (record: T) => string | undefined,
    iteratee: ResourceIteratee<T>,
    memberList = false,
  ): Promise<void> {
    const seen = new Set<string>();
    await forEachOffsetPage(
      PAGE_SIZE,
      (page) => {
        const read = () =>
          this.call(endpoint, (management) => listPage(page, management));
        return memberList ? this.memberListPage(page, read) : read();
      },
      (items) => this.emitOnce(items, pickRecord, seen, iteratee, keyOf),
      endpoint,
    );
  }

  async iterateCheckpointList<T>(
    endpoint: string,
    listPage: (
      from: string | undefined,
      management: ManagementClient,
    ) => Promise<CheckpointPage<Record<string, unknown>>>,
    pickRecord: (raw: Record<string, unknown>) => T,
    keyOf: (record: T) => string | undefined,
    iteratee: ResourceIteratee<T>,
    memberList = false,
  ): Promise<void> {
    // A member list can hold the whole tenant: no set of its keys is kept
    // (a checkpoint returns each record once; the linking step skips a
    // relationship already stored, should Auth0 list a member twice).
    const seen = memberList ? undefined : new Set<string>();
    let page = 0;
    await forEachCheckpointPage(
      (from) => {
        const read = () =>
          this.call(endpoint, (management) => listPage(from, management));
        return memberList ? this.memberListPage(page++, read) : read();
      },
      (items) => this.emitOnce(items, pickRecord, seen, iteratee, keyOf),
    );
  }

  /**
   * Picks each record down to its allow-list and emits it, once per key in
   * `seen` when one is given; records without a key are dropped.
   */
  async emitOnce<T>(
    items: Record<string, unknown>[],
    pickRecord: (raw: Record<string, unknown>) => T,
    seen: Set<string> | undefined,
    iteratee: ResourceIteratee<T>,
    keyOf: (record: T) => string | undefined,
  ): Promise<void> {
    for (const raw of items) {
      const record = pickRecord(raw);
      const key = keyOf(record);
      if (!key || seen?.has(key)) continue;
      seen?.add(key);
      await iteratee(record);
    }
  }
}
