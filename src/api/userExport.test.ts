import { ExportJob, nextPollDelay } from './userExport';

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
