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
import { ExportJob, exportAllUsers } from '../api/userExport';
import {
  MAX_SEARCH_RESULTS,
  searchAllUsers,
  SearchPageRequest,
  SearchPageResult,
} from '../api/userSearch';
import { IntegrationConfig, UsersStrategy } from '../types';
import {
  APIClientOptions,
  Auth0Session,
  PAGE_SIZE,
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
}
