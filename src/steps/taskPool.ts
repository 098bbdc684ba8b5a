import { MAX_IN_FLIGHT } from '../api/rateLimiter';

/**
 * Lists read at once by one step: as many as the rate limiter lets requests
 * into flight, so that pages answered slowly still keep the rate budget
 * busy (at 250 ms a page, 8 lists left a third of 50 req/s idle: the
 * many-organizations bench). The limiter, not this number, shares the
 * budget with other steps: fresh lists' first pages wait behind them.
 */
export const LISTS_IN_FLIGHT = MAX_IN_FLIGHT;

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
