import { finished, pipeline, Readable, Transform } from 'stream';
import { StringDecoder } from 'string_decoder';
import {
  MessageChannel,
  MessagePort,
  parentPort,
  receiveMessageOnPort,
  Worker,
  workerData,
} from 'worker_threads';
import { createGunzip } from 'zlib';

import { pickUser, UserRecord } from './records';

/**
 * Decodes the user export's download on a worker thread: gunzip, one
 * `JSON.parse` per line, the allow-list and the caller's conversion run
 * there, while the main thread only stores what comes back. Storing is the
 * SDK's work and cannot move; everything before it can, so the two overlap
 * on two cores instead of taking turns on one.
 *
 * Memory stays flat whatever the file's size, with a window each way: the
 * main thread forwards downloaded chunks as they arrive until `INPUT_WINDOW`
 * bytes wait for gunzip (then it stops reading the download until the worker
 * says gunzip took some), and the worker posts at most `CREDITS` batches the
 * main thread has not stored. Chunks are pushed as they arrive, not asked
 * for one at a time, so the worker is not held to one chunk per turn of a
 * main thread that is busy storing.
 *
 * Batches travel by structured clone on a port of their own that the main
 * thread never listens on: they wait there serialized, off the heap, and
 * each is taken (`receiveMessageOnPort`, which deserializes it) only when
 * its turn to be stored comes. The worker's `batch` notice on its own port
 * says one is there.
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
 * Batches decoded ahead of storing (4,000 users, some MB serialized): enough
 * that the main thread never waits for the worker's pauses, few enough to
 * stay flat.
 */
const CREDITS = 16;
/**
 * Compressed bytes forwarded to the worker and not yet taken by gunzip: a
 * reserve of some thousands of users, so the worker keeps decoding while
 * the main thread, which forwards the chunks, is busy storing.
 */
export const INPUT_WINDOW = 4 * 1024 * 1024;

/**
 * Bytes gunzip hands over at a time. zlib works on libuv's thread pool, one
 * hop per output chunk: at the default 16 KB, 100,000 users' download made
 * thousands of hops and the worker spent over a second waiting on them.
 */
const GUNZIP_CHUNK_BYTES = 256 * 1024;

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
  /** compressed bytes gunzip has taken since the last such message */
  | { type: 'taken'; bytes: number }
  /** a batch is waiting on the batch port (a `Batch`) */
  | { type: 'batch' }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** What the batch port carries, in file order. */
interface Batch {
  items: unknown[];
  /** user_ids of the items created at or after `since` (or at an unknown time) */
  recent: string[];
}

/**
 * The worker thread's side; `ExportDecoder.spawn()` runs it. A conversion
 * given here is loaded at once, while the export job still runs, instead of
 * when the first users arrive.
 */
