import { matchesQuery, parseLucene } from '../../test/simulator/lucene';
import { UserRecord } from './records';
import {
  buildQuery,
  commonPrefix,
  cutIds,
  escapeLucene,
  MAX_SEARCH_RESULTS,
  searchAllUsers,
  SearchPageRequest,
} from './userSearch';

/**
 * An in-memory search endpoint with Auth0's rules (AUTH0-API.md, "Users"):
 * the simulator's Lucene subset (created_at ranges, user_id prefixes, AND,
 * OR, NOT), sorted by created_at then user_id, at most 1,000 results
 * reachable, and totals capped at 1,000 like Auth0's, unless `exactTotals`.
 */
function fakeSearch(users: UserRecord[], exactTotals = false) {
  const requests: SearchPageRequest[] = [];
  const searchPage = async (request: SearchPageRequest) => {
    requests.push(request);
    const query = request.q ? parseLucene(request.q) : undefined;
    const direction = request.ascending ? 1 : -1;
    const matches = users
      .filter(
        (user) =>
          !query ||
          matchesQuery(query, user as unknown as Record<string, unknown>),
      )
      .sort(
        (a, b) =>
          direction * (Date.parse(a.created_at!) - Date.parse(b.created_at!)) ||
          a.user_id.localeCompare(b.user_id),
      );
    const start = request.page * request.perPage;
    if (start + request.perPage > MAX_SEARCH_RESULTS) {
      throw new Error(`invalid_paging: page ${request.page} past 1000 results`);
    }
    return {
      users: matches.slice(start, start + request.perPage),
      total: exactTotals
        ? matches.length
        : Math.min(matches.length, MAX_SEARCH_RESULTS),
      limit: request.perPage,
    };
  };
  return { searchPage, requests };
}

const BASE = Date.parse('2024-01-01T00:00:00.000Z');

function makeUsers(
  count: number,
  options: { spreadMs?: number; at?: number; idPrefix?: string } = {},
) {
  const { spreadMs = 365 * 24 * 3600_000, idPrefix = 'auth0|' } = options;
  return Array.from({ length: count }, (_, i) => {
    const at =
      options.at ?? BASE + Math.floor((i * spreadMs) / Math.max(1, count));
    const hex = ((i * 2654435761) % 0xffffffff).toString(16).padStart(8, '0');
    return {
      user_id: `${idPrefix}${hex}${i.toString(16).padStart(6, '0')}`,
      created_at: new Date(at).toISOString(),
    } as UserRecord;
  });
}

async function collect(users: UserRecord[], now = BASE + 400 * 24 * 3600_000) {
  const fake = fakeSearch(users);
  const emitted: string[] = [];
  const warnings: string[] = [];
  const result = await searchAllUsers({
    searchPage: fake.searchPage,
    onUser: async (user) => {
      emitted.push(user.user_id);
    },
    now: () => now,
    warn: (message) => warnings.push(message),
  });
  return { emitted, requests: fake.requests, warnings, result };
}

function expectExactlyOnce(emitted: string[], users: UserRecord[]) {
  expect(new Set(emitted).size).toBe(emitted.length);
  expect(emitted.length).toBe(users.length);
  expect(new Set(emitted)).toEqual(new Set(users.map((u) => u.user_id)));
}

