import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';

import { Entity } from '@jupiterone/integration-sdk-core';

/**
 * The user keys of each connection name, from the users step to the
 * connection-user relationships step, kept on disk rather than in the heap
 * (a million users would be a million keys). One line per user:
 * `[userKey, ...connectionNames]`.
 *
 * The file is unlinked as soon as it is opened, so it has no name on disk and
 * its bytes live only while this execution holds the handle: nothing is left
 * behind when the reading step is switched off, skipped or fails. Where an
 * open file cannot be unlinked (Windows), it is removed when closed.
 */
export class UserConnectionKeys {
  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly leftOnDisk: string | undefined,
  ) {}

  private closed = false;

  static async create(): Promise<UserConnectionKeys> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'auth0-user-keys-'));
    const file = path.join(dir, 'keys.ndjson');
    const handle = await fs.open(file, 'w+', 0o600);
    try {
      await fs.rm(dir, { recursive: true });
      return new UserConnectionKeys(handle, undefined);
    } catch {
      return new UserConnectionKeys(handle, dir);
    }
  }

  /** Records the connection names of users just stored. */
  async add(entities: Entity[]): Promise<void> {
    let text = '';
    for (const entity of entities) {
      const names = Array.isArray(entity.connections)
        ? (entity.connections as unknown[]).filter(
            (name): name is string => typeof name === 'string',
          )
        : [];
      if (names.length > 0)
        text += `${JSON.stringify([entity._key, ...names])}\n`;
    }
    if (text) await this.handle.write(text);
  }

  /** Calls `link` for every (connection name, user key) recorded, in order, then closes. */
  async forEach(
    link: (connectionName: string, userKey: string) => Promise<void>,
  ): Promise<void> {
    try {
      const lines = readline.createInterface({
        input: this.handle.createReadStream({
          start: 0,
          encoding: 'utf8',
          autoClose: false,
        }),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (!line) continue;
        const [userKey, ...names] = JSON.parse(line) as string[];
        for (const name of names) await link(name, userKey);
      }
    } finally {
      await this.close();
    }
  }

  /** Frees the file; safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
    if (this.leftOnDisk) {
      await fs.rm(this.leftOnDisk, { recursive: true, force: true });
    }
  }
}
