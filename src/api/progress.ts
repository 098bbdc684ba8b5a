import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { TransportStats } from './transport';

const PROGRESS_INTERVAL_MS = 5_000;

/**
 * Logs a long fetch's progress a person can read, at most every few
 * seconds: records so far / expected, requests, 429s, rate and time left.
 */
export class Progress {
  private count = 0;
  private expected = 0;
  /** true while `expected` is a lower bound ("1000+"), e.g. Auth0's capped search total */
  private atLeast = false;
  private readonly startedAt = Date.now();
  private readonly startRequests: number;
  private readonly startLimited: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly what: string,
    private readonly logger: IntegrationLogger,
    private readonly stats: TransportStats,
  ) {
    this.startRequests = stats.requests;
    this.startLimited = stats.rateLimited;
    this.timer = setInterval(() => this.report(), PROGRESS_INTERVAL_MS);
    this.timer.unref();
  }

  tick(count = 1): void {
    this.count += count;
  }

  /** `atLeast`: the total is a lower bound, shown as "N+" (Auth0 caps search totals at 1,000). */
  expect(total: number, atLeast = false): void {
    if (!atLeast && !this.atLeast) {
      this.expected = Math.max(this.expected, total);
      return;
    }
    this.atLeast = atLeast;
    this.expected = atLeast ? Math.max(this.expected, total) : total;
  }

  done(): void {
    clearInterval(this.timer);
    this.report(true);
  }

  private report(final = false): void {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.count / seconds : 0;
    const left =
      !this.atLeast && this.expected > this.count && rate > 0
        ? (this.expected - this.count) / rate
        : 0;
    const requests = this.stats.requests - this.startRequests;
    const limited = this.stats.rateLimited - this.startLimited;
    this.logger.info(
      {
        [this.what]: this.count,
        // unknown until a search or count says; "1000+" while only a lower bound is known
        expected: this.atLeast
          ? `${this.expected}+`
          : this.expected || undefined,
        requests,
        rateLimited: limited,
      },
      `${final ? 'Fetched' : 'Fetching'} ${this.what}: ${this.count}${
        this.expected ? ` / ${this.expected}${this.atLeast ? '+' : ''}` : ''
      }, ${requests} requests, ${limited} 429s, ${rate.toFixed(1)} ${this.what}/s${
        final
          ? ` in ${seconds.toFixed(1)} s`
          : left
            ? `, ~${Math.ceil(left)} s left`
            : ''
      }`,
    );
  }
}
