import { httpRequest } from './http';
import { parseRateLimitHeaders, RateLimiter } from './rateLimiter';

/**
 * The one `fetch` every Auth0 call goes through, the token request included.
 * It runs on Node's http stack (so recordings see it), asks the rate limiter
 * before each attempt, and retries what is worth retrying: 429 after the
 * announced reset, 408/5xx, connection resets, hung requests (per-attempt
 * timeout) and truncated or non-JSON bodies, with capped exponential backoff
 * and jitter. The auth0 client's own retries are switched off so that there
 * is exactly one retry loop.
 */

export interface TransportStats {
  requests: number;
  rateLimited: number;
  retries: number;
}

export interface TransportOptions {
  limiter: RateLimiter;
  /** per-attempt timeout */
  timeoutMs?: number;
  /** attempts for 408/5xx/network faults */
  maxAttempts?: number;
  /** attempts for 429s, which wait for the announced reset */
  max429Attempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  onRetry?: (details: RetryDetails) => void;
}

export interface RetryDetails {
  endpoint: string;
  attempt: number;
  reason: string;
  waitMs: number;
}

/** Response header carrying the number of attempts made, read by error translation. */
export const ATTEMPTS_HEADER = 'x-j1-attempts';

export class TransportError extends Error {
  constructor(
    readonly endpoint: string,
    readonly attempts: number,
    readonly causeMessage: string,
    readonly code: string | undefined,
  ) {
    super(
      `${endpoint} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${causeMessage}`,
    );
    this.name = 'TransportError';
  }
}

/** `GET /api/v2/users` for a URL, with ids collapsed so families are stable. */
export function describeEndpoint(method: string, url: string): string {
  const { pathname } = new URL(url);
  return `${method.toUpperCase()} ${pathname}`;
}

