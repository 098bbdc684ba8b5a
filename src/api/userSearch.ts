import { UserRecord } from './records';

/**
 * Reads every user through the search endpoint, whatever the tenant's size.
 *
 * Auth0 returns at most 1,000 results per search, so the tenant is cut into
 * `created_at` windows small enough to page through, and each window's
 * pages are fetched concurrently once its first page (a probe) has told its
 * total. A window that still holds more than 1,000 users is cut again; one
 * that cannot be cut in time (a bulk import sharing one millisecond) is cut
 * by `user_id` prefix instead. Users created while the run is going are
 * picked up by a last sweep past the run's start. Every user is emitted once.
 */

export const MAX_SEARCH_RESULTS = 1000;
export const PAGE_SIZE = 100;
/** Aim below the limit so that windows rarely need a second cut. */
const TARGET_WINDOW_SIZE = 850;
const PREFIX_ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ|-_.@+:';

export interface SearchPageRequest {
  q: string;
  page: number;
  perPage: number;
}

export interface SearchPageResult {
  users: UserRecord[];
  total: number;
}

export interface UserSearchProgress {
  emitted: number;
  /** best current estimate of the number of users to read */
  expected: number;
}

export interface UserSearchOptions {
  searchPage: (request: SearchPageRequest) => Promise<SearchPageResult>;
  onUser: (user: UserRecord) => Promise<void>;
  concurrency?: number;
  now?: () => number;
  warn?: (message: string) => void;
  onProgress?: (progress: UserSearchProgress) => void;
  /** read only users created at or after this time (epoch ms) */
  from?: number;
  /** user_ids already emitted (shared with another strategy); updated in place */
  seen?: Set<string>;
}

interface Window {
  /** inclusive lower bound, epoch ms; undefined = open */
  from?: number;
  /** inclusive upper bound, epoch ms; undefined = open */
  to?: number;
  /** restrict to user_ids starting with this */
  prefix?: string;
}

type Task = () => Promise<void>;

export function buildQuery(window: Window): string {
  const from =
    window.from === undefined ? '*' : new Date(window.from).toISOString();
  const to = window.to === undefined ? '*' : new Date(window.to).toISOString();
  const clauses = [`created_at:[${from} TO ${to}]`];
  if (window.prefix !== undefined) {
    clauses.push(`user_id:${escapeLucene(window.prefix)}*`);
  }
  return clauses.join(' AND ');
}

export function escapeLucene(term: string): string {
  return term.replace(/[+\-&|!(){}[\]^"~*?:\\/\s]/g, (char) => `\\${char}`);
}

export async function searchAllUsers(
  options: UserSearchOptions,
): Promise<UserSearchProgress> {
  const {
    searchPage,
    onUser,
    concurrency = 10,
    now = Date.now,
    warn = () => undefined,
  } = options;
  const seen = options.seen ?? new Set<string>();
  const progress: UserSearchProgress = { emitted: 0, expected: 0 };
  const probes: Task[] = [];
  const pages: Task[] = [];

  const emit = async (users: UserRecord[]) => {
    for (const user of users) {
      if (!user.user_id || seen.has(user.user_id)) continue;
      seen.add(user.user_id);
      progress.emitted += 1;
      await onUser(user);
    }
    options.onProgress?.(progress);
  };

  const fetchPage = async (window: Window, page: number) =>
    searchPage({ q: buildQuery(window), page, perPage: PAGE_SIZE });

  // Probe a window: its first page, and its total.
  const probe =
    (window: Window, onTotal?: (total: number) => void): Task =>
    async () => {
      const first = await fetchPage(window, 0);
      onTotal?.(first.total);
      if (first.total <= MAX_SEARCH_RESULTS) {
        await emit(first.users);
        const pageCount = Math.ceil(
          Math.min(first.total, MAX_SEARCH_RESULTS) / PAGE_SIZE,
        );
        for (let page = 1; page < pageCount; page++) {
          pages.push(async () => emit((await fetchPage(window, page)).users));
        }
        return;
      }
      split(window, first);
    };

  const split = (window: Window, first: SearchPageResult) => {
    const from = window.from ?? parseTime(first.users[0]?.created_at) ?? 0;
    const to = window.to ?? now();
    const span = to - from + 1;
    if (span <= 1) {
      splitByPrefix(window, first);
      return;
    }
    const parts = Math.min(
      span,
      Math.max(2, Math.ceil(first.total / TARGET_WINDOW_SIZE)),
    );
    const step = span / parts;
    for (let i = 0; i < parts; i++) {
      const partFrom = from + Math.floor(i * step);
      const partTo =
        i === parts - 1 ? to : from + Math.floor((i + 1) * step) - 1;
      if (partTo < partFrom) continue;
      probes.push(probe({ ...window, from: partFrom, to: partTo }));
    }
  };

  const splitByPrefix = (window: Window, first: SearchPageResult) => {
    const base = window.prefix ?? '';
    const common = commonPrefix(first.users.map((u) => u.user_id));
    const children = (prefix: string) => {
      let counted = 0;
      let pending = PREFIX_ALPHABET.length;
      for (const char of PREFIX_ALPHABET) {
        probes.push(
          probe({ ...window, prefix: prefix + char }, (total) => {
            counted += total;
            if (--pending === 0 && counted < first.total) {
              warn(
                `${first.total - counted} users created at ${new Date(window.from!).toISOString()} have user_ids the prefix search cannot reach; use the export strategy to read them`,
              );
            }
          }),
        );
      }
    };
    if (common.length > base.length) {
      // Most bulk imports share a long prefix (e.g. "auth0|65a"): start there if it covers all.
      probes.push(async () => {
        const narrowed = await fetchPage({ ...window, prefix: common }, 0);
        children(narrowed.total === first.total ? common : base);
      });
    } else {
      children(base);
    }
  };

  const start = now();
  probes.push(
    probe({ from: options.from, to: start }, (total) => {
      progress.expected = total;
    }),
  );
  await runPool(probes, pages, concurrency);

  // Users created while we were reading.
  probes.push(
    probe({ from: start + 1 }, (total) => {
      progress.expected += total;
    }),
  );
  await runPool(probes, pages, concurrency);
  return progress;
}

/** Runs queued tasks with bounded concurrency; probes first, as they discover work. */
async function runPool(
  probes: Task[],
  pages: Task[],
  concurrency: number,
): Promise<void> {
  let active = 0;
  let failure: unknown;
  await new Promise<void>((resolve, reject) => {
    const next = () => {
      if (failure !== undefined) return;
      while (active < concurrency && (probes.length > 0 || pages.length > 0)) {
        const task = (probes.shift() ?? pages.shift()) as Task;
        active += 1;
        task().then(
          () => {
            active -= 1;
            next();
          },
          (err) => {
            failure = err;
            reject(err);
          },
        );
      }
      if (active === 0 && probes.length === 0 && pages.length === 0) resolve();
    };
    next();
  });
}

function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0];
  for (const value of values) {
    let i = 0;
    while (i < prefix.length && i < value.length && prefix[i] === value[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
