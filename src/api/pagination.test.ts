import {
  CheckpointPage,
  forEachCheckpointPage,
  forEachOffsetPage,
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
    expect(emptyCalls).toBe(1);

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
    expect(count).toBe(2);
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
    expect(count).toBe(3);
    expect(seen).toEqual(items);
  });
});
