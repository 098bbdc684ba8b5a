import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';

import { MissingScopeError } from '../api/errors';
import { Progress } from '../api/progress';
import {
  CLIENT_FIELDS,
  ClientRecord,
  pickClient,
  pickUser,
  USER_FIELDS,
  UserRecord,
} from '../api/records';
import { forEachOffsetPage, MAX_OFFSET_RECORDS } from '../api/pagination';
import {
  DECODED_BATCH_SIZE,
  loadConversion,
  UserConversion,
} from '../api/exportDecoder';
import { ExportJob, exportAllUsers, UserExportResult } from '../api/userExport';
import {
  buildQuery,
  MAX_SEARCH_RESULTS,
  PAGE_SIZE as SEARCH_PAGE_SIZE,
  searchAllUsers,
  SearchRoot,
  SearchPageRequest,
  SearchPageResult,
  UserSearchResult,
} from '../api/userSearch';
import { snapshotTime, summarizeUsersRead, UsersRead } from '../api/usersRead';
import { IntegrationConfig, UsersStrategy } from '../types';
import {
  APIClientOptions,
  Auth0Session,
  PAGE_SIZE,
  records,
  ResourceIteratee,
} from './session';

/**
 * Applications and users: `client.users`. Users are read by search or by
 * export job (see `iterateUsers`); every record is picked down to its
 * allow-list in `api/records.ts` before a step sees it.
 */
export class UsersClient {
  constructor(private readonly session: Auth0Session) {}

  private get config(): IntegrationConfig {
    return this.session.config;
  }

  private get logger(): IntegrationLogger {
    return this.session.logger;
  }

  private get options(): APIClientOptions {
    return this.session.options;
  }

