import { once } from 'events';
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import * as readline from 'readline';

import { getRootStorageDirectory } from '@jupiterone/integration-sdk-runtime';

const SPOOL_DIR_PREFIX = 'members-';

/**
 * Under the SDK's storage directory (`.j1-integration`), which the runtime
 * empties when an execution starts: a spool left by a run that stopped
 * before its linking step is gone by the next run. Not under `graph/`, so
 * never uploaded.
 */
function spoolRoot(): string {
  return path.resolve(getRootStorageDirectory(), 'auth0-spool');
}

/**
 * Records a fetch step reads before the users step has finished, kept for
 * the step that links them to users: one JSON line each in a temporary
 * file, so memory stays flat however long the member lists are. Lines from
 * concurrent lists interleave; each write is one whole line.
 */
export class Spool<T> {
  count = 0;

  private constructor(
    readonly file: string,
    private readonly out: ReturnType<typeof createWriteStream>,
  ) {}

  static async create<T>(name: string): Promise<Spool<T>> {
    await fs.mkdir(spoolRoot(), { recursive: true, mode: 0o700 });
    const dir = await fs.mkdtemp(path.join(spoolRoot(), SPOOL_DIR_PREFIX));
    const file = path.join(dir, `${name}.jsonl`);
    const out = createWriteStream(file, { mode: 0o600 });
    await once(out, 'open');
    return new Spool<T>(file, out);
  }

  async write(record: T): Promise<void> {
    this.count += 1;
    if (!this.out.write(`${JSON.stringify(record)}\n`)) {
      await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    if (this.out.writableFinished) return;
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Reads a spool back, one record at a time. */
export async function readSpool<T>(
  file: string,
  each: (record: T) => Promise<void>,
): Promise<void> {
  const lines = readline.createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line) await each(JSON.parse(line) as T);
  }
}

/** Removes a spool and its directory; anything but a spool's path is left alone. */
export async function removeSpool(file: string | undefined): Promise<void> {
  if (!file) return;
  const dir = path.dirname(file);
  if (
    path.dirname(dir) !== spoolRoot() ||
    !path.basename(dir).startsWith(SPOOL_DIR_PREFIX)
  ) {
    return;
  }
  await fs.rm(dir, { recursive: true, force: true });
}

/**
 * The spool a fetch step left in the job state, or, when that step ran in
 * another process (e.g. `collect --step` from a cache), a spool read here by
 * `fetch`; a half-written one is removed if that read fails.
 */
export async function spoolOrFetch(
  jobState: { getData<T>(key: string): Promise<T | undefined> },
  dataKey: string,
  fetch: () => Promise<string>,
): Promise<string> {
  return (
    (await jobState.getData<string>(dataKey)) ??
    (await fetch().catch(async (err) => {
      await removeSpool(await jobState.getData<string>(dataKey));
      throw err;
    }))
  );
}
