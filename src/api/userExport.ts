import { pipeline } from 'stream';
import { StringDecoder } from 'string_decoder';
import { createGunzip } from 'zlib';

import { httpStream } from './http';
import { pickUser, USER_FIELDS, UserRecord } from './records';
import { sleep } from './transport';

/**
 * Reads every user through Auth0's user export job: one job, a few polls,
 * and one gzip NDJSON download streamed line by line, so memory stays flat
 * whatever the tenant's size. The job is asked for the allow-listed fields
 * only, so metadata and identity-provider tokens are never exported.
 */

export interface ExportJob {
  id: string;
  status: string;
  created_at?: string;
  location?: string;
  percentage_done?: number;
  time_left_seconds?: number;
}

export interface UserExportApi {
  createJob(request: {
    format: 'json';
    fields: Array<{ name: string }>;
  }): Promise<ExportJob>;
  getJob(id: string): Promise<ExportJob>;
}

export interface UserExportOptions {
  api: UserExportApi;
  onUser: (user: UserRecord) => Promise<void>;
  log: (message: string) => void;
  /** first poll delay; doubles up to maxPollMs */
  pollMs?: number;
  maxPollMs?: number;
  /** give up on a job after this long (Auth0 times jobs out after 8 h) */
  jobTimeoutMs?: number;
  downloadTimeoutMs?: number;
}

export class ExportJobFailedError extends Error {
  constructor(
    message: string,
    readonly jobId?: string,
  ) {
    super(message);
    this.name = 'ExportJobFailedError';
  }
}

export interface UserExportResult {
  emitted: number;
  /** when the job snapshotted the tenant; users created later need a sweep */
  snapshotAt?: string;
  jobId: string;
}

export async function exportAllUsers(
  options: UserExportOptions,
): Promise<UserExportResult> {
  const {
    api,
    log,
    pollMs = 500,
    maxPollMs = 10_000,
    jobTimeoutMs = 8 * 3600_000,
  } = options;
  const job = await api.createJob({
    format: 'json',
    fields: USER_FIELDS.map((name) => ({ name })),
  });
  log(`Started user export job ${job.id}`);
  const started = Date.now();
  let current = job;
  let delay = pollMs;
  let downloadAttempts = 0;

  for (;;) {
    if (current.status === 'completed' && current.location) {
      try {
        const emitted = await streamUsers(
          current.location,
          options.onUser,
          options.downloadTimeoutMs ?? 600_000,
        );
        return { emitted, snapshotAt: job.created_at, jobId: job.id };
      } catch (err) {
        // The link lives 60 s; a fresh GET of the job gives a new one.
        downloadAttempts += 1;
        if (downloadAttempts >= 3 || !(err instanceof DownloadError)) throw err;
        log(
          `Export download failed (${err.message}); asking job ${job.id} for a fresh link`,
        );
      }
    } else if (current.status === 'failed' || current.status === 'completed') {
      throw new ExportJobFailedError(
        `user export job ${job.id} ended with status ${current.status}`,
        job.id,
      );
    } else if (Date.now() - started > jobTimeoutMs) {
      throw new ExportJobFailedError(
        `user export job ${job.id} did not complete within ${jobTimeoutMs} ms`,
        job.id,
      );
    } else {
      await sleep(nextPollDelay(current, Date.now() - started, delay, pollMs));
      delay = Math.min(maxPollMs, delay * 2);
    }
    current = await api.getJob(job.id);
  }
}

/**
 * How long to wait before asking about a running job again: the backoff,
 * shortened by Auth0's own estimates, the time left it reports or what the
 * share done so far says about the rest (with a 10% margin), never less than
 * `minMs`.
 */
export function nextPollDelay(
  job: ExportJob,
  elapsedMs: number,
  backoffMs: number,
  minMs: number,
): number {
  const estimates = [backoffMs];
  if (job.time_left_seconds) estimates.push(job.time_left_seconds * 1000);
  const done = job.percentage_done;
  if (done && done > 0 && done < 100) {
    estimates.push(((elapsedMs * (100 - done)) / done) * 1.1);
  }
  return Math.max(minMs, Math.round(Math.min(...estimates)));
}

class DownloadError extends Error {
  constructor(
    message: string,
    readonly emitted: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/**
 * The download is a pre-signed storage URL: no Authorization header (the
 * Management API token must not go to another host), no rate-limit bucket.
 */
async function streamUsers(
  location: string,
  onUser: (user: UserRecord) => Promise<void>,
  timeoutMs: number,
): Promise<number> {
  const download = httpStream(location, DOWNLOAD_IDLE_TIMEOUT_MS);
  const timer = setTimeout(
    () =>
      download.cancel(new Error(`download incomplete after ${timeoutMs} ms`)),
    timeoutMs,
  );
  let emitted = 0;
  try {
    const response = await download.response;
    if (response.statusCode !== 200) {
      response.resume();
      throw new DownloadError(
        `download answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
        0,
      );
    }
    const gunzip = createGunzip();
    // pipeline forwards a broken download to gunzip, which ends the loop below with it.
    pipeline(response, gunzip, () => undefined);
    // Chunk by chunk: the next chunk is read only once this one's users are
    // stored, so the download never piles up in memory.
    const decoder = new StringDecoder('utf8'); // a character may span two chunks
    let rest = '';
    for await (const chunk of gunzip) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        await onUser(pickUser(JSON.parse(line) as Record<string, unknown>));
        emitted += 1;
      }
    }
    rest += decoder.end();
    if (rest.trim() !== '') {
      await onUser(pickUser(JSON.parse(rest) as Record<string, unknown>));
      emitted += 1;
    }
    return emitted;
  } catch (err) {
    // Stops the transfer if a user could not be stored mid-way.
    download.cancel(err as Error);
    if (err instanceof DownloadError) throw err;
    throw new DownloadError((err as Error).message, emitted);
  } finally {
    clearTimeout(timer);
  }
}

/** Storage that sends nothing for this long has dropped the download. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;
