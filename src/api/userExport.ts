import { ExportDecoder, StoreError, UserConversion } from './exportDecoder';
import { httpStream } from './http';
import { USER_FIELDS } from './records';
import { sleep } from './transport';

/**
 * Reads every user through Auth0's user export job: one job, a few polls,
 * and one gzip NDJSON download streamed through a decoding worker thread
 * (`exportDecoder.ts`) in batches, so memory stays flat whatever the
 * tenant's size. The job is asked for the allow-listed fields only, so
 * metadata and identity-provider tokens are never exported.
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

export interface UserExportOptions<T> {
  api: UserExportApi;
  /** applied to each user record on the decoding worker; none passes records through */
  conversion?: UserConversion;
  /**
   * Each batch of converted users, in file order, one at a time. `recent`:
   * the batch's user_ids created at or after the snapshot (or at an unknown
   * time), the only ones a search for users created since can find again.
   */
  onBatch: (items: T[], recent: string[]) => Promise<void>;
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
  snapshotAt: string;
  jobId: string;
}

/**
 * When Auth0 gives a job no `created_at` (not documented either way), the
 * snapshot is taken as the time the job was asked for, this much earlier
 * for clock skew: the harsher reading, a longer search after the export.
 */
const SNAPSHOT_SKEW_MS = 10 * 60_000;

/** The job this integration asks for: NDJSON of the allow-listed fields. */
export function userExportRequest(): {
  format: 'json';
  fields: Array<{ name: string }>;
} {
  return { format: 'json', fields: USER_FIELDS.map((name) => ({ name })) };
}

export async function exportAllUsers<T>(
  options: UserExportOptions<T>,
): Promise<UserExportResult> {
  const {
    api,
    log,
    pollMs = 500,
    maxPollMs = 10_000,
    jobTimeoutMs = 8 * 3600_000,
  } = options;
  const requested = Date.now();
  const job = await api.createJob(userExportRequest());
  log(`Started user export job ${job.id}`);
  const created = Date.parse(job.created_at ?? '');
  const snapshotAt = new Date(
    Number.isNaN(created) ? requested - SNAPSHOT_SKEW_MS : created,
  ).toISOString();
  const started = Date.now();
  let current = job;
  let delay = pollMs;
  let downloadAttempts = 0;
  let emitted = 0;
  let announced = false;
  // Spawned now, so that loading it overlaps the job's run.
  let decoder: ExportDecoder | undefined = ExportDecoder.spawn(
    options.conversion,
  );

  try {
    for (;;) {
      if (current.status === 'completed' && current.location) {
        if (!announced) {
          announced = true;
          log(
            `User export job ${job.id} completed after ${((Date.now() - requested) / 1000).toFixed(1)} s; reading its file`,
          );
        }
        decoder ??= ExportDecoder.spawn(options.conversion);
        try {
          await streamUsers(current.location, decoder, {
            ...options,
            // A fresh link serves the same file: what is stored is skipped, not stored twice.
            skip: emitted,
            since: Date.parse(snapshotAt),
            timeoutMs: options.downloadTimeoutMs ?? 600_000,
          });
          return {
            emitted: emitted + decoder.emitted,
            snapshotAt,
            jobId: job.id,
          };
        } catch (err) {
          emitted += decoder.emitted;
          await decoder.stop();
          decoder = undefined;
          // The link lives 60 s; a fresh GET of the job gives a new one.
          downloadAttempts += 1;
          if (downloadAttempts >= 3 || !(err instanceof DownloadError))
            throw err;
          log(
            `Export download failed (${err.message}); asking job ${job.id} for a fresh link`,
          );
        }
      } else if (
        current.status === 'failed' ||
        current.status === 'completed'
      ) {
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
        await sleep(
          nextPollDelay(current, Date.now() - started, delay, pollMs),
        );
        delay = Math.min(maxPollMs, delay * 2);
      }
      current = await api.getJob(job.id);
    }
  } finally {
    await decoder?.stop();
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
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

/**
 * The download is a pre-signed storage URL: no Authorization header (the
 * Management API token must not go to another host), no rate-limit bucket.
 * The decoder reads the next chunk only once it has room, so the download
 * never piles up in memory while users are stored.
 */
async function streamUsers<T>(
  location: string,
  decoder: ExportDecoder,
  options: UserExportOptions<T> & {
    skip: number;
    since: number;
    timeoutMs: number;
  },
): Promise<void> {
  const { timeoutMs } = options;
  const download = httpStream(location, DOWNLOAD_IDLE_TIMEOUT_MS);
  const timer = setTimeout(
    () =>
      download.cancel(new Error(`download incomplete after ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const response = await download.response;
    if (response.statusCode !== 200) {
      response.resume();
      throw new DownloadError(
        `download answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
      );
    }
    await decoder.decode<T>(
      response,
      {
        skip: options.skip,
        since: options.since,
        conversion: options.conversion,
      },
      options.onBatch,
    );
  } catch (err) {
    // Stops the transfer if a user could not be stored mid-way.
    download.cancel(err as Error);
    // Reading the file again would not store it any better.
    if (err instanceof DownloadError || err instanceof StoreError) throw err;
    throw new DownloadError((err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

/** Storage that sends nothing for this long has dropped the download. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;