export function runExportDecoder(preload?: UserConversion): void {
  const port = parentPort;
  if (!port) return; // only ever started by ExportDecoder.spawn()
  if (preload) loadConversion(preload);
  const batches = (workerData as { batches: MessagePort }).batches;
  const post = (message: FromWorker) => port.postMessage(message);
  const postBatch = (batch: Batch) => {
    batches.postMessage(batch);
    post({ type: 'batch' });
  };
  // Counts what gunzip takes, so the main thread can forward more.
  const input = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      post({ type: 'taken', bytes: chunk.length });
      done(null, chunk);
    },
  });
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  // pipeline forwards a corrupt or cut-short file to gunzip, which ends decode() with it.
  pipeline(input, gunzip, () => undefined);
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
        decode(gunzip, message, waitForCredit, postBatch).then(
          () => post({ type: 'done' }),
          (err: Error) => post({ type: 'error', message: err.message }),
        );
        break;
      case 'chunk': {
        // The main thread's window bounds what waits here.
        const { buffer, byteOffset, byteLength } = message.data;
        input.write(Buffer.from(buffer, byteOffset, byteLength));
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
  postBatch: (batch: Batch) => void,
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
    postBatch({ items, recent });
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
require(workerData.decoder).runExportDecoder(workerData.preload);
`;

/** The main thread's side: one worker, one download. */
export class ExportDecoder {
  private constructor(
    private readonly worker: Worker,
    /** where batches wait, serialized, until taken in turn */
    private readonly batches: MessagePort,
  ) {
    // Until decode() listens, a worker that fails to load must not crash the process.
    worker.once('error', (err) => (this.stopped ??= err));
    worker.once('exit', (code) => (this.stopped ??= exitError(code)));
  }

  private stopped: Error | undefined;

  /** users stored so far (their batches' `onBatch` resolved), in file order */
  emitted = 0;

  /**
   * Starts the worker early, so that loading it and the `conversion` it will
   * run overlaps the export job's wait.
   */
  static spawn(conversion?: UserConversion): ExportDecoder {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        decoder: __filename,
        preload: conversion,
        batches: port2,
        register: __filename.endsWith('.ts')
          ? require.resolve('ts-node/register/transpile-only')
          : undefined,
      },
      transferList: [port2],
    });
    return new ExportDecoder(worker, port1);
  }

  /**
   * Feeds the gzip `download` to the worker and calls `onBatch` for each
   * batch it decodes, one at a time, in file order. `recent` holds the
   * user_ids of the batch created at or after `since` (or at an unknown time).
   * A batch that fails to store fails the decode with a `StoreError`.
   */
  decode<T>(
    download: Readable,
    start: Omit<StartMessage, 'type'>,
    onBatch: (items: T[], recent: string[]) => Promise<void>,
  ): Promise<void> {
    const { worker } = this;
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<void>((resolve, reject) => {
      const window = new ByteWindow(INPUT_WINDOW);
      // Settled once: the SDK reports a promise settled twice as an error.
      let failed = false;
      let done = false;
      let stored = Promise.resolve();
      // Only once the batch being stored has settled, so `emitted` is final for a retry.
      const fail = (err: Error) => {
        if (failed || done) return;
        failed = true;
        window.close();
        void stored.then(() => reject(err));
      };
      worker.on('message', (message: FromWorker) => {
        if (failed) return;
        switch (message.type) {
          case 'taken':
            window.release(message.bytes);
            break;
          case 'batch': {
            stored = stored
              .then(async () => {
                if (failed) return;
                // Taken only now, not on arrival: objects built ahead would
                // outlive several young-generation collections and be copied
                // and promoted each time; built just before storing, most die young.
                const { items, recent } = this.takeBatch() as Batch & {
                  items: T[];
                };
                try {
                  await onBatch(items, recent);
                } catch (err) {
                  throw new StoreError(err as Error);
                }
                this.emitted += items.length;
                worker.postMessage({ type: 'credit' });
              })
              .catch(fail);
            break;
          }
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
      forward(download, worker, window, () => failed).catch(fail);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
    this.batches.close();
  }

  /** The next batch, posted before the notice that announced it. */
  private takeBatch(): Batch {
    const received = receiveMessageOnPort(this.batches);
    if (!received)
      throw new Error('the export decoder announced a batch it did not send');
    return received.message as Batch;
  }
}

/** Storing a batch failed: not a download fault, so reading the file again would not help. */
export class StoreError extends Error {
  constructor(readonly cause: Error) {
    super(cause.message);
    this.name = 'StoreError';
  }
}

/**
 * Sends the download's chunks to the worker as they arrive, pausing the
 * download while the window is full. Settles when the download has ended,
 * or rejects when it fails or closes early.
 */
function forward(
  download: Readable,
  worker: Worker,
  window: ByteWindow,
  stopped: () => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    download.on('data', (chunk: Buffer) => {
      if (stopped()) return;
      // A copy: the response's buffer may share its memory with others.
      const data = new Uint8Array(chunk);
      // Before posting: a transferred buffer reads as empty here.
      const bytes = data.byteLength;
      worker.postMessage({ type: 'chunk', data }, [data.buffer]);
      if (!window.take(bytes)) {
        download.pause();
        window.onRoom(() => download.resume());
      }
    });
    finished(download, (err) => {
      if (err) return reject(err);
      if (!stopped()) worker.postMessage({ type: 'end' });
      resolve();
    });
  });
}

/** Bytes in flight, at most `size` (one chunk may overshoot it). */
class ByteWindow {
  private inFlight = 0;
  private closed = false;
  private waiting: (() => void) | undefined;

  constructor(private readonly size: number) {}

  /** Counts `bytes` as sent; false when the window is full (then wait for `onRoom`). */
  take(bytes: number): boolean {
    this.inFlight += bytes;
    return this.inFlight < this.size || this.closed;
  }

  /** Calls `resume` once there is room again, or the window is closed. */
  onRoom(resume: () => void): void {
    this.waiting = resume;
  }

  release(bytes: number): void {
    this.inFlight -= bytes;
    if (this.inFlight < this.size) this.wake();
  }

  /** Nothing more will be taken: a paused download goes on (and finds the decode stopped). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

function exitError(code: number): Error {
  return new Error(`the export decoder stopped (exit code ${code})`);
}
