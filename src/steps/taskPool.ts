/** Lists read at once by one step: enough to keep the rate budget busy, few enough to leave it to other steps. */
export const LISTS_IN_FLIGHT = 8;

/**
 * Runs independent tasks (one paged list each) with at most `limit` in
 * flight. `add` waits for a free slot, so a producer that iterates pages
 * never queues more than `limit` lists; `drain` waits for every task and
 * throws the first error. After an error no new task starts.
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number = LISTS_IN_FLIGHT) {}

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const settled: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(settled));
    this.running.add(settled);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Runs `task` for every item `produce` hands over, `limit` at a time. A
 * failed producer still lets the tasks already started settle before its
 * error is thrown; otherwise the first task error is.
 */
export async function forEachConcurrently<T>(
  produce: (each: (item: T) => Promise<void>) => Promise<void>,
  task: (item: T) => Promise<void>,
  limit: number = LISTS_IN_FLIGHT,
): Promise<void> {
  const pool = new TaskPool(limit);
  try {
    await produce((item) => pool.add(() => task(item)));
  } catch (err) {
    await pool.drain().catch(() => undefined);
    throw err;
  }
  await pool.drain();
}

/** `forEachConcurrently` over items already in hand. */
export async function mapConcurrently<T>(
  items: Iterable<T>,
  task: (item: T) => Promise<void>,
  limit: number = LISTS_IN_FLIGHT,
): Promise<void> {
  await forEachConcurrently<T>(
    async (each) => {
      for (const item of items) await each(item);
    },
    task,
    limit,
  );
}
