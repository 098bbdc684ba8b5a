import { UserRecord } from './records';

/**
 * Reads every user through the search endpoint, whatever the tenant's size,
 * and proves that it did.
 *
 * Auth0 returns at most 1,000 results per search, and when more match, its
 * `total` says 1,000 too (AUTH0-API.md, "Users"). So a total of 1,000 or
 * more only means "at least 1,000": such a window is never paged, it is cut.
 * The tenant is cut into `created_at` windows, each of whose total is below
 * the cap and therefore exact; the sum of those totals is the tenant's user
 * count, and each window is checked to have yielded as many users as its
 * total said. Windows are laid out in time order, sized from the density of
 * users the last probes found, and their pages are fetched concurrently once
 * their first page (the probe) has told the total and the page size Auth0
 * applied. A window of one millisecond that still reaches the cap (a bulk
 * import) is cut by `user_id` prefix: a set of prefixes and its complement
 * (`NOT`), so that users whose ids start with any character are counted.
 * Users created while the run is going are picked up by a last sweep past
 * the run's start. Every user is emitted once.
 */

export const MAX_SEARCH_RESULTS = 1000;
export const PAGE_SIZE = 100;
/** Aim below the limit so that windows rarely need a second cut. */
const TARGET_WINDOW_SIZE = 900;
/** Windows probed ahead of the density estimate; more would size windows on stale data. */
const LOOKAHEAD_PROBES = 3;
/** Characters a prefix cut tries in turn; any other character falls in the complement. */
const PREFIX_ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ|-_.@+:';

export interface SearchPageRequest {
  q: string;
  page: number;
  perPage: number;
  /** oldest first instead of newest first */
  ascending?: boolean;
}

export interface SearchPageResult {
  users: UserRecord[];
  /** as Auth0 reports it: capped at MAX_SEARCH_RESULTS */
  total: number;
  /** the page size Auth0 applied, when it said (`limit`) */
  limit?: number;
}

export interface UserSearchProgress {
  emitted: number;
  /** users in the windows whose totals are exact so far */
  counted: number;
  /** false while some part of the tenant is known only as "1,000 or more" */
  countKnown: boolean;
}

export interface UserSearchResult {
  emitted: number;
  /** the users the exact windows hold, by their totals */
  counted: number;
  /** users that windows' totals announced but their pages did not yield, after a re-read */
  missing: number;
  /** parts of the tenant no search can count (over 1,000 users no prefix separates) */
  uncounted: number;
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
  /** user_ids already emitted by another strategy (the export's users created since its snapshot) */
  seen?: ReadonlySet<string>;
  /** the first probe, already made (e.g. to count the tenant): read from it instead of asking again */
  root?: SearchRoot;
}

/** The whole tenant's first page up to `at`, and its oldest user's creation time. */
export interface SearchRoot {
  at: number;
  first: SearchPageResult;
  oldest?: number;
}

/** The users whose id starts with one of `prefixes` and with none of `excluded`. */
export interface IdFilter {
  prefixes: string[];
  excluded: string[];
}

export interface Window {
  /** inclusive lower bound, epoch ms; undefined = open */
  from?: number;
  /** inclusive upper bound, epoch ms; undefined = open */
  to?: number;
  ids?: IdFilter;
}

type Task = () => Promise<void>;

export function buildQuery(window: Window): string {
  const from =
    window.from === undefined ? '*' : new Date(window.from).toISOString();
  const to = window.to === undefined ? '*' : new Date(window.to).toISOString();
  const clauses = [`created_at:[${from} TO ${to}]`];
  const prefixes = window.ids?.prefixes.filter((p) => p !== '') ?? [];
  if (prefixes.length > 0 && prefixes.length === window.ids?.prefixes.length) {
    clauses.push(anyPrefix(prefixes));
  }
  if (window.ids && window.ids.excluded.length > 0) {
    clauses.push(`NOT ${anyPrefix(window.ids.excluded)}`);
  }
  return clauses.join(' AND ');
}