describe('searchAllUsers', () => {
  test.each([0, 1, 999, 1000, 1001, 4321])(
    'returns each of %i users exactly once',
    async (count) => {
      const users = makeUsers(count);
      const { emitted, requests, result } = await collect(users);
      expectExactlyOnce(emitted, users);
      // The count is proven by windows whose totals are below the cap.
      expect(result).toEqual({
        emitted: count,
        counted: count,
        missing: 0,
        uncounted: 0,
      });
      // Close to the minimum: one request per 100 users, plus probes and the final sweep.
      expect(requests.length).toBeLessThanOrEqual(
        Math.ceil(count / 100) * 1.3 + 12,
      );
    },
  );

  test('reads a bulk import of 1,500 users sharing one millisecond across the 1,000 boundary', async () => {
    const bulkAt = BASE + 100 * 24 * 3600_000;
    const users = [
      ...makeUsers(700),
      ...makeUsers(1500, { at: bulkAt, idPrefix: 'auth0|65a' }),
      ...makeUsers(600, { spreadMs: 1000 }).map((u, i) => ({
        ...u,
        user_id: `google-oauth2|${1e15 + i}`,
      })),
    ];
    const { emitted, warnings, result } = await collect(users);
    expectExactlyOnce(emitted, users);
    expect(warnings).toEqual([]);
    expect(result.counted).toBe(users.length);
  });

  test('reads a bulk import whose user_ids hold characters no prefix cut names', async () => {
    const bulkAt = BASE + 10 * 24 * 3600_000;
    const users = [
      ...makeUsers(300, { idPrefix: 'email|' }),
      ...makeUsers(1200, { at: bulkAt, idPrefix: 'auth0|' }),
      // Outside the prefix alphabet: only the NOT complement reaches them.
      ...makeUsers(1100, { at: bulkAt, idPrefix: 'samlp|Ünïcødé#' }),
    ];
    const { emitted, result } = await collect(users);
    expectExactlyOnce(emitted, users);
    expect(result).toMatchObject({ counted: 2600, missing: 0, uncounted: 0 });
  });

  test('counts users a window announced but its pages did not return', async () => {
    const users = makeUsers(2500);
    const hidden = new Set(users.slice(100, 103).map((u) => u.user_id));
    const fake = fakeSearch(users);
    const emitted: string[] = [];
    const result = await searchAllUsers({
      // Pages after the first hide three users; totals still count them.
      searchPage: async (request) => {
        const page = await fake.searchPage(request);
        if (request.page === 0) return page;
        return {
          ...page,
          users: page.users.filter((u) => !hidden.has(u.user_id)),
        };
      },
      onUser: async (user) => {
        emitted.push(user.user_id);
      },
      now: () => BASE + 400 * 24 * 3600_000,
    });
    expect(emitted).toHaveLength(2500 - result.missing);
    expect(result.missing).toBeGreaterThan(0);
    expect(result.missing).toBeLessThanOrEqual(3);
    expect(result.counted).toBe(2500);
  });

  test('a search that trusted a capped total would stop at 1,000 (Auth0 caps totals)', async () => {
    const users = makeUsers(2600);
    const capped = await fakeSearch(users).searchPage({
      q: '',
      page: 0,
      perPage: 1,
    });
    expect(capped.total).toBe(MAX_SEARCH_RESULTS);
    const { emitted } = await collect(users);
    expect(emitted).toHaveLength(2600);
  });

  test('picks up users created while the run is going, once', async () => {
    const users = makeUsers(2500);
    const fake = fakeSearch(users);
    const emitted: string[] = [];
    const now = BASE + 400 * 24 * 3600_000;
    let added = 0;
    await searchAllUsers({
      searchPage: async (request) => {
        if (added < 30) {
          // a new sign-up arrives with every request for a while
          users.push({
            user_id: `auth0|new${added}`,
            created_at: new Date(now + 1 + added).toISOString(),
          });
          added += 1;
        }
        return fake.searchPage(request);
      },
      onUser: async (user) => {
        emitted.push(user.user_id);
      },
      now: () => now,
    });
    expectExactlyOnce(emitted, users);
  });

  test('skips users already emitted by another strategy', async () => {
    const users = makeUsers(50);
    const fake = fakeSearch(users);
    const seen = new Set(users.slice(0, 20).map((u) => u.user_id));
    const emitted: string[] = [];
    await searchAllUsers({
      searchPage: fake.searchPage,
      onUser: async (user) => {
        emitted.push(user.user_id);
      },
      seen,
    });
    expect(new Set(emitted)).toEqual(
      new Set(users.slice(20).map((u) => u.user_id)),
    );
    expect(emitted).toHaveLength(30);
    // Read, never grown: the search keeps no set of every user it emitted.
    expect(seen.size).toBe(20);
  });

  test('after an export, users created since its snapshot are read in one round when each window fits a page', async () => {
    const snapshot = BASE + 1000;
    const now = BASE + 2000;
    // 30 users before the snapshot (in the file), 40 since it, 20 of them "created during the read".
    const users = [
      ...makeUsers(30, { spreadMs: 900 }),
      ...makeUsers(40, { spreadMs: 900, idPrefix: 'email|' }).map((u, i) => ({
        ...u,
        created_at: new Date((i < 20 ? snapshot : now + 1) + i).toISOString(),
      })),
    ];
    const fake = fakeSearch(users);
    let inFlight = 0;
    let mostAtOnce = 0;
    const emitted: string[] = [];
    const result = await searchAllUsers({
      searchPage: async (request) => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return fake.searchPage(request);
      },
      onUser: async (user) => {
        emitted.push(user.user_id);
      },
      from: snapshot,
      now: () => now,
    });
    // Up to now, and since now: asked for together, nothing else.
    expect(fake.requests).toHaveLength(2);
    expect(mostAtOnce).toBe(2);
    expect(result.counted).toBe(40);
    expect(result.missing).toBe(0);
    expect(new Set(emitted)).toEqual(
      new Set(users.slice(30).map((u) => u.user_id)),
    );
    expect(emitted).toHaveLength(40);
  });

  test('after an export, a window past a page is read as before, then the users created since', async () => {
    const snapshot = BASE;
    const users = makeUsers(450, { spreadMs: 3600_000 });
    const fake = fakeSearch(users);
    const emitted: string[] = [];
    const result = await searchAllUsers({
      searchPage: fake.searchPage,
      onUser: async (user) => {
        emitted.push(user.user_id);
      },
      from: snapshot,
      now: () => BASE + 3600_000,
    });
    expect(result.counted).toBe(450);
    expect(new Set(emitted).size).toBe(450);
    expect(emitted).toHaveLength(450);
    // The first page, its four others and, after them, a probe for users created since.
    expect(fake.requests.length).toBeGreaterThanOrEqual(6);
  });
});