  /**
   * Every application, once. The pages after the first are fetched
   * together, numbered in the page size Auth0 applied; if they come back
   * with fewer clients than the total (deleted meanwhile, or a page size
   * other than announced), or the total is at Auth0's offset limit, the
   * list is read again page by page until it ends (see api/pagination.ts).
   */
  async iterateClients(
    iteratee: ResourceIteratee<ClientRecord>,
  ): Promise<void> {
    const endpoint = 'GET /api/v2/clients';
    const seen = new Set<string>();
    let received = 0;
    const emit = async (items: Record<string, unknown>[]) => {
      received += items.length;
      await this.session.emitOnce(
        items,
        pickClient,
        seen,
        iteratee,
        (client) => client.client_id,
      );
    };
    const listPage = (page: number) =>
      this.session.call(endpoint, async (management) => {
        const result = await management.clients.list({
          page,
          per_page: PAGE_SIZE,
          include_totals: true,
          fields: CLIENT_FIELDS.join(','),
          include_fields: true,
        });
        const response = result.response as { total?: number; limit?: number };
        return {
          items: records(result.data),
          total: response.total,
          limit: response.limit,
        };
      });

    const first = await listPage(0);
    await emit(first.items);
    const total = first.total ?? first.items.length;
    const applied = first.limit && first.limit > 0 ? first.limit : PAGE_SIZE;
    if (total < MAX_OFFSET_RECORDS) {
      const pageCount = Math.ceil(total / applied);
      await Promise.all(
        Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) =>
          listPage(i + 1).then((page) => emit(page.items)),
        ),
      );
      if (received >= total) return;
    }
    await forEachOffsetPage(PAGE_SIZE, listPage, emit, endpoint);
  }

  /**
   * Every user of the tenant, once, and what proves the count, as records.
   * See `iterateUserBatches`.
   */
  async iterateUsers(
    iteratee: ResourceIteratee<UserRecord>,
    strategy?: UsersStrategy,
  ): Promise<UsersRead> {
    return this.iterateUserBatches<UserRecord>(
      undefined,
      async (records) => {
        for (const record of records) await iteratee(record);
      },
      strategy,
    );
  }

  /**
   * Every user of the tenant, once, converted by `conversion` and handed
   * over in batches, and what proves the count. `auto` pages through search
   * when the tenant is below Auth0's 1,000-result cap and otherwise runs the
   * export job, falling back to windowed search when the job is refused or
   * fails; a search total of 1,000 means "1,000 or more", never the
   * tenant's size. On the export path the conversion runs on the decoding
   * worker thread, beside the storing of the batch before.
   */
  async iterateUserBatches<T>(
    conversion: UserConversion | undefined,
    onBatch: (items: T[]) => Promise<void>,
    strategy: UsersStrategy = this.config.usersStrategy || 'auto',
  ): Promise<UsersRead> {
    // Only export users created since its snapshot can be found again by
    // the search that follows: no set here ever holds every user.
    const recent = new Set<string>();
    let collected = 0;
    const progress = this.session.startProgress('users');
    const emit = async (items: T[]) => {
      collected += items.length;
      progress.tick(items.length);
      await onBatch(items);
    };
    try {
      let chosen = strategy;
      let root: SearchRoot | undefined;
      if (chosen === 'auto') {
        root = await this.probeTenant();
        const total = root.first.total;
        const capped = total >= MAX_SEARCH_RESULTS;
        progress.expect(total, capped);
        chosen = capped ? 'export' : 'paged';
        this.logger.info(
          { total: capped ? `${total}+` : total, strategy: chosen },
          `Tenant holds ${capped ? `${total} or more` : total} users: reading them by ${
            chosen === 'export' ? 'export job' : 'paged search'
          }`,
        );
      }
      let exported: UserExportResult | null = null;
      if (chosen === 'export') {
        exported = await this.tryExport<T>(
          conversion,
          async (items, recentIds) => {
            for (const id of recentIds) recent.add(id);
            await emit(items);
          },
          strategy === 'export',
          () => collected,
        );
      }
      // After an export, only users created since its snapshot.
      const from = exported ? snapshotTime(exported) : undefined;
      const convert = loadConversion<T>(conversion);
      let batch: T[] = [];
      // Without an export, the page that counted the tenant is the search's first.
      const searched = await this.searchUsers(
        async (record) => {
          batch.push(convert(record));
          if (batch.length >= DECODED_BATCH_SIZE) {
            const full = batch;
            batch = [];
            await emit(full);
          }
        },
        recent,
        progress,
        from,
        exported ? undefined : root,
      );
      if (batch.length > 0) await emit(batch);
      const read = summarizeUsersRead(exported, searched, collected);
      this.logger.info(
        { ...read },
        `Read ${read.collected} users by ${read.strategy}; ${read.proof}`,
      );
      return read;
    } finally {
      progress.done();
    }
  }

  /**
   * Runs the export job, retrying a failed one once. Returns its result, or
   * null when the caller should fall back to paged search: the job is
   * refused (Free plan) or failed twice, and the strategy is not forced.
   * Once users have been handed over, a failure is final: a second job's
   * file, or a search, would hand them over again.
   */
  private async tryExport<T>(
    conversion: UserConversion | undefined,
    onBatch: (items: T[], recent: string[]) => Promise<void>,
    forced: boolean,
    handedOver: () => number,
  ): Promise<UserExportResult | null> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const result = await exportAllUsers<T>({
          api: {
            createJob: (request) =>
              this.session.call(
                'POST /api/v2/jobs/users-exports',
                async (management) =>
                  (await management.jobs.usersExports.create(
                    request,
                  )) as unknown as ExportJob,
              ),
            getJob: (id) =>
              this.session.call(
                'GET /api/v2/jobs/{id}',
                async (management) =>
                  (await management.jobs.get(id)) as unknown as ExportJob,
              ),
          },
          conversion,
          onBatch,
          pollMs: this.options.exportPollMs,
          log: (message) => this.logger.info(message),
        });
        this.logger.info(
          { jobId: result.jobId, users: result.emitted },
          'User export job complete',
        );
        return result;
      } catch (err) {
        if (err instanceof MissingScopeError || handedOver() > 0) throw err;
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

  /** `seen`: the export's users a search from its snapshot may find again; updated in place. */
  private async searchUsers(
    onUser: ResourceIteratee<UserRecord>,
    seen: Set<string>,
    progress: Progress,
    from?: number,
    root?: SearchRoot,
  ): Promise<UserSearchResult> {
    return searchAllUsers({
      searchPage: (request) => this.searchUsersPage(request),
      onUser,
      from,
      root,
      seen,
      warn: (message) => this.logger.warn(message),
      onProgress: ({ counted, countKnown }) => {
        if (from === undefined) progress.expect(counted, !countKnown);
      },
    });
  }

  /**
   * The first page of the whole tenant, newest first, with its total
   * (capped at 1,000 by Auth0) and, beside it, the oldest user: what `auto`
   * decides on, and the paged search's first probe.
   */
  private async probeTenant(): Promise<SearchRoot> {
    const at = Date.now();
    const q = buildQuery({ to: at });
    const [first, oldest] = await Promise.all([
      this.searchUsersPage({ q, page: 0, perPage: SEARCH_PAGE_SIZE }),
      this.searchUsersPage({ q, page: 0, perPage: 1, ascending: true }),
    ]);
    const oldestAt = Date.parse(oldest.users[0]?.created_at ?? '');
    return {
      at,
      first,
      oldest: Number.isNaN(oldestAt) ? undefined : oldestAt,
    };
  }

  private searchUsersPage(
    request: SearchPageRequest,
  ): Promise<SearchPageResult> {
    return this.session.call('GET /api/v2/users', async (management) => {
      const result = await management.users.list({
        q: request.q || undefined,
        page: request.page,
        per_page: request.perPage,
        include_totals: true,
        // Newest first unless asked: see api/userSearch.ts.
        sort: request.ascending ? 'created_at:1' : 'created_at:-1',
        fields: USER_FIELDS.join(','),
        include_fields: true,
        search_engine: 'v3',
      });
      const response = result.response as { total?: number; limit?: number };
      return {
        users: (result.data as unknown as Record<string, unknown>[]).map(
          pickUser,
        ),
        total: response.total ?? result.data.length,
        limit: response.limit,
      };
    });
  }
}
