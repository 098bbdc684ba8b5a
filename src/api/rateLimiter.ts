/**
 * Paces requests to follow Auth0's token-bucket rate limits.
 *
 * Auth0 reports its bucket on every response: `x-ratelimit-limit` (burst),
 * `x-ratelimit-remaining` and `x-ratelimit-reset` (epoch seconds when the
 * bucket is full again). Each response re-anchors our model of the bucket; in
 * between we assume it refills at the rate estimated from past responses, and
 * that every request still in flight has taken a token. A request goes out
 * only while the model says a token is left, so a tenant rarely sees a 429,
 * and when one comes we wait until the reset it announces.
 *
 * Which requests share a bucket depends on the plan: Enterprise tenants have
 * one global bucket, self-service plans one per endpoint family (Read Users,
 * Read Clients, ...) and one for all other endpoints together. So families
 * that announce the same `x-ratelimit-limit` draw from one bucket, and a
 * family not yet heard from draws from the first bucket the API announced:
 * concurrent steps share one budget instead of each spending all of it. Two
 * distinct buckets with the same size are then paced together, which is
 * slower but never over the limit. One limiter serves every step of a run.
 */

export interface RateLimitObservation {
  limit?: number;
  remaining?: number;
  /** epoch seconds */
  reset?: number;
  status: number;
}

interface Sample {
  at: number;
  remaining: number;
  /** successful responses counted up to this sample */
  served: number;
}

const SAMPLE_WINDOW_MS = 10_000;
const MIN_ESTIMATE_SPAN_MS = 1_500;
const RATE_SAFETY = 0.97;

export class Bucket {
  limit: number | undefined;
  remaining: number | undefined;
  anchoredAt = 0;
  resetAt = 0;
  blockedUntil = 0;
  inFlight = 0;
  /** the server sent no rate-limit headers: nothing to pace */
  unlimited = false;
  refillPerMs: number | undefined;
  /** priorities of the requests waiting for this bucket */
  readonly waiting = new Map<object, number>();
  private served = 0;
  private samples: Sample[] = [];

  constructor(private readonly now: () => number) {}

  /** Tokens our model believes are left right now, minus those in flight. */
  available(): number {
    if (this.unlimited) return Number.POSITIVE_INFINITY;
    const tokens = this.tokensAt(this.now());
    // Nothing observed yet: let one probe through to learn the headers.
    if (tokens === undefined) return this.inFlight === 0 ? 1 : 0;
    return tokens - this.inFlight;
  }

  /**
   * Tokens the model holds at `at`, before any request in flight is
   * counted: what was left at the last answer plus the refill since, full
   * once past the announced reset. Undefined before any answer.
   */
  private tokensAt(at: number): number | undefined {
    if (this.remaining === undefined) return undefined;
    if (
      this.limit !== undefined &&
      this.resetAt > this.anchoredAt &&
      at >= this.resetAt
    ) {
      return this.limit;
    }
    const refilled =
      (this.refillPerMs ?? 0) * Math.max(0, at - this.anchoredAt);
    return Math.min(
      this.limit ?? Number.POSITIVE_INFINITY,
      this.remaining + refilled,
    );
  }

  /** Milliseconds until a token should be available, assuming no response arrives. */
  waitTime(): number {
    const now = this.now();
    if (this.blockedUntil > now) return this.blockedUntil - now;
    const deficit = 1 - this.available();
    if (deficit <= 0) return 0;
    if (this.refillPerMs && this.refillPerMs > 0) {
      return Math.ceil(deficit / this.refillPerMs);
    }
    if (this.inFlight > 0) return Number.POSITIVE_INFINITY; // a response will re-anchor us
    // No rate known and nothing in flight: the announced reset is the only clue.
    // A reset already past (our clock ahead of Auth0's) frees nothing: probe.
    return Math.max(0, this.resetAt - now);
  }

  observe(observation: RateLimitObservation): void {
    const at = this.now();
    const { limit, remaining, reset, status } = observation;
    if (limit !== undefined) this.limit = limit;
    // The time the bucket is full only moves later, so an answer that
    // arrives after a newer one (concurrent requests) cannot pull it back
    // and make the bucket look full too early.
    if (reset !== undefined)
      this.resetAt = Math.max(this.resetAt, reset * 1000);
    if (status === 429) {
      this.remaining = 0;
      this.anchoredAt = at;
      // Wait for the reset the server announced, plus jitter so that
      // concurrent requests do not all come back in the same millisecond.
      const resetAt = reset !== undefined ? reset * 1000 : at + 1000;
      this.blockedUntil = Math.max(resetAt, at + 250) + Math.random() * 250;
      return;
    }
    if (remaining === undefined) {
      if (limit === undefined && reset === undefined) this.unlimited = true;
      return;
    }
    this.unlimited = false;
    this.served += 1;
    // Answers to concurrent requests arrive out of the order Auth0 counted
    // them in: one counted earlier reports more tokens than are left. Never
    // let an answer raise what the model already knows is left (without a
    // limit there is no model to hold it to).
    const modelled = this.limit === undefined ? undefined : this.tokensAt(at);
    this.remaining = Math.min(remaining, modelled ?? remaining);
    this.anchoredAt = at;
    this.recordSample({ at, remaining, served: this.served });
    if (this.refillPerMs === undefined) this.estimateFromReset(at);
  }

