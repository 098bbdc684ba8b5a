import { randomUUID } from 'crypto';
import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import * as readline from 'readline';

import { Entity } from '@jupiterone/integration-sdk-core';

/**
 * The user keys of each connection name, from the users step to the
 * connection-user relationships step, kept in a file rather than in the
 * heap (a million users would be a million keys). One line per user:
 * `[userKey, ...connectionNames]`.
 *
 * The file lives in the SDK's storage directory beside the execution's
 * graph files (never under `graph/`, which is uploaded): the reading step
 * removes it, and if that step does not run (its source switched off, a
 * `--step` run), the SDK empties the directory when the next execution
 * starts.
 */
export class UserConnectionKeys {
  private constructor(
    readonly file: string,
    private readonly handle: fs.FileHandle,
  ) {}

  private closed = false;
  /** lines not yet handed to the file */
  private pending = '';
  /** the writes in progress: one at a time, so lines stay whole and in order */
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  static async create(): Promise<UserConnectionKeys> {
    const dir = path.join(storageDirectory(), 'auth0-user-keys');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${randomUUID()}.ndjson`);
    return new UserConnectionKeys(file, await fs.open(file, 'wx', 0o600));
  }

  /**
   * Records the connection names of users just stored. Written in the
   * background, a write at a time: the users step does not wait on the disk
   * for each batch. A failed write fails the next `add` or `close`.
   */
  async add(entities: Entity[]): Promise<void> {
    if (this.failure) throw this.failure;
    for (const entity of entities) {
      const names = Array.isArray(entity.connections)
        ? (entity.connections as unknown[]).filter(
            (name): name is string => typeof name === 'string',
          )
        : [];
      if (names.length > 0) {
        this.pending += `${JSON.stringify([entity._key, ...names])}\n`;
      }
    }
    if (this.pending.length >= WRITE_BYTES) {
      // Waits only for the write before this one, so at most one is queued.
      const before = this.writing;
      this.startWrite();
      await before;
      if (this.failure) throw this.failure;
    }
  }

  /** Ends writing (what is pending included); the users step calls it whether or not it succeeded. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.startWrite();
    await this.writing;
    await this.handle.close();
    if (this.failure) throw this.failure;
  }

  private startWrite(): void {
    const text = this.pending;
    this.pending = '';
    if (!text) return;
    this.writing = this.writing.then(async () => {
      if (this.failure) return;
      try {
        await this.handle.write(text);
      } catch (err) {
        this.failure = err as Error;
      }
    });
  }

  /** Calls `link` for every (connection name, user key) recorded, in order, then removes the file. */
  async forEach(
    link: (connectionName: string, userKey: string) => Promise<void>,
  ): Promise<void> {
    try {
      await this.close();
      const lines = readline.createInterface({
        input: createReadStream(this.file, { encoding: 'utf8' }),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (!line) continue;
        const [userKey, ...names] = JSON.parse(line) as string[];
        for (const name of names) await link(name, userKey);
      }
    } finally {
      await fs.rm(this.file, { force: true });
    }
  }
}

/** Lines gathered before a write: about a thousand users'. */
const WRITE_BYTES = 64 * 1024;

/** Where the SDK keeps the execution's data (its own rule: the variable, else `.j1-integration` in the working directory). */
function storageDirectory(): string {
  return (
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY ||
    path.resolve(process.cwd(), '.j1-integration')
  );
}
