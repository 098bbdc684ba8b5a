import {
  CheckpointPage,
  forEachCheckpointPage,
  forEachOffsetPage,
  IncompleteListError,
} from './pagination';

const items = Array.from({ length: 250 }, (_, i) => `item-${i}`);

/** Auth0's checkpoint style over `items`: `next` while more remain. */
function checkpointList(pageSize: number) {
  const calls: Array<string | undefined> = [];
  const fetchPage = async (
    from: string | undefined,
  ): Promise<CheckpointPage<string>> => {
    calls.push(from);
    const start = from ? Number(from.slice(3)) : 0;
    const end = start + pageSize;
    return {
      items: items.slice(start, end),
      next: end < items.length ? `cp-${end}` : undefined,
    };
  };
  return { calls, fetchPage };
}

describe('forEachCheckpointPage', () => {
  test('follows next across every page boundary and stops when it is absent', async () => {
    const { calls, fetchPage } = checkpointList(100);
    const seen: string[] = [];
    const pages = await forEachCheckpointPage(fetchPage, async (page) => {
      seen.push(...page);
    });
    expect(pages).toBe(3);
    expect(calls).toEqual([undefined, 'cp-100', 'cp-200']);
    expect(seen).toEqual(items);
  });

  test('stops on an empty next, an empty page or a checkpoint seen before', async () => {
    const answers: Array<CheckpointPage<string>> = [
      { items: ['a'], next: 'x' },
      { items: ['b'], next: 'y' },
      { items: ['c'], next: 'x' },
      { items: ['never'], next: undefined },
    ];
    const seen: string[] = [];
    let call = 0;
    await forEachCheckpointPage(
      async () => answers[call++],
      async (page) => {
        seen.push(...page);
      },
    );
    expect(seen).toEqual(['a', 'b', 'c']);

    let emptyCalls = 0;
    await forEachCheckpointPage(
      async () => {
        emptyCalls++;
        return { items: [], next: 'again' };
      },
      async () => undefined,
    );
    // An empty page with a new checkpoint is followed; the repeated one ends it.
    expect(emptyCalls).toBe(2);

    const blank = await forEachCheckpointPage(
      async () => ({ items: ['only'], next: '' }),
      async () => undefined,
    );
    expect(blank).toBe(1);
  });

  test('propagates a failing page', async () => {
    await expect(
      forEachCheckpointPage(
        async (from) => {
          if (from) throw new Error('403 insufficient_scope');
          return { items: ['a'], next: 'b' };
        },
        async () => undefined,
      ),
    ).rejects.toThrow('403 insufficient_scope');
  });
});

describe('forEachOffsetPage', () => {
  test('reads until total is reached', async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    const count = await forEachOffsetPage(
      100,
      async (page) => {
        pages.push(page);
        return {
          items: items.slice(page * 100, page * 100 + 100),
          total: 200,
        };
      },
      async (page) => {
        seen.push(...page);
      },
    );
    // Exactly two full pages: no third request for an empty page.
    expect(count).toBe(200);
    expect(pages).toEqual([0, 1]);
    expect(seen).toEqual(items.slice(0, 200));
  });

  test('without totals, stops at the first short page', async () => {
    const seen: string[] = [];
    const count = await forEachOffsetPage(
      100,
      async (page) => ({ items: items.slice(page * 100, page * 100 + 100) }),
      async (page) => {
        seen.push(...page);
      },
    );
    expect(count).toBe(250);
    expect(seen).toEqual(items);
  });

  test('follows the page size the server applied, not the one asked for', async () => {
    const seen: string[] = [];
    const count = await forEachOffsetPage(
      100,
      // Asked for 100, Auth0 applies 50 and says so in `limit`.
      async (page) => ({
        items: items.slice(page * 50, page * 50 + 50),
        total: items.length,
        limit: 50,
      }),
      async (page) => {
        seen.push(...page);
      },
    );
    expect(count).toBe(250);
    expect(seen).toEqual(items);
  });

  test('a total at the 1,000-record limit means "at least": the next page is asked for, and a refusal fails the list', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => `r-${i}`);
    const asked: number[] = [];
    const read = forEachOffsetPage(
      100,
      async (page) => {
        asked.push(page);
        if (page * 100 >= 1000) {
          throw Object.assign(new Error('400'), {
            status: 400,
            statusText:
              'Requesting page 10 exceeds the allowed maximum of 1000 records. (invalid_paging)',
          });
        }
        return { items: many.slice(page * 100, page * 100 + 100), total: 1000 };
      },
      async () => undefined,
      'GET /api/v2/roles',
    );
    await expect(read).rejects.toThrow(IncompleteListError);
    await expect(read).rejects.toThrow(
      /GET \/api\/v2\/roles holds more than the 1000 records/,
    );
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
