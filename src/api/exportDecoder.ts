import { PassThrough, pipeline } from 'stream';
import { StringDecoder } from 'string_decoder';
import { parentPort, Worker } from 'worker_threads';
import { createGunzip } from 'zlib';

import { pickUser, UserRecord } from './records';

/**
 * Decodes the user export's download on a worker thread: gunzip, one
 * `JSON.parse` per line, the allow-list and the caller's conversion run
 * there, while the main thread only stores what comes back. Storing is the
 * SDK's work and cannot move; everything before it can, so the two overlap
 * on two cores instead of taking turns on one.
 *
 * Flow is pulled both ways, so memory stays flat whatever the file's size:
 * the worker asks for the next downloaded chunk only when gunzip has room,
 * and posts at most `CREDITS` batches that the main thread has not stored.
 */

/**
 * A pure function of a user record, named by module and export so that the
 * worker thread can load it too: `require(module)[name](record, ...args)`.
 * The args must survive structured cloning (strings, numbers, plain objects).
 */
export interface UserConversion {
  module: string;
  name: string;
  args: unknown[];
}

/** Users per batch posted back to the main thread (the users step's batch size). */
export const DECODED_BATCH_SIZE = 250;
/**
 * Batches decoded ahead of storing (about 14 MB of JSON): enough that the
 * main thread never waits for the worker's pauses, few enough to stay flat.
 */
const CREDITS = 32;
/**
 * Compressed bytes the worker holds ahead: chunks come through the main
 * thread, which is often busy storing, so the worker keeps a reserve.
 */
const INPUT_BUFFER_BYTES = 1024 * 1024;

/** The conversion as a function; no conversion passes the record through. */
export function loadConversion<T>(
  conversion: UserConversion | undefined,
): (record: UserRecord) => T {
  if (!conversion) return (record) => record as unknown as T;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const loaded = require(conversion.module) as Record<
    string,
    (record: UserRecord, ...args: unknown[]) => T
  >;
  const fn = loaded[conversion.name];
  return (record) => fn(record, ...conversion.args);
}

interface StartMessage {
  type: 'start';
  /** lines already stored by an earlier attempt on the same file */
  skip: number;
  /** users created at or after this time (epoch ms) may also be found by the search that follows */
  since: number;
  conversion?: UserConversion;
}

type ToWorker =
  | StartMessage
  | { type: 'chunk'; data: Uint8Array }
  | { type: 'end' }
  | { type: 'credit' };

type FromWorker =
  | { type: 'read' }
  /** items as JSON: parsing it costs the main thread less than structured cloning */
  | { type: 'batch'; json: string; count: number; recent: string[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** The worker thread's side; `ExportDecoder.spawn()` runs it. */
export function runExportDecoder(): void {
  const port = parentPort;
  if (!port) return; // only ever started by ExportDecoder.spawn()
  const input = new PassThrough({ highWaterMark: INPUT_BUFFER_BYTES });
  const gunzip = createGunzip();
  // pipeline forwards a corrupt or cut-short file to gunzip, which ends decode() with it.
  pipeline(input, gunzip, () => undefined);
  const post = (message: FromWorker) => port.postMessage(message);
  const askForChunk = () => post({ type: 'read' });
  let credits = CREDITS;
  let wake: (() => void) | undefined;
  const waitForCredit = async () => {
    while (credits === 0)
      await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
  };
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'start':
        decode(gunzip, message, waitForCredit, post).then(
          () => post({ type: 'done' }),
          (err: Error) => post({ type: 'error', message: err.message }),
        );
        askForChunk();
        break;
      case 'chunk': {
        const { buffer, byteOffset, byteLength } = message.data;
        if (input.write(Buffer.from(buffer, byteOffset, byteLength)))
          askForChunk();
        else input.once('drain', askForChunk);
        break;
      }
      case 'end':
        input.end();
        break;
      case 'credit':
        credits += 1;
        wake?.();
        break;
    }
  });
}