  private recordSample(sample: Sample): void {
    this.samples.push(sample);
    while (
      this.samples.length > 2 &&
      sample.at - this.samples[0].at > SAMPLE_WINDOW_MS
    ) {
      this.samples.shift();
    }
    const first = this.samples[0];
    const span = sample.at - first.at;
    if (span < MIN_ESTIMATE_SPAN_MS) return;
    // A full bucket wastes refill, which would make the estimate too low.
    if (
      this.limit !== undefined &&
      this.samples.some((s) => s.remaining >= this.limit! - 1)
    ) {
      return;
    }
    const refilled =
      sample.remaining - first.remaining + (sample.served - first.served);
    if (refilled > 0) this.refillPerMs = (refilled / span) * RATE_SAFETY;
  }

  // First guess before enough samples exist: the time the server says it
  // needs to refill what is missing. Reset is rounded up, so this errs low.
  private estimateFromReset(at: number): void {
    if (this.limit === undefined || this.remaining === undefined) return;
    const missing = this.limit - this.remaining;
    const untilFull = this.resetAt - at;
    if (missing > 0 && untilFull > 0 && untilFull < 3_600_000) {
      this.refillPerMs = missing / untilFull;
    }
  }
}

export interface RateLimiterOptions {
  /** at most this many requests in flight per bucket */
  maxConcurrency?: number;
  now?: () => number;
  /**
   * The priority of the request being acquired (read from its async
   * context): when tokens are scarce, a waiting request with a higher one
   * goes first. The session gives a list's page number, so the list that has
   * run longest, likely the longest chain, is not held back by fresh ones.
   */
  priority?: () => number;
}

/** Requests in flight per bucket unless told otherwise. */
export const MAX_IN_FLIGHT = 16;

/** How long a request outranked by another waiting one steps aside before looking again. */
const YIELD_MS = 5;

export class RateLimiter {
  /** the bucket each family draws from */
  private readonly buckets = new Map<string, Bucket>();
  /** API buckets by the limit they announced */
  private readonly byLimit = new Map<number, Bucket>();
  /** where API families not yet heard from draw: the first API bucket */
  private readonly firstApiBucket: Bucket;
  private readonly waiters = new Set<() => void>();
  private readonly maxConcurrency: number;
  private readonly now: () => number;
  private readonly priority: () => number;

  constructor(options: RateLimiterOptions = {}) {
    this.maxConcurrency = options.maxConcurrency ?? MAX_IN_FLIGHT;
    this.now = options.now ?? Date.now;
    this.priority = options.priority ?? (() => 0);
    this.firstApiBucket = new Bucket(this.now);
  }

  /** The bucket a request of this family draws from now. */
  bucket(family: string): Bucket {
    let bucket = this.buckets.get(family);
    if (!bucket) {
      if (isApiFamily(family)) return this.firstApiBucket;
      bucket = new Bucket(this.now);
      this.buckets.set(family, bucket);
    }
    return bucket;
  }

  /** Binds an API family to the bucket of the limit its response announced. */
  private bucketAfter(
    family: string,
    drawnFrom: Bucket,
    limit?: number,
  ): Bucket {
    if (!isApiFamily(family) || limit === undefined) return drawnFrom;
    let shared = this.byLimit.get(limit);
    if (!shared) {
      // The first bucket announced is the one unheard-from families use.
      shared =
        this.firstApiBucket.limit === undefined &&
        drawnFrom === this.firstApiBucket
          ? this.firstApiBucket
          : new Bucket(this.now);
      this.byLimit.set(limit, shared);
    }
    this.buckets.set(family, shared);
    return shared;
  }

  /**
   * Resolves when a request of this family may be sent; the returned
   * function must be called with the response's rate-limit headers (or
   * without, when the request failed before any response).
   */
  async acquire(
    family: string,
  ): Promise<(observation?: RateLimitObservation) => void> {
    const bucket = this.bucket(family);
    const priority = this.priority();
    const ticket = {};
    bucket.waiting.set(ticket, priority);
    try {
      for (;;) {
        const wait =
          bucket.inFlight >= this.maxConcurrency ? Infinity : bucket.waitTime();
        if (wait > 0) {
          await this.sleepOrWake(wait);
        } else if (outranked(bucket, priority)) {
          await this.sleepOrWake(YIELD_MS);
        } else break;
      }
    } finally {
      bucket.waiting.delete(ticket);
    }
    bucket.inFlight += 1;
    let released = false;
    return (observation) => {
      if (released) return;
      released = true;
      bucket.inFlight -= 1;
      if (observation) {
        this.bucketAfter(family, bucket, observation.limit).observe(
          observation,
        );
      }
      this.wakeAll();
    };
  }

  private sleepOrWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      // Cap the sleep so that a changed estimate is picked up promptly.
      const timer = setTimeout(wake, Math.min(ms, 1_000));
      this.waiters.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/** Whether a request with a higher priority waits for the same bucket. */
function outranked(bucket: Bucket, priority: number): boolean {
  for (const other of bucket.waiting.values()) {
    if (other > priority) return true;
  }
  return false;
}

/** Management API families share buckets; the token endpoint has its own. */
function isApiFamily(family: string): boolean {
  return family.startsWith('api:');
}

export function parseRateLimitHeaders(
  status: number,
  get: (name: string) => string | null,
): RateLimitObservation {
  const num = (name: string) => {
    const value = get(name);
    if (value === null || value.trim() === '') return undefined;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  return {
    status,
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    reset: num('x-ratelimit-reset'),
  };
}
