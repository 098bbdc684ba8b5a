import * as http from 'http';
import * as https from 'https';
import { promisify } from 'util';
import * as zlib from 'zlib';

/**
 * HTTP on Node's own stack, so Polly's node-http adapter records and replays
 * every call. Two things node-fetch 2 does not do, and this does:
 *
 * - connections are kept alive and reused through Node's global agents
 *   (node-fetch 2 sends `Connection: close` and pays a TLS handshake per
 *   request);
 * - a body cut short fails at once: when the connection closes before
 *   `Content-Length` bytes have arrived, Node reports the response as aborted
 *   and reading it rejects, where node-fetch 2 waits for the caller's timeout.
 */

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** the caller's own cancellation */
  signal?: AbortSignal | null;
  /** the whole exchange, headers and body, must finish within this */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** the decoded body (gzip and deflate undone) */
  body: Buffer;
}

export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/** One request, its body read in full; rejects on any network fault, a cut-short body included. */
export async function httpRequest(
  url: string,
  request: HttpRequest,
): Promise<HttpResponse> {
  const exchanges = new ExchangeChain();
  const timer = setTimeout(
    () => exchanges.cancel(new HttpTimeoutError(request.timeoutMs)),
    request.timeoutMs,
  );
  try {
    const { exchange, response } = await exchanges.follow(url, {
      ...request,
      headers: { 'accept-encoding': 'gzip, deflate', ...request.headers },
    });
    const raw = await exchange.guard(readAll(response));
    return {
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers: toHeaders(response.headers),
      body: await decode(raw, response.headers['content-encoding']),
    };
  } finally {
    clearTimeout(timer);
    exchanges.dispose();
  }
}

/**
 * One GET whose body the caller streams (an export download): the response is
 * returned as soon as its headers arrive; reading it rejects if the
 * connection drops early or stays silent for `idleTimeoutMs`. `cancel` ends
 * it from outside (and is harmless once the body has been read).
 */
export function httpStream(
  url: string,
  idleTimeoutMs: number,
): {
  response: Promise<http.IncomingMessage>;
  cancel: (reason: Error) => void;
} {
  const exchanges = new ExchangeChain((exchange) =>
    exchange.request.setTimeout(idleTimeoutMs, () =>
      exchanges.cancel(
        withCode(new Error(`no data for ${idleTimeoutMs} ms`), 'ETIMEDOUT'),
      ),
    ),
  );
  const response = exchanges
    .follow(url, { method: 'GET', headers: {} })
    .then(({ response }) => response);
  return { response, cancel: (reason) => exchanges.cancel(reason) };
}

/** Sent unless the caller sets its own: some edge proxies turn away requests without one. */
const USER_AGENT = 'jupiterone-graph-auth0';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * The exchanges of one request as it follows redirects (GETs only, at most
 * five, as fetch would; storage may redirect a download). Credentials are not
 * carried to another origin. Cancelling ends whichever exchange is current.
 */
class ExchangeChain {
  private current: Exchange | undefined;
  private cancelled: Error | undefined;

  constructor(
    private readonly onOpen: (exchange: Exchange) => void = () => {},
  ) {}

  async follow(
    url: string,
    request: Pick<HttpRequest, 'method' | 'headers' | 'body' | 'signal'>,
  ): Promise<{ exchange: Exchange; response: http.IncomingMessage }> {
    let target = new URL(url);
    let headers = request.headers;
    for (let hops = 0; ; hops++) {
      if (this.cancelled) throw this.cancelled;
      this.current?.dispose();
      const exchange = openExchange(target, { ...request, headers });
      this.current = exchange;
      this.onOpen(exchange);
      const response = await exchange.response;
      const location = response.headers.location;
      if (
        request.method !== 'GET' ||
        !REDIRECTS.has(response.statusCode ?? 0) ||
        !location ||
        hops >= MAX_REDIRECTS
      ) {
        return { exchange, response };
      }
      response.resume();
      const next = new URL(location, target);
      if (next.origin !== target.origin) headers = withoutCredentials(headers);
      target = next;
    }
  }

  cancel(reason: Error): void {
    this.cancelled ??= reason;
    this.current?.cancel(reason);
  }

  dispose(): void {
    this.current?.dispose();
  }
}

function withoutCredentials(
  headers: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !['authorization', 'cookie'].includes(name.toLowerCase()),
    ),
  );
}

interface Exchange {
  request: http.ClientRequest;
  response: Promise<http.IncomingMessage>;
  /** ends the exchange with `reason`, before or after the response arrived */
  cancel: (reason: Error) => void;
  /** `work` on the response, failing with the cancel reason if cancelled meanwhile */
  guard: <T>(work: Promise<T>) => Promise<T>;
  dispose: () => void;
}

function openExchange(
  target: URL,
  request: Pick<HttpRequest, 'method' | 'headers' | 'body' | 'signal'>,
): Exchange {
  const client = target.protocol === 'http:' ? http : https;
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    ...lowerCaseKeys(request.headers),
  };
  if (request.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(request.body));
  }
  const req = client.request(target, {
    method: request.method,
    headers,
    // Node's global agents keep connections alive (Node 19+) and carry any
    // process-wide TLS or proxy settings.
  });
  let cancelled: Error | undefined;
  // What guard() waits on, told once when the exchange is cancelled.
  const onCancel = new Set<(reason: Error) => void>();
  const cancel = (reason: Error) => {
    if (cancelled) return;
    cancelled = reason;
    for (const listener of onCancel) listener(reason);
    req.destroy(reason);
  };
  const onAbort = () => {
    const aborted = new Error('The request was aborted');
    aborted.name = 'AbortError'; // what fetch callers check for
    cancel(aborted);
  };
  if (request.signal?.aborted) onAbort();
  request.signal?.addEventListener('abort', onAbort);

  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    // Settled once. An error after the response (a download cancelled
    // mid-way) reaches its reader through the response stream; rejecting the
    // settled promise too made Node report it settled twice, which the SDK
    // logs as an ERROR.
    let settled = false;
    req.once('response', (res) => {
      settled = true;
      resolve(res);
    });
    req.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(cancelled ?? err);
    });
  });
  req.end(request.body);
  // Not Promise.race: a race settles its result again when the loser
  // settles, and Node reports that as a promise settled twice.
  const guard = <T>(work: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        onCancel.delete(listener);
        finish();
      };
      const listener = (reason: Error) => settle(() => reject(reason));
      if (cancelled) listener(cancelled);
      else onCancel.add(listener);
      work.then(
        (value) =>
          settle(() => (cancelled ? reject(cancelled) : resolve(value))),
        (err: Error) => settle(() => reject(cancelled ?? err)),
      );
    });
  return {
    request: req,
    response: guard(response),
    cancel,
    guard,
    dispose: () => request.signal?.removeEventListener('abort', onAbort),
  };
}

async function readAll(response: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  if (!response.complete) {
    throw withCode(new Error('the response body was cut short'), 'ECONNRESET');
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

async function decode(
  body: Buffer,
  encoding: string | undefined,
): Promise<Buffer> {
  if (body.length === 0) return body;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzip(body);
  if (encoding === 'deflate') return inflate(body);
  return body;
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    // The body handed on is decoded: its length and encoding no longer apply.
    if (value === undefined || name === 'content-encoding') continue;
    if (name === 'content-length') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      headers.append(name, item);
    }
  }
  return headers;
}

/** A network error as Node reports them: retry decisions read `code`. */
function withCode(error: Error, code: string): Error & { code: string } {
  return Object.assign(error, { code });
}

function lowerCaseKeys(
  headers: Record<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = value;
  }
  return result;
}