async function decode(
  gunzip: AsyncIterable<Buffer>,
  start: StartMessage,
  waitForCredit: () => Promise<void>,
  post: (message: FromWorker) => void,
): Promise<void> {
  const convert = loadConversion<unknown>(start.conversion);
  let skip = start.skip;
  let items: unknown[] = [];
  let recent: string[] = [];
  const add = (line: string) => {
    if (line.trim() === '') return;
    if (skip > 0) {
      skip -= 1;
      return;
    }
    const record = pickUser(JSON.parse(line) as Record<string, unknown>);
    // An unknown time counts as recent: the search may find that user too.
    if (!(Date.parse(record.created_at ?? '') < start.since)) {
      recent.push(record.user_id);
    }
    items.push(convert(record));
  };
  const send = async () => {
    if (items.length === 0) return;
    await waitForCredit();
    post({
      type: 'batch',
      json: JSON.stringify(items),
      count: items.length,
      recent,
    });
    items = [];
    recent = [];
  };
  const decoder = new StringDecoder('utf8'); // a character may span two chunks
  let rest = '';
  for await (const chunk of gunzip) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      add(line);
      if (items.length >= DECODED_BATCH_SIZE) await send();
    }
  }
  add(rest + decoder.end());
  await send();
}

/** Loads this module on a worker thread, through ts-node when it runs from source. */
const BOOTSTRAP = `
const { workerData } = require('worker_threads');
if (workerData.register) require(workerData.register);
require(workerData.decoder).runExportDecoder();
`;

/** The main thread's side: one worker, one download. */
export class ExportDecoder {
  private constructor(private readonly worker: Worker) {
    // Until decode() listens, a worker that fails to load must not crash the process.
    worker.once('error', (err) => (this.stopped ??= err));
    worker.once('exit', (code) => (this.stopped ??= exitError(code)));
  }

  private stopped: Error | undefined;

  /** users stored so far (their batches' `onBatch` resolved), in file order */
  emitted = 0;

  /** Starts the worker early: loading it overlaps the export job's wait. */
  static spawn(): ExportDecoder {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        decoder: __filename,
        register: __filename.endsWith('.ts')
          ? require.resolve('ts-node/register/transpile-only')
          : undefined,
      },
    });
    return new ExportDecoder(worker);
  }

  /**
   * Feeds the gzip `download` to the worker and calls `onBatch` for each
   * batch it decodes, one at a time, in file order. `recent` holds the
   * user_ids of the batch created at or after `since` (or at an unknown time).
   */
  decode<T>(
    download: AsyncIterable<Buffer>,
    start: Omit<StartMessage, 'type'>,
    onBatch: (items: T[], recent: string[]) => Promise<void>,
  ): Promise<void> {
    const { worker } = this;
    if (this.stopped) return Promise.reject(this.stopped);
    const reader = download[Symbol.asyncIterator]();
    return new Promise<void>((resolve, reject) => {
      // Settled once: the SDK reports a promise settled twice as an error.
      let failed = false;
      let done = false;
      let stored = Promise.resolve();
      // Only once the batch being stored has settled, so `emitted` is final for a retry.
      const fail = (err: Error) => {
        if (failed || done) return;
        failed = true;
        void stored.then(() => reject(err));
      };
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        switch (message.type) {
          case 'read':
            reader.next().then(({ value, done }) => {
              if (failed) return;
              if (done) return worker.postMessage({ type: 'end' });
              // A copy: the response's buffer may share its memory with others.
              const data = new Uint8Array(value as Buffer);
              worker.postMessage({ type: 'chunk', data }, [data.buffer]);
            }, fail);
            break;
          case 'batch':
            stored = stored
              .then(async () => {
                if (failed) return;
                await onBatch(JSON.parse(message.json) as T[], message.recent);
                this.emitted += message.count;
                worker.postMessage({ type: 'credit' });
              })
              .catch(fail);
            break;
          case 'done':
            stored = stored.then(() => {
              if (failed) return;
              done = true;
              resolve();
            });
            break;
          case 'error':
            fail(new Error(message.message));
            break;
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(exitError(code)));
      worker.postMessage({ type: 'start', ...start });
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function exitError(code: number): Error {
  return new Error(`the export decoder stopped (exit code ${code})`);
}
