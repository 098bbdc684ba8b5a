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

  test('an answer that arrives late cannot make the bucket look full early', () => {
    const c = clock(1_700_000_000_000);
    const bucket = new Bucket(c.now);
    // Empty, full again in 3 s.
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 0,
      reset: 1_700_000_003,
    });
    // An answer sent earlier, when the bucket would have been full in 1 s, arrives now.
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 0,
      reset: 1_700_000_001,
    });
    c.advance(1_100);
    // Past the stale reset, but the bucket is not full until the newer one.
    expect(bucket.available()).toBeLessThan(5);
  });

  test('an answer counted before the last one cannot raise the tokens left', () => {
    const c = clock(1_700_000_000_000);
    const bucket = new Bucket(c.now);
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 2,
      reset: 1_700_000_001,
    });
    c.advance(5);
    // Sent earlier, answered later: Auth0 counted it when 5 were left.
    bucket.observe({
      status: 200,
      limit: 10,
      remaining: 5,
      reset: 1_700_000_001,
    });
    expect(bucket.available()).toBeLessThan(3);
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
  /** Resolves to true when `promise` settles within `ms`. */
  const settles = (promise: Promise<unknown>, ms = 20) =>
    Promise.race([
      promise.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
    ]);

  test('API families not yet heard from share the first bucket: one probe, then its tokens', async () => {
    const c = clock();
    const reset = Math.ceil((c.now() + 900) / 1000);
    const limiter = new RateLimiter({ now: c.now });
    const releaseUsers = await limiter.acquire('api:users');
    const clients = limiter.acquire('api:clients');
    // A second family waits for the probe instead of probing on its own.
    expect(await settles(clients)).toBe(false);
    expect(limiter.bucket('api:clients')).toBe(limiter.bucket('api:users'));
    releaseUsers({ status: 200, limit: 10, remaining: 1, reset });
    const releaseClients = await clients;
    expect(limiter.bucket('api:users').inFlight).toBe(1);
    // The one token left is taken: a third family waits too.
    const roles = limiter.acquire('api:roles');
    expect(await settles(roles)).toBe(false);
    releaseClients({ status: 200, limit: 10, remaining: 4, reset });
    (await roles)();
    // In the same instant 4 after 1 can only be an answer counted earlier: the model keeps 1.
    expect(limiter.bucket('api:roles').remaining).toBe(1);
  });

  test('families announcing the same limit spend one budget (a global limit)', async () => {
    const c = clock();
    const reset = Math.ceil((c.now() + 200) / 1000);
    const limiter = new RateLimiter({ now: c.now });
    (await limiter.acquire('api:users'))({
      status: 200,
      limit: 50,
      remaining: 40,
      reset,
    });
    (await limiter.acquire('api:clients'))({
      status: 200,
      limit: 50,
      remaining: 39,
      reset,
    });
    const users = limiter.bucket('api:users');
    expect(limiter.bucket('api:clients')).toBe(users);
    await limiter.acquire('api:clients');
    await limiter.acquire('api:users');
    expect(users.inFlight).toBe(2);
    expect(Math.floor(users.available())).toBe(37);
  });

  test('families announcing different limits get their own buckets (self-service plans)', async () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now });
    (await limiter.acquire('api:users'))({
      status: 200,
      limit: 40,
      remaining: 39,
      reset: Math.ceil((c.now() + 100) / 1000),
    });
    (await limiter.acquire('api:clients'))({
      status: 200,
      limit: 5,
      remaining: 0,
      reset: Math.ceil((c.now() + 5_000) / 1000),
    });
    expect(limiter.bucket('api:clients')).not.toBe(limiter.bucket('api:users'));
    // Read Clients is spent; Read Users is not held back by it.
    const clients = limiter.acquire('api:clients');
    expect(await settles(clients)).toBe(false);
    const releaseUsers = await limiter.acquire('api:users');
    expect(limiter.bucket('api:users').remaining).toBe(39);
    // Past Read Clients' reset its bucket is full again.
    c.advance(6_000);
    releaseUsers();
    expect(await settles(clients)).toBe(true);
  });

  test('the token endpoint keeps its own bucket', async () => {
    const limiter = new RateLimiter();
    (await limiter.acquire('token'))({
      status: 200,
      limit: 10,
      remaining: 9,
      reset: Math.ceil(Date.now() / 1000) + 100,
    });
    expect(limiter.bucket('token')).not.toBe(limiter.bucket('api:users'));
    expect(limiter.bucket('api:users').remaining).toBe(undefined);
  });

  test('when tokens are scarce, the waiting request with the highest priority goes first', async () => {
    let next = 0;
    const limiter = new RateLimiter({
      maxConcurrency: 1,
      priority: () => next,
    });
    limiter.bucket('x').observe({ status: 200 });
    const held = await limiter.acquire('x');
    const order: number[] = [];
    const waiting = [0, 5, 2, 5].map((priority) => {
      next = priority;
      return limiter.acquire('x').then((release) => {
        order.push(priority);
        setTimeout(() => release(), 5);
      });
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    held();
    await Promise.all(waiting);
    expect(order).toEqual([5, 5, 2, 0]);
    expect(limiter.bucket('x').waiting.size).toBe(0);
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
