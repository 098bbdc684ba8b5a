import { UserRecord } from './records';

/**
 * Reads every user through the search endpoint, whatever the tenant's size.
 *
 * Auth0 returns at most 1,000 results per search, so the tenant is cut into
 * `created_at` windows small enough to page through, and each window's
 * pages are fetched concurrently once its first page (a probe) has told its
 * total. Windows are laid out in time order, each sized from the density of
 * users the last probes found, so that most hold just under 1,000 users and
 * few requests are spent on probes or half-empty pages. A window that still
 * holds more than 1,000 users is cut again; one that cannot be cut in time
 * (a bulk import sharing one millisecond) is cut by `user_id` prefix. Users created while the run is going are
 * picked up by a last sweep past the run's start. Every user is emitted once.
 */

export const MAX_SEARCH_RESULTS = 1000;
export const PAGE_SIZE = 100;
/** Aim below the limit so that windows rarely need a second cut. */
const TARGET_WINDOW_SIZE = 900;
/** Windows probed ahead of the density estimate; more would size windows on stale data. */
const LOOKAHEAD_PROBES = 3;
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
  const walker = new WindowWalker();

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

  // Probe a window: its first page and its total. A window that fits is
  // paged; one that does not goes back to the walker to be cut smaller.
  const probe = async (window: Window): Promise<SearchPageResult> => {
    const first = await fetchPage(window, 0);
    if (first.total <= MAX_SEARCH_RESULTS) {
      await emit(first.users);
      const pageCount = Math.ceil(first.total / PAGE_SIZE);
      for (let page = 1; page < pageCount; page++) {
        pages.push(async () => emit((await fetchPage(window, page)).users));
      }
      return first;
    }
    // Pages come newest first: nothing in the window is newer than its first user.
    const from = window.from ?? 0;
    const to = Math.min(
      window.to ?? now(),
      parseTime(first.users[0]?.created_at) ?? now(),
    );
    if (from >= to) splitByPrefix({ ...window, from, to }, first);
    else walker.add(from, to, first.total, densityOf(from, to, first));
    return first;
  };
  walker.probe = probe;

  const splitByPrefix = (window: Window, first: SearchPageResult) => {
    const base = window.prefix ?? '';
    const common = commonPrefix(first.users.map((u) => u.user_id));
    const children = (prefix: string) => {
      let counted = 0;
      let pending = PREFIX_ALPHABET.length;
      for (const char of PREFIX_ALPHABET) {
        probes.push(async () => {
          const { total } = await probe({ ...window, prefix: prefix + char });
          counted += total;
          if (--pending === 0 && counted < first.total) {
            warn(
              `${first.total - counted} users created at ${new Date(window.from!).toISOString()} have user_ids the prefix search cannot reach; use the export strategy to read them`,
            );
          }
        });
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

  const nextTask = (): Task | undefined =>
    probes.shift() ??
    (pages.length < concurrency * 2 ? walker.next() : undefined) ??
    pages.shift();

  const start = now();
  probes.push(async () => {
    const { total } = await probe({ from: options.from, to: start });
    progress.expected = total;
  });
  await runPool(nextTask, () => walker.busy, concurrency);

  // Users created while we were reading.
  probes.push(async () => {
    const { total } = await probe({ from: start + 1 });
    progress.expected += total;
  });
  await runPool(nextTask, () => walker.busy, concurrency);
  return progress;
}

/**
 * Lays out windows over the time ranges still to read, newest first. Each
 * window spans the target size divided by the density (users per
 * millisecond) the most recent probe measured, so windows follow the
 * tenant's growth curve; walking back in time, a growing tenant's density
 * falls, so windows err on the small side rather than come back too full.
 * Each range knows how many users it holds, so the walk stops where they
 * have all been found and takes a remainder that fits in one window whole.
 */
class WindowWalker {
  probe: (window: Window) => Promise<SearchPageResult> = () => {
    throw new Error('WindowWalker.probe is not set');
  };
  private readonly ranges: Range[] = [];
  private density = 0;
  private inFlight = 0;
  private measured = false;

  get busy(): boolean {
    return this.ranges.length > 0 || this.inFlight > 0;
  }

  add(from: number, to: number, total: number, density: number): void {
    this.ranges.push({ from, to, remaining: total, inFlight: 0 });
    this.ranges.sort((a, b) => b.to - a.to);
    this.density = Math.max(this.density, density);
  }

  next(): Task | undefined {
    // Until a first window is measured, probe one at a time.
    if (this.inFlight >= (this.measured ? LOOKAHEAD_PROBES : 1))
      return undefined;
    const range = this.ranges.find((r) => r.remaining > 0 && r.to >= r.from);
    if (!range) return undefined;
    const fitsWhole =
      range.inFlight === 0 && range.remaining <= MAX_SEARCH_RESULTS;
    const span = fitsWhole
      ? range.to - range.from + 1
      : Math.max(
          1,
          Math.min(
            range.to - range.from + 1,
            Math.floor(TARGET_WINDOW_SIZE / this.density),
          ),
        );
    const window = { from: range.to - span + 1, to: range.to };
    range.to = window.from - 1;
    range.inFlight += 1;
    this.inFlight += 1;
    return async () => {
      try {
        const { total } = await this.probe(window);
        range.remaining -= total;
        // An empty window says little: widen the next one, but not blindly.
        this.density = total > 0 ? total / span : this.density / 2;
        this.measured = true;
      } finally {
        range.inFlight -= 1;
        this.inFlight -= 1;
        this.prune();
      }
    };
  }

  /** Drops ranges whose users have all been found, or that are fully cut. */
  private prune(): void {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const range = this.ranges[i];
      const exhausted = range.remaining <= 0 || range.to < range.from;
      if (exhausted && range.inFlight === 0) this.ranges.splice(i, 1);
    }
  }
}

interface Range {
  from: number;
  to: number;
  /** users in the range not yet found in one of its windows */
  remaining: number;
  inFlight: number;
}

/**
 * Runs tasks with bounded concurrency until none is left. `nextTask` picks
 * what runs next; `hasPendingWork` says whether more may appear once a
 * running task ends.
 */
async function runPool(
  nextTask: () => Task | undefined,
  hasPendingWork: () => boolean,
  concurrency: number,
): Promise<void> {
  let active = 0;
  let failed = false;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (failed) return;
      while (active < concurrency) {
        const task = nextTask();
        if (!task) break;
        active += 1;
        task().then(
          () => {
            active -= 1;
            pump();
          },
          (err) => {
            failed = true;
            reject(err);
          },
        );
      }
      if (active === 0 && !hasPendingWork()) resolve();
    };
    pump();
  });
}

/**
 * Users per millisecond at the newest end of a range: the probe's page holds
 * its newest users, so their time span measures the density there; the
 * average over the whole range is the floor.
 */
function densityOf(from: number, to: number, first: SearchPageResult): number {
  const average = first.total / Math.max(1, to - from + 1);
  const times = first.users
    .map((u) => parseTime(u.created_at))
    .filter((t): t is number => t !== undefined);
  if (times.length < PAGE_SIZE) return average;
  const local =
    times.length / (Math.abs(times[0] - times[times.length - 1]) + 1);
  return Math.max(average, local);
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
