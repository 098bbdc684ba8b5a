import { Readable } from 'stream';
import { gzipSync } from 'zlib';

import { Entity } from '@jupiterone/integration-sdk-core';

import { createUserEntity } from '../steps/users/converter';
import { randomBytes } from 'crypto';

import {
  DECODED_BATCH_SIZE,
  ExportDecoder,
  INPUT_WINDOW,
  StoreError,
} from './exportDecoder';

const SNAPSHOT = Date.parse('2026-06-01T00:00:00.000Z');
const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

/** 600 users, the last 30 created after the snapshot; each carries a field outside the allow-list. */
const USERS = Array.from({ length: 600 }, (_, i) => ({
  user_id: `auth0|${String(i).padStart(4, '0')}`,
  email: `user${i}@example.com`,
  created_at: new Date(SNAPSHOT + (i - 570) * 1000).toISOString(),
  app_metadata: { secret: 'CANARY' },
}));

/** The export file as storage serves it: gzip NDJSON, in small chunks cutting lines and characters. */
function download(lines: string[]): Readable {
  const gzip = gzipSync(Buffer.from(lines.join('\n') + '\n'));
  const chunks: Buffer[] = [];
  for (let at = 0; at < gzip.length; at += 517)
    chunks.push(gzip.subarray(at, at + 517));
  return Readable.from(chunks);
}

async function decodeAll<T>(
  lines: string[],
  start: {
    skip: number;
    conversion?: Parameters<ExportDecoder['decode']>[1]['conversion'];
  },
) {
  const decoder = ExportDecoder.spawn();
  const batches: Array<{ items: T[]; recent: string[] }> = [];
  try {
    await decoder.decode<T>(
      download(lines),
      { since: SNAPSHOT, ...start },
      async (items, recent) => {
        batches.push({ items, recent });
      },
    );
    return { batches, emitted: decoder.emitted };
  } finally {
    await decoder.stop();
  }
}

describe('ExportDecoder (worker thread)', () => {
  const lines = USERS.map((user) => JSON.stringify(user));

  test('hands every user over once, in file order and in batches, with the allow-list applied', async () => {
    const { batches, emitted } = await decodeAll<Record<string, unknown>>(
      lines,
      { skip: 0 },
    );
    expect(batches.map((b) => b.items.length)).toEqual([
      DECODED_BATCH_SIZE,
      DECODED_BATCH_SIZE,
      600 - 2 * DECODED_BATCH_SIZE,
    ]);
    const items = batches.flatMap((b) => b.items);
    expect(items.map((u) => u.user_id)).toEqual(USERS.map((u) => u.user_id));
    expect(items.some((u) => 'app_metadata' in u)).toBe(false);
    expect(emitted).toBe(600);
    // Only users created at or after the snapshot are remembered for the search that follows.
    expect(batches.flatMap((b) => b.recent)).toEqual(
      USERS.slice(570).map((u) => u.user_id),
    );
  });

  test('converts on the worker with the named function', async () => {
    const { batches } = await decodeAll<Entity>(lines, {
      skip: 0,
      conversion: {
        module: require.resolve('../steps/users/converter'),
        name: createUserEntity.name,
        args: [DASHBOARD],
      },
    });
    const entities = batches.flatMap((b) => b.items);
    expect(entities).toHaveLength(600);
    expect(entities[42]).toEqual(
      createUserEntity(
        {
          user_id: USERS[42].user_id,
          email: USERS[42].email,
          created_at: USERS[42].created_at,
        },
        DASHBOARD,
      ),
    );
  });

  test('skips the users an earlier attempt on the same file stored', async () => {
    const { batches, emitted } = await decodeAll<Record<string, unknown>>(
      lines,
      { skip: 580 },
    );
    expect(batches.flatMap((b) => b.items).map((u) => u.user_id)).toEqual(
      USERS.slice(580).map((u) => u.user_id),
    );
    expect(emitted).toBe(20);
  });

  test('a line that is not JSON fails the decode after the users before it', async () => {
    const broken = [
      ...lines.slice(0, 300),
      '{"user_id": "auth0|cut',
      ...lines.slice(300),
    ];
    const decoder = ExportDecoder.spawn();
    const seen: string[] = [];
    try {
      await expect(
        decoder.decode<Record<string, unknown>>(
          download(broken),
          { skip: 0, since: SNAPSHOT },
          async (items) => {
            seen.push(...items.map((u) => String(u.user_id)));
          },
        ),
      ).rejects.toThrow(/JSON/);
      // Whole batches only: what was handed over is what `emitted` says.
      expect(seen).toHaveLength(decoder.emitted);
      expect(seen).toEqual(USERS.slice(0, seen.length).map((u) => u.user_id));
    } finally {
      await decoder.stop();
    }
  });

  test('a batch that cannot be stored fails the decode with a StoreError, after the batches before it', async () => {
    const decoder = ExportDecoder.spawn();
    let calls = 0;
    try {
      const failure = await decoder
        .decode<Record<string, unknown>>(
          download(lines),
          { skip: 0, since: SNAPSHOT },
          async () => {
            calls += 1;
            if (calls === 2) throw new Error('duplicate _key');
          },
        )
        .catch((err: Error) => err);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as Error).message).toBe('duplicate _key');
      expect(calls).toBe(2);
      expect(decoder.emitted).toBe(DECODED_BATCH_SIZE);
    } finally {
      await decoder.stop();
    }
  });

  test('reads the download only as far as the window ahead of a main thread that is busy storing, then to its end', async () => {
    // Random nicknames barely compress: the file is several windows long.
    const many = Array.from({ length: 60_000 }, (_, i) =>
      JSON.stringify({
        user_id: `auth0|${String(i).padStart(6, '0')}`,
        nickname: randomBytes(240).toString('base64'),
        created_at: new Date(SNAPSHOT - 1000).toISOString(),
      }),
    );
    const gzip = gzipSync(Buffer.from(many.join('\n') + '\n'));
    expect(gzip.length).toBeGreaterThan(3 * INPUT_WINDOW);
    let handedOut = 0;
    const source = new Readable({
      read() {
        const chunk = gzip.subarray(handedOut, handedOut + 65_536);
        handedOut += chunk.length;
        this.push(chunk.length ? chunk : null);
      },
    });

    const decoder = ExportDecoder.spawn();
    const ids: string[] = [];
    let readWhileBlocked = 0;
    try {
      await decoder.decode<Record<string, unknown>>(
        source,
        { skip: 0, since: SNAPSHOT },
        async (items) => {
          if (ids.length === 0) {
            // The first batch takes a second to store: the worker fills its
            // batches ahead, then gunzip stops taking, then the window fills.
            await new Promise((resolve) => setTimeout(resolve, 1000));
            readWhileBlocked = handedOut;
          }
          ids.push(...items.map((u) => String(u.user_id)));
        },
      );
    } finally {
      await decoder.stop();
    }
    // The window, what gunzip and the decoded batches hold, and a chunk or two in streams.
    expect(readWhileBlocked).toBeLessThan(gzip.length / 2);
    expect(readWhileBlocked).toBeGreaterThan(INPUT_WINDOW);
    expect(ids).toHaveLength(60_000);
    expect(ids[59_999]).toBe('auth0|059999');
    expect(new Set(ids).size).toBe(60_000);
  });
});
