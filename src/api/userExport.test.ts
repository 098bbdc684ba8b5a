import * as http from 'http';
import { AddressInfo } from 'net';
import { gzipSync } from 'zlib';

import { StoreError } from './exportDecoder';
import { ExportJob, exportAllUsers, nextPollDelay } from './userExport';

const running = (extra: Partial<ExportJob>): ExportJob => ({
  id: 'job_1',
  status: 'processing',
  ...extra,
});

describe('nextPollDelay', () => {
  test('backs off when Auth0 gives no estimate', () => {
    expect(nextPollDelay(running({}), 500, 1_000, 500)).toBe(1_000);
    expect(nextPollDelay(running({}), 500, 8_000, 500)).toBe(8_000);
  });

  test('waits no longer than the time left Auth0 reports', () => {
    expect(
      nextPollDelay(running({ time_left_seconds: 3 }), 500, 8_000, 500),
    ).toBe(3_000);
  });

  test('extrapolates from the share done, with a 10% margin', () => {
    // 40% in 500 ms: the remaining 60% should take 750 ms, 825 with the margin.
    expect(
      nextPollDelay(
        running({ percentage_done: 40, time_left_seconds: 1 }),
        500,
        1_000,
        250,
      ),
    ).toBe(825);
  });

  test('never polls sooner than the minimum', () => {
    expect(
      nextPollDelay(running({ percentage_done: 99 }), 10_000, 1_000, 500),
    ).toBe(500);
    // 0% says nothing about the rest.
    expect(
      nextPollDelay(running({ percentage_done: 0 }), 10_000, 2_000, 500),
    ).toBe(2_000);
  });
});

describe('exportAllUsers', () => {
  const file = gzipSync(
    Buffer.from(
      Array.from({ length: 600 }, (_, i) =>
        JSON.stringify({ user_id: `auth0|${i}`, created_at: '2020-01-01' }),
      ).join('\n'),
    ),
  );
  let server: http.Server;
  let downloads = 0;
  let location = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      downloads += 1;
      res.writeHead(200, { 'content-length': String(file.length) });
      res.end(file);
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    location = `http://127.0.0.1:${(server.address() as AddressInfo).port}/users.json.gz`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('a batch that cannot be stored ends the export without reading the file again', async () => {
    const job: ExportJob = {
      id: 'job_1',
      status: 'completed',
      location,
      created_at: '2026-06-01T00:00:00.000Z',
    };
    let batches = 0;
    const failure = await exportAllUsers({
      api: { createJob: async () => job, getJob: async () => job },
      onBatch: async () => {
        batches += 1;
        throw new Error('the job state refused the batch');
      },
      log: () => undefined,
    }).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(StoreError);
    expect(batches).toBe(1);
    // A download fault is worth a fresh link; a storing fault is not.
    expect(downloads).toBe(1);
  });
});
