/**
 * Stores one batch while the next is read: `add` returns once the batch
 * before has been stored, not this one, so the SDK's file writes (the main
 * thread waits on them) overlap reading and parsing the next batch. The SDK
 * still gets one batch at a time, in order. A failed store fails the next
 * `add`, or `drain`.
 */
export class StoreBehind {
  private storing: Promise<void> = Promise.resolve();

  async add(store: () => Promise<void>): Promise<void> {
    await this.storing;
    this.storing = store();
    // Surfaced by the next add or drain, not as an unhandled rejection.
    this.storing.catch(() => undefined);
  }

  /** Waits for the last batch; rejects if it failed. */
  drain(): Promise<void> {
    return this.storing;
  }

  /** Waits for the last batch, whatever happened to it. */
  async settled(): Promise<void> {
    await this.storing.catch(() => undefined);
  }
}
