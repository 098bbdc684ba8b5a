import { AppliedPage, forEachAppliedPage } from './appliedPaging';

/** A server over `items` that applies at most `cap` per page, as Auth0 may. */
function server(
  items: number[],
  options: {
    cap: number;
    echo?: boolean;
    total?: boolean;
    /** pages whose first read leaves out their last item */
    shortOnce?: number[];
  },
) {
  const requests: Array<{ page: number; perPage: number }> = [];
  const served = new Set<number>();
  const fetch = async (
    page: number,
    perPage: number,
  ): Promise<AppliedPage<number>> => {
    requests.push({ page, perPage });
    const applied = Math.min(perPage, options.cap);
    let slice = items.slice(page * applied, (page + 1) * applied);
    if (options.shortOnce?.includes(page) && !served.has(page)) {
      slice = slice.slice(0, -1);
    }
    served.add(page);
    return {
      items: slice,
      applied: options.echo === false ? undefined : applied,
      total: options.total ? items.length : undefined,
    };
  };
  return { fetch, requests };
}

async function collect(
  fetch: (page: number, perPage: number) => Promise<AppliedPage<number>>,
  requested = 100,
): Promise<number[]> {
  const seen = new Set<number>();
  const out: number[] = [];
  await forEachAppliedPage(requested, fetch, async (items) => {
    let fresh = 0;
    for (const item of items) {
      if (seen.has(item)) continue;
      seen.add(item);
      out.push(item);
      fresh++;
    }
    return fresh;
  });
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('forEachAppliedPage', () => {
  test('follows the applied size: asked 100, given 50, the next page is asked with 50', async () => {
    const { fetch, requests } = server(range(120), { cap: 50, total: true });
    expect(await collect(fetch)).toEqual(range(120));
    expect(requests).toEqual([
      { page: 0, perPage: 100 },
      { page: 1, perPage: 50 },
      { page: 2, perPage: 50 },
    ]);
  });

  test('without a total, reads until an empty page and re-reads a short one first', async () => {
    const { fetch, requests } = server(range(68), { cap: 50 });
    expect(await collect(fetch)).toEqual(range(68));
    expect(requests).toEqual([
      { page: 0, perPage: 100 },
      { page: 1, perPage: 50 },
      { page: 1, perPage: 50 },
      { page: 2, perPage: 50 },
    ]);
  });

  test('a short page before the total is re-read, not taken for the end', async () => {
    const { fetch, requests } = server(range(150), {
      cap: 50,
      total: true,
      shortOnce: [0, 1],
    });
    expect(await collect(fetch)).toEqual(range(150));
    expect(requests.map((r) => r.page)).toEqual([0, 0, 1, 1, 2]);
  });

  test('a short page with no total to tell is re-read, and the list goes on', async () => {
    const { fetch } = server(range(130), { cap: 50, shortOnce: [1] });
    expect(await collect(fetch)).toEqual(range(130));
  });

  test('without an echo, the size asked is taken as applied', async () => {
    const { fetch, requests } = server(range(250), {
      cap: 100,
      echo: false,
      total: true,
    });
    expect(await collect(fetch)).toEqual(range(250));
    expect(requests.map((r) => r.page)).toEqual([0, 1, 2]);
  });

  test('a server ignoring `page` (the same items again) ends the list', async () => {
    const requests: number[] = [];
    const fetch = async (page: number): Promise<AppliedPage<number>> => {
      requests.push(page);
      return { items: range(50), applied: 50 };
    };
    expect(await collect(fetch)).toEqual(range(50));
    expect(requests).toEqual([0, 1]);
  });

  test('an empty first page ends at once', async () => {
    const { fetch, requests } = server([], { cap: 50 });
    expect(await collect(fetch)).toEqual([]);
    expect(requests).toHaveLength(1);
  });
});
