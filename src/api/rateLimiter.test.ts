import { Bucket, parseRateLimitHeaders, RateLimiter } from './rateLimiter';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('Bucket', () => {
  test('lets one probe through before any headers are known', () => {
    const bucket = new Bucket(clock().now);
    expect(bucket.available()).toBe(1);
    bucket.inFlight = 1;
    expect(bucket.available()).toBe(0);
  });

  test('counts tokens from the last response, minus requests in flight', () => {
    const c = clock();
    const bucket = new Bucket(c.now);
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 6,
      reset: Math.ceil((c.now() + 400) / 1000),
    });
    bucket.inFlight = 2;
    expect(Math.floor(bucket.available())).toBeGreaterThanOrEqual(4);
  });

  test('estimates the refill rate from the announced reset, erring low', () => {
    const c = clock();
    const bucket = new Bucket(c.now);
    // 10 tokens missing, full again within 1 s (reset rounded up to the next second)
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 0,
      reset: Math.ceil((c.now() + 1000) / 1000),
    });
    expect(bucket.refillPerMs).toBeGreaterThan(0);
    expect(bucket.refillPerMs!).toBeLessThanOrEqual(10 / 1000);
  });

  test('learns the true refill rate from successive responses', () => {
    const c = clock();
    const bucket = new Bucket(c.now);
    // A server refilling 20/s while we take 20/s: remaining stays at 3.
    for (let i = 0; i < 60; i++) {
      bucket.observe({
        status: 200,
        limit: 50,
        remaining: 3,
        reset: Math.ceil((c.now() + 2400) / 1000),
      });
      c.advance(50);
    }
    expect(bucket.refillPerMs! * 1000).toBeGreaterThan(18);
    expect(bucket.refillPerMs! * 1000).toBeLessThanOrEqual(20);
  });

  test('after a 429 waits for the announced reset', () => {
    const c = clock();
    const bucket = new Bucket(c.now);
    const reset = Math.ceil(c.now() / 1000) + 2;
    bucket.observe({ status: 429, limit: 10, remaining: 0, reset });
    expect(bucket.waitTime()).toBeGreaterThanOrEqual(reset * 1000 - c.now());
    c.advance(reset * 1000 - c.now() + 300);
    expect(bucket.waitTime()).toBe(0);
  });

  test('after a 429 whose reset is already past (clock skew) probes again instead of waiting forever', () => {
    const c = clock();
    const bucket = new Bucket(c.now);
    // Our clock runs 5 s ahead of Auth0's: every reset looks past.
    const reset = Math.floor(c.now() / 1000) - 5;
    bucket.observe({ status: 429, limit: 10, remaining: 0, reset });
    expect(bucket.waitTime()).toBeGreaterThanOrEqual(250);
    c.advance(600);
    expect(bucket.waitTime()).toBe(0);
  });

  test('paces nothing when the server sends no rate-limit headers', () => {
    const bucket = new Bucket(clock().now);
    bucket.observe({ status: 200 });
    bucket.inFlight = 5;
    expect(bucket.available()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('RateLimiter', () => {
  test('keeps one bucket per endpoint family', async () => {
    const limiter = new RateLimiter();
    const releaseUsers = await limiter.acquire('api:users');
    const releaseClients = await limiter.acquire('api:clients');
    expect(limiter.bucket('api:users').inFlight).toBe(1);
    expect(limiter.bucket('api:clients').inFlight).toBe(1);
    releaseUsers({
      status: 200,
      limit: 10,
      remaining: 9,
      reset: Math.ceil(Date.now() / 1000) + 1,
    });
    releaseClients();
    expect(limiter.bucket('api:users').remaining).toBe(9);
    expect(limiter.bucket('api:clients').inFlight).toBe(0);
  });

  test('never exceeds its concurrency cap', async () => {
    const limiter = new RateLimiter({ maxConcurrency: 2 });
    limiter.bucket('x').observe({ status: 200 });
    const a = await limiter.acquire('x');
    await limiter.acquire('x');
    let third = false;
    const pending = limiter.acquire('x').then(() => {
      third = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    a();
    await pending;
    expect(third).toBe(true);
  });
});

test('parseRateLimitHeaders reads numbers and ignores garbage', () => {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': '10',
    'x-ratelimit-remaining': '8',
    'x-ratelimit-reset': 'soon',
  };
  expect(parseRateLimitHeaders(200, (name) => headers[name] ?? null)).toEqual({
    status: 200,
    limit: 10,
    remaining: 8,
    reset: undefined,
  });
});