function anyPrefix(prefixes: string[]): string {
  const terms = prefixes.map((p) => `user_id:${escapeLucene(p)}*`);
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

export function escapeLucene(term: string): string {
  return term.replace(/[+\-&|!(){}[\]^"~*?:\\/\s]/g, (char) => `\\${char}`);
}

export async function searchAllUsers(
  options: UserSearchOptions,
): Promise<UserSearchResult> {
  const {
    searchPage,
    onUser,
    concurrency = 10,
    now = Date.now,
    warn = () => undefined,
  } = options;
  const already = options.seen ?? new Set<string>();
  // A user can only come back within its own window (pages shifting under
  // sign-ups, a window read again): windows never overlap, so each remembers
  // its own users and no set holds the whole tenant.
  const seenByWindow = new WeakMap<Window, Set<string>>();
  const result: UserSearchResult = {
    emitted: 0,
    counted: 0,
    missing: 0,
    uncounted: 0,
  };
  const probes: Task[] = [];
  const pages: Task[] = [];
  const walker = new WindowWalker();

  let finished = false;
  const report = () =>
    options.onProgress?.({
      emitted: result.emitted,
      counted: result.counted,
      countKnown: finished,
    });

  const emit = async (window: Window, users: UserRecord[]) => {
    let seen = seenByWindow.get(window);
    if (!seen) seenByWindow.set(window, (seen = new Set()));
    for (const user of users) {
      const id = user.user_id;
      if (!id || seen.has(id) || already.has(id)) continue;
      seen.add(id);
      result.emitted += 1;
      await onUser(user);
    }
    report();
  };

  const fetchPage = async (window: Window, page: number, perPage = PAGE_SIZE) =>
    searchPage({ q: buildQuery(window), page, perPage });

  /**
   * Pages a window whose total is exact. If its pages yield fewer users than
   * the total (users deleted meanwhile, or a short page), it is read once
   * more from the start; what is still short then is counted missing.
   */
  const readExact = async (
    window: Window,
    first: SearchPageResult,
    reread: boolean,
  ) => {
    result.counted += first.total;
    const applied = first.limit && first.limit > 0 ? first.limit : PAGE_SIZE;
    const pageCount = Math.ceil(first.total / applied);
    let received = first.users.length;
    let pending = pageCount - 1;
    const settle = () => {
      if (received >= first.total) return;
      if (reread) {
        result.missing += first.total - received;
        return;
      }
      result.counted -= first.total;
      probes.push(() => probe(window, true).then(() => undefined));
    };
    await emit(window, first.users);
    if (pending <= 0) settle();
    for (let page = 1; page < pageCount; page++) {
      pages.push(async () => {
        const { users } = await fetchPage(window, page, applied);
        received += users.length;
        await emit(window, users);
        if (--pending === 0) settle();
      });
    }
  };

  // Probe a window: its first page and its total. A window below the cap is
  // paged; one at the cap goes back to the walker (or the prefix cut) to be
  // cut smaller, and its first page is read again there.
  const probe = async (
    window: Window,
    reread = false,
    prefetched?: SearchPageResult,
    oldest?: Promise<number | undefined>,
  ): Promise<SearchPageResult> => {
    const first = prefetched ?? (await fetchPage(window, 0));
    if (first.total < MAX_SEARCH_RESULTS) {
      await readExact(window, first, reread);
      return first;
    }
    // Pages come newest first: nothing in the window is newer than its first
    // user, and every user newer than the page's last one is on the page.
    // Those are read (an exact count), and the rest of the window is cut.
    const times = first.users.map((u) => parseTime(u.created_at));
    const newest = times[0] ?? now();
    const last = times[times.length - 1] ?? newest;
    let to = Math.min(window.to ?? now(), newest);
    if (last < to && times.every((t) => t !== undefined)) {
      const newer = first.users.filter((_, i) => times[i]! > last);
      result.counted += newer.length;
      await emit(window, newer);
      to = last;
    }
    const from =
      window.from ?? (await oldest) ?? (await oldestCreatedAt(window));
    if (from >= to) {
      await splitByPrefix({ ...window, from, to }, first);
    } else if (isTie(first, to)) {
      // A full page of one millisecond: a bulk import. Cut it out whole, so
      // that its density does not shrink the windows around it.
      probes.push(async () => {
        await probe({ ...window, from: to, to });
      });
      walker.add(from, to - 1);
    } else {
      walker.add(from, to, densityOf(from, to, first));
    }
    return first;
  };
  walker.probe = probe;

  /** With an open lower end, the walk back in time stops at the oldest user. */
  const oldestCreatedAt = async (window: Window): Promise<number> => {
    const { users } = await searchPage({
      q: buildQuery(window),
      page: 0,
      perPage: 1,
      ascending: true,
    });
    return parseTime(users[0]?.created_at) ?? 0;
  };

  /**
   * Cuts a one-millisecond window at the cap by user_id: into the users of
   * the longest prefix the page's users share and the rest, or into two
   * halves of the characters that may follow the prefix and the rest. "The
   * rest" is a NOT query, so every user is in exactly one part, whatever
   * characters its id holds.
   */
  const splitByPrefix = async (window: Window, first: SearchPageResult) => {
    const ids = window.ids ?? { prefixes: [''], excluded: [] };
    const parts = cutIds(ids, commonPrefix(first.users.map((u) => u.user_id)));
    if (!parts) {
      result.uncounted += 1;
      warn(
        `Over ${MAX_SEARCH_RESULTS} users created at ${new Date(window.from!).toISOString()} cannot be told apart by user_id prefix; the search reads ${MAX_SEARCH_RESULTS} of them. The export job reads them all`,
      );
      await readExact(window, { ...first, total: MAX_SEARCH_RESULTS }, true);
      return;
    }
    for (const part of parts) {
      probes.push(async () => {
        await probe({ ...window, ids: part });
      });
    }
  };

  const nextTask = (): Task | undefined =>
    probes.shift() ??
    (pages.length < concurrency * 2 ? walker.next() : undefined) ??
    pages.shift();

  const { root } = options;
  const start = root?.at ?? now();
  // Users created while we were reading (or since the export's snapshot).
  const since = { from: Math.max(start + 1, options.from ?? 0) };
  let first = root?.first;
  if (options.from !== undefined && !root) {
    // After an export: the users created since its snapshot, usually a
    // page or none. The window up to now and the one for users created
    // since are asked for together; when each fits in its first page, that
    // is the whole read, one round instead of two. Otherwise the first page
    // is kept and users created since are asked for after the read, below.
    const window = { from: options.from, to: start };
    const [page, latest] = await Promise.all([
      fetchPage(window, 0),
      fetchPage(since, 0),
    ]);
    if (onePage(page) && onePage(latest)) {
      await readExact(window, page, false);
      await readExact(since, latest, false);
      finished = true;
      report();
      return result;
    }
    first = page;
  }
  probes.push(async () => {
    const window = { from: options.from, to: start };
    // With an open lower end, ask for the oldest user beside the first page.
    const oldest =
      window.from !== undefined
        ? undefined
        : root
          ? Promise.resolve(root.oldest)
          : oldestCreatedAt(window);
    await probe(window, false, first, oldest);
  });
  await runPool(nextTask, () => walker.busy, concurrency);

  probes.push(async () => {
    await probe(since);
  });
  await runPool(nextTask, () => walker.busy, concurrency);
  finished = true;
  report();
  return result;
}

/** A first page that holds its window's whole total. */
function onePage(page: SearchPageResult): boolean {
  return page.total < MAX_SEARCH_RESULTS && page.users.length >= page.total;
}

/**
 * The parts a one-millisecond window at the cap is cut into, or undefined
 * when it cannot be cut further. `shared` is the prefix every user of the
 * window's first page has.
 */
export function cutIds(ids: IdFilter, shared: string): IdFilter[] | undefined {
  const within = (prefix: string) =>
    ids.excluded.filter((e) => e.startsWith(prefix) && e !== prefix);
  if (ids.prefixes.length > 1) {
    const half = Math.ceil(ids.prefixes.length / 2);
    return [ids.prefixes.slice(0, half), ids.prefixes.slice(half)].map(
      (prefixes) => ({
        prefixes,
        excluded: ids.excluded.filter((e) =>
          prefixes.some((p) => e.startsWith(p)),
        ),
      }),
    );
  }
  const prefix = ids.prefixes[0];
  const excludedAt = (candidate: string) =>
    ids.excluded.some((e) => candidate.startsWith(e));
  if (
    shared.length > prefix.length &&
    shared.startsWith(prefix) &&
    !excludedAt(shared)
  ) {
    return [
      { prefixes: [shared], excluded: within(shared) },
      { prefixes: [prefix], excluded: [...ids.excluded, shared] },
    ];
  }
  const next = [...PREFIX_ALPHABET]
    .map((char) => prefix + char)
    .filter((candidate) => !excludedAt(candidate));
  if (next.length === 0) return undefined;
  const half = next.slice(0, Math.ceil(next.length / 2));
  return [
    {
      prefixes: half,
      excluded: ids.excluded.filter((e) => half.some((p) => e.startsWith(p))),
    },
    { prefixes: [prefix], excluded: [...ids.excluded, ...half] },
  ];
}

/**
 * Lays out windows over the time ranges still to read, newest first. Each
 * window spans the target size divided by the density (users per
 * millisecond) the most recent probe measured, so windows follow the
 * tenant's growth curve; walking back in time, a growing tenant's density
 * falls, so windows err on the small side rather than come back too full.
 * A range ends where its time runs out: its size is never known, since it
 * was cut from a window at the cap.
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

  /** `density`: users per millisecond measured at the range's newest end, if known. */
  add(from: number, to: number, density?: number): void {
    this.ranges.push({ from, to, inFlight: 0 });
    this.ranges.sort((a, b) => b.to - a.to);
    if (density !== undefined) this.density = Math.max(this.density, density);
  }

  next(): Task | undefined {
    // Until a first window is measured, probe one at a time.
    if (this.inFlight >= (this.measured ? LOOKAHEAD_PROBES : 1))
      return undefined;
    const range = this.ranges.find((r) => r.to >= r.from);
    if (!range) return undefined;
    const span = Math.max(
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
        if (total >= MAX_SEARCH_RESULTS) {
          // At the cap the window held 1,000 or more: at least halve the next one.
          this.density = Math.max(
            this.density,
            (2 * MAX_SEARCH_RESULTS) / span,
          );
        } else {
          // An empty window says little: widen the next one, but not blindly.
          this.density = total > 0 ? total / span : this.density / 2;
        }
        this.measured = true;
      } finally {
        range.inFlight -= 1;
        this.inFlight -= 1;
        this.prune();
      }
    };
  }

  /** Drops ranges that are fully cut into windows. */
  private prune(): void {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const range = this.ranges[i];
      if (range.to < range.from && range.inFlight === 0) {
        this.ranges.splice(i, 1);
      }
    }
  }
}

interface Range {
  from: number;
  to: number;
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
 * cap over the whole range is the floor.
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

/** A full first page whose users were all created in the window's newest millisecond. */
function isTie(first: SearchPageResult, at: number): boolean {
  return (
    first.users.length >= PAGE_SIZE &&
    first.users.every((u) => parseTime(u.created_at) === at)
  );
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
