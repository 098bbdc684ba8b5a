import { StoreBehind } from './storeBehind';

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('StoreBehind', () => {
  test('add returns before its batch is stored, and waits for the batch before', async () => {
    const storing = new StoreBehind();
    const first = deferred();
    const started: string[] = [];

    await storing.add(async () => {
      started.push('first');
      await first.promise;
    });
    // The first batch is still being stored: the caller may read the next.
    expect(started).toEqual(['first']);

    let secondAdded = false;
    const second = storing
      .add(async () => {
        started.push('second');
      })
      .then(() => (secondAdded = true));
    await new Promise((r) => setImmediate(r));
    // One batch at a time: the second waits for the first.
    expect(started).toEqual(['first']);
    expect(secondAdded).toBe(false);

    first.resolve();
    await second;
    expect(started).toEqual(['first', 'second']);
    await expect(storing.drain()).resolves.toBeUndefined();
  });

  test('a failed store fails the next add, and the batch after it is not stored', async () => {
    const storing = new StoreBehind();
    const stored: number[] = [];
    await storing.add(async () => {
      throw new Error('duplicate key');
    });
    await expect(
      storing.add(async () => {
        stored.push(2);
      }),
    ).rejects.toThrow('duplicate key');
    expect(stored).toEqual([]);
  });

  test('a failed last store fails drain; settled waits for it without throwing', async () => {
    const storing = new StoreBehind();
    const last = deferred();
    await storing.add(() => last.promise);
    let settled = false;
    const waiting = storing.settled().then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);

    last.reject(new Error('disk full'));
    await waiting;
    expect(settled).toBe(true);
    await expect(storing.drain()).rejects.toThrow('disk full');
  });
});
