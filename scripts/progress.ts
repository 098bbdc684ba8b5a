/**
 * Turns the progress lines the integration logs ("Fetching users: 1200 /
 * 2650, 14 requests, 0 429s, 231.4 users/s, ~6 s left") into something a
 * person can watch: one line rewritten in place on a terminal, or the
 * progress lines as they come when the output is a file or a pipe.
 */

export interface ProgressUpdate {
  /** the integration's own words, e.g. "Fetching users: 1200 / 2650, ..." */
  line: string;
  final: boolean;
  what: string;
  count: number;
  expected?: number;
  /** the expected count is a lower bound ("1000+": Auth0 caps search totals) */
  atLeast?: boolean;
  requests: number;
  rateLimited: number;
  perSecond: number;
  seconds?: number;
  secondsLeft?: number;
}

const PROGRESS =
  /(Fetching|Fetched) (\w+): (\d+)(?: \/ (\d+)(\+)?)?, (\d+) requests, (\d+) 429s, ([\d.]+) \w+\/s(?: in ([\d.]+) s|, ~(\d+) s left)?/;
const STEP_STARTED = /Starting step "([^"]+)"/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function parseProgress(text: string): ProgressUpdate | undefined {
  const match = PROGRESS.exec(text.replace(ANSI, ''));
  if (!match) return undefined;
  const [line, phase, what, count, expected, plus, requests, limited, rate] =
    match;
  return {
    line,
    final: phase === 'Fetched',
    what,
    count: Number(count),
    expected: expected ? Number(expected) : undefined,
    atLeast: plus === '+' || undefined,
    requests: Number(requests),
    rateLimited: Number(limited),
    perSecond: Number(rate),
    seconds: match[9] ? Number(match[9]) : undefined,
    secondsLeft: match[10] ? Number(match[10]) : undefined,
  };
}

/** "users 1200 / 2650 (45%), 231 users/s, 14 requests, 0 429s, ~6 s left" */
export function formatProgress(update: ProgressUpdate): string {
  const parts = [
    update.expected && update.atLeast
      ? `${update.what} ${update.count} / ${update.expected}+`
      : update.expected
        ? `${update.what} ${update.count} / ${update.expected} (${Math.floor(
            (100 * update.count) / update.expected,
          )}%)`
        : `${update.what} ${update.count}`,
    `${Math.round(update.perSecond)} ${update.what}/s`,
    `${update.requests} requests, ${update.rateLimited} 429s`,
  ];
  if (update.final && update.seconds !== undefined) {
    parts.push(`done in ${update.seconds.toFixed(1)} s`);
  } else if (update.secondsLeft) {
    parts.push(`~${update.secondsLeft} s left`);
  }
  return parts.join(', ');
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * Feed it the collect process's output in chunks (lines may be split across
 * chunks). On a TTY it keeps one status line, rewritten with `\r`, with the
 * running step, the latest progress and the elapsed time; elsewhere it
 * prints each progress line once, plainly.
 */
export class ProgressView {
  private pending = '';
  private step = '';
  private latest?: ProgressUpdate;
  private readonly startedAt = Date.now();
  private readonly timer?: NodeJS.Timeout;
  private drawn = false;

  constructor(private readonly out: ProgressOutput) {
    if (out.isTTY) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
  }

  feed(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  /** Flushes a last partial line and leaves the cursor on a new line. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) this.onLine(this.pending);
    this.pending = '';
    if (this.out.isTTY) {
      this.draw();
      if (this.drawn) this.out.write('\n');
    }
  }

  private onLine(raw: string): void {
    const step = STEP_STARTED.exec(raw.replace(ANSI, ''));
    if (step) {
      this.step = step[1];
      if (this.out.isTTY) this.draw();
      return;
    }
    const update = parseProgress(raw);
    if (!update) return;
    this.latest = update;
    if (this.out.isTTY) this.draw();
    else this.out.write(`${update.line}\n`);
  }

  private draw(): void {
    const elapsed = `${Math.round((Date.now() - this.startedAt) / 1000)} s`;
    const parts = [`collect ${elapsed}`];
    if (this.step) parts.push(this.step);
    if (this.latest) parts.push(formatProgress(this.latest));
    let text = parts.join(' | ');
    const width = this.out.columns ?? 0;
    if (width > 1 && text.length > width - 1) text = text.slice(0, width - 1);
    this.out.write(`\r\u001b[K${text}`);
    this.drawn = true;
  }
}