/** Which rate-limit bucket a request draws from. */
export function rateLimitFamily(
  method: string,
  url: string,
): string | undefined {
  const { pathname } = new URL(url);
  if (pathname === '/oauth/token') return 'token';
  const match = /^\/api\/v2\/([^/]+)/.exec(pathname);
  if (!match) return undefined; // e.g. an export download from storage
  return `api:${match[1]}`;
}

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);
/** Faults that another attempt seconds later will not fix: fail fast. */
const UNREACHABLE_CODES = new Set([
  'ENOTFOUND',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function createTransport(options: TransportOptions) {
  const {
    limiter,
    timeoutMs = 30_000,
    maxAttempts = 6,
    max429Attempts = 30,
    baseBackoffMs = 500,
    maxBackoffMs = 30_000,
    onRetry,
  } = options;
  const stats: TransportStats = { requests: 0, rateLimited: 0, retries: 0 };

  const backoff = (attempt: number) =>
    Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1)) *
    (0.5 + Math.random() * 0.5);

  async function fetchWithRetries(
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> {
    const url = typeof input === 'string' ? input : input.toString();
    const method = (init.method ?? 'GET').toUpperCase();
    const endpoint = describeEndpoint(method, url);
    const family = rateLimitFamily(method, url);
    let faults = 0;
    let limited = 0;

    for (let attempt = 1; ; attempt++) {
      const release = family ? await limiter.acquire(family) : () => undefined;
      stats.requests += 1;
      let reason: string;
      let lastResponse: Attempt | undefined;
      let networkError: { message: string; code?: string } | undefined;
      try {
        const response = await attemptOnce(url, method, init, timeoutMs);
        release(
          parseRateLimitHeaders(response.status, (name) =>
            response.headers.get(name),
          ),
        );
        if (response.status === 429) {
          stats.rateLimited += 1;
          limited += 1;
          if (limited >= max429Attempts) return toResponse(response, attempt);
          reason = '429 Too Many Requests';
          // The limiter holds the next attempt until the announced reset.
          onRetry?.({ endpoint, attempt, reason, waitMs: 0 });
          stats.retries += 1;
          continue;
        }
        if (RETRYABLE_STATUS.has(response.status) || response.bodyIncomplete) {
          reason = response.bodyIncomplete
            ? `${response.status} with an incomplete or non-JSON body`
            : `${response.status} ${response.statusText}`;
          lastResponse = response;
        } else {
          return toResponse(response, attempt);
        }
      } catch (err) {
        release();
        if (init.signal?.aborted) throw err;
        const error = err as { message?: string; code?: string; type?: string };
        reason = error.code ?? error.type ?? 'network error';
        networkError = {
          message: error.message ?? String(err),
          code: error.code ?? error.type,
        };
      }

      faults += 1;
      const unreachable =
        networkError?.code !== undefined &&
        UNREACHABLE_CODES.has(networkError.code);
      if (faults >= (unreachable ? 2 : maxAttempts)) {
        // A 2xx whose body cannot be read must not pass for an (empty) answer.
        if (lastResponse && !lastResponse.bodyIncomplete) {
          return toResponse(lastResponse, attempt);
        }
        throw new TransportError(
          endpoint,
          attempt,
          networkError?.message ?? reason,
          networkError?.code ?? lastResponse?.status.toString(),
        );
      }
      const waitMs = backoff(faults);
      stats.retries += 1;
      onRetry?.({ endpoint, attempt, reason, waitMs });
      await sleep(waitMs);
    }
  }

  // The auth0 client leaves its request timer (24 h here) running when fetch
  // rejects, which keeps the process alive: resolve, and fail on reading the body.
  async function fetchOrFailOnRead(
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> {
    try {
      return await fetchWithRetries(input, init);
    } catch (err) {
      if (init.signal?.aborted) throw err; // the caller's own timeout: it expects a rejection
      const body = new ReadableStream({ start: (c) => c.error(err) });
      return new Response(body, { status: 200 });
    }
  }

  return { fetch: fetchOrFailOnRead as unknown as typeof fetch, stats };
}

interface Attempt {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
  /** a 2xx whose body is empty, cut short or not JSON */
  bodyIncomplete: boolean;
}

/**
 * One attempt, read in full: Management API bodies are small JSON documents,
 * and reading them here lets a cut-short or garbled body be retried like any
 * other transient fault.
 */
async function attemptOnce(
  url: string,
  method: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Attempt> {
  const headers = headersOf(init.headers);
  if (init.body instanceof URLSearchParams && !headers['content-type']) {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8'; // as fetch sets it
  }
  const response = await httpRequest(url, {
    method,
    headers,
    body: bodyOf(init.body),
    signal: init.signal,
    timeoutMs,
  });
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: response.body,
    bodyIncomplete:
      response.status >= 200 &&
      response.status < 300 &&
      !looksLikeJson(response.body),
  };
}

function headersOf(headers: RequestInit['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

function bodyOf(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  throw new TypeError('unsupported request body type');
}

/**
 * A Management API body is one JSON object or array. A body cut short fails
 * in http.ts already; this catches what is not JSON at all, such as a
 * proxy's HTML page, without decoding and parsing every body twice.
 */
function looksLikeJson(body: Buffer): boolean {
  let start = 0;
  let end = body.length - 1;
  while (start <= end && isSpace(body[start])) start++;
  while (end >= start && isSpace(body[end])) end--;
  if (start >= end) return false;
  const [first, last] = [body[start], body[end]];
  return (
    (first === 0x7b && last === 0x7d) || // { ... }
    (first === 0x5b && last === 0x5d) // [ ... ]
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function toResponse(attempt: Attempt, attempts: number): Response {
  attempt.headers.set(ATTEMPTS_HEADER, String(attempts));
  return new ReadResponse(attempt);
}

/**
 * A Response whose body has already been read: the auth0 client gets the
 * text as it is, without encoding it into a stream and decoding it again.
 */
class ReadResponse extends Response {
  private readonly content: Buffer;

  constructor(attempt: Attempt) {
    super(null, {
      status: attempt.status,
      statusText: attempt.statusText,
      headers: attempt.headers,
    });
    this.content = attempt.body;
  }

  override async text(): Promise<string> {
    return this.content.toString('utf8');
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.content.toString('utf8'));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