describe('query building', () => {
  test('windows are inclusive ranges with open ends', () => {
    expect(buildQuery({ to: BASE })).toBe(
      'created_at:[* TO 2024-01-01T00:00:00.000Z]',
    );
    expect(
      buildQuery({
        from: BASE,
        to: BASE,
        ids: { prefixes: ['auth0|6'], excluded: [] },
      }),
    ).toBe(
      'created_at:[2024-01-01T00:00:00.000Z TO 2024-01-01T00:00:00.000Z] AND user_id:auth0\\|6*',
    );
  });

  test('a prefix cut is a set of prefixes and its complement, by NOT', () => {
    expect(
      buildQuery({
        from: BASE,
        to: BASE,
        ids: { prefixes: ['a', 'b'], excluded: ['ab'] },
      }),
    ).toBe(
      'created_at:[2024-01-01T00:00:00.000Z TO 2024-01-01T00:00:00.000Z] AND (user_id:a* OR user_id:b*) AND NOT user_id:ab*',
    );
    expect(
      buildQuery({ to: BASE, ids: { prefixes: [''], excluded: ['x', 'y'] } }),
    ).toBe(
      'created_at:[* TO 2024-01-01T00:00:00.000Z] AND NOT (user_id:x* OR user_id:y*)',
    );
    // The shared prefix first, then the rest of the window.
    expect(cutIds({ prefixes: [''], excluded: [] }, 'auth0|')).toEqual([
      { prefixes: ['auth0|'], excluded: [] },
      { prefixes: [''], excluded: ['auth0|'] },
    ]);
    // Then halves of the characters that may follow, and whatever else follows.
    const [half, rest] = cutIds(
      { prefixes: ['auth0|'], excluded: [] },
      'auth0|',
    )!;
    expect(half.prefixes[0]).toBe('auth0|0');
    expect(rest).toEqual({ prefixes: ['auth0|'], excluded: half.prefixes });
  });

  test('escapes Lucene specials', () => {
    expect(escapeLucene('samlp|acme:x/y')).toBe('samlp\\|acme\\:x\\/y');
  });

  test('commonPrefix', () => {
    expect(commonPrefix(['auth0|65a1', 'auth0|65b2'])).toBe('auth0|65');
    expect(commonPrefix([])).toBe('');
  });
});
