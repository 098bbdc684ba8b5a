import { UserRecord } from './records';
import {
  buildQuery,
  commonPrefix,
  escapeLucene,
  MAX_SEARCH_RESULTS,
  searchAllUsers,
  SearchPageRequest,
} from './userSearch';

/**
 * An in-memory search endpoint with Auth0's rules: created_at ranges and
 * user_id prefixes, sorted by created_at then user_id, at most 1,000 results
 * reachable, totals that report every match.
 */
function fakeSearch(users: UserRecord[]) {
  const requests: SearchPageRequest[] = [];
  const searchPage = async (request: SearchPageRequest) => {
    requests.push(request);
    const matches = users
      .filter((user) => matchesQuery(user, request.q))
      // Auth0's order for sort=created_at:-1, ties by user_id.
      .sort(
        (a, b) =>
          Date.parse(b.created_at!) - Date.parse(a.created_at!) ||
          a.user_id.localeCompare(b.user_id),
      );
    const start = request.page * request.perPage;
    if (start + request.perPage > MAX_SEARCH_RESULTS) {
      throw new Error(`invalid_paging: page ${request.page} past 1000 results`);
    }
    return {
      users: matches.slice(start, start + request.perPage),
      total: matches.length,
    };
  };
  return { searchPage, requests };
}

function matchesQuery(user: UserRecord, q: string): boolean {
  if (!q) return true;
  const range = /created_at:\[(\S+) TO (\S+)\]/.exec(q);
  if (range) {
    const at = Date.parse(user.created_at!);
    if (range[1] !== '*' && at < Date.parse(range[1])) return false;
    if (range[2] !== '*' && at > Date.parse(range[2])) return false;
  }
  const prefix = /user_id:(\S+)\*$/.exec(q);
  if (prefix) {
    const unescaped = prefix[1].replace(/\\(.)/g, '$1');
    if (!user.user_id.startsWith(unescaped)) return false;
  }
  return true;
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
  await searchAllUsers({
    searchPage: fake.searchPage,
    onUser: async (user) => {
      emitted.push(user.user_id);
    },
    now: () => now,
    warn: (message) => warnings.push(message),
  });
  return { emitted, requests: fake.requests, warnings };
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
      const { emitted, requests } = await collect(users);
      expectExactlyOnce(emitted, users);
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
    const { emitted, warnings } = await collect(users);
    expectExactlyOnce(emitted, users);
    expect(warnings).toEqual([]);
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
  });
});

describe('query building', () => {
  test('windows are inclusive ranges with open ends', () => {
    expect(buildQuery({ to: BASE })).toBe(
      'created_at:[* TO 2024-01-01T00:00:00.000Z]',
    );
    expect(buildQuery({ from: BASE, to: BASE, prefix: 'auth0|6' })).toBe(
      'created_at:[2024-01-01T00:00:00.000Z TO 2024-01-01T00:00:00.000Z] AND user_id:auth0\\|6*',
    );
  });

  test('escapes Lucene specials', () => {
    expect(escapeLucene('samlp|acme:x/y')).toBe('samlp\\|acme\\:x\\/y');
  });

  test('commonPrefix', () => {
    expect(commonPrefix(['auth0|65a1', 'auth0|65b2'])).toBe('auth0|65');
    expect(commonPrefix([])).toBe('');
  });
});
