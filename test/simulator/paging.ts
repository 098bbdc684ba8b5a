/**
 * Auth0's paging styles and query-parameter errors, shared by the
 * simulator's identity and posture endpoints: offsets
 * (`page`/`per_page`/`include_totals`, capped at 1,000 records where Auth0
 * caps them) and checkpoints (`from`/`take` -> `{next?, <items>}`).
 */
import type { IdentityReply, IdentityRoute } from './identity';

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;
const OFFSET_LIMIT = 1000;

/** A bad query parameter: answered 400 by `withQueryErrors`. */
export class QueryError extends Error {}

export function error(
  status: number,
  reason: string,
  message: string,
  errorCode?: string,
): IdentityReply {
  const body: Record<string, unknown> = {
    statusCode: status,
    error: reason,
    message,
  };
  if (errorCode) body.errorCode = errorCode;
  return { status, body };
}

export function integer(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max?: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw new QueryError(
      `Query validation error: 'Expected type integer but found type string' on property ${name}`,
    );
  }
  const value = Number(raw);
  if (value < 0) {
    throw new QueryError(
      `Query validation error: 'Value ${value} is less than minimum 0' on property ${name}`,
    );
  }
  if (max !== undefined && value > max) {
    throw new QueryError(
      `Query validation error: 'Value ${value} is greater than maximum ${max}' on property ${name}`,
    );
  }
  return value;
}

export function flag(
  params: URLSearchParams,
  name: string,
): boolean | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') {
    throw new QueryError(
      `Query validation error: 'Expected type boolean but found type string' on property ${name}`,
    );
  }
  return raw === 'true';
}

/** Opaque to clients; here the offset of the next item, tied to the list it came from. */
function encodeCheckpoint(list: string, offset: number): string {
  return Buffer.from(`${list}:${offset}`).toString('base64url');
}

function decodeCheckpoint(list: string, from: string): number {
  const decoded = Buffer.from(from, 'base64url').toString('utf8');
  const match = /^(.*):(\d+)$/.exec(decoded);
  if (!match || match[1] !== list) {
    throw new QueryError(`Invalid checkpoint: ${from}`);
  }
  return Number(match[2]);
}

/** `page`/`per_page`: a bare array, or `{start, limit, total, <key>}` with include_totals. */
export function offsetPage<T>(
  url: URL,
  key: string,
  items: readonly T[],
  limitRecords: boolean,
): IdentityReply {
  const params = url.searchParams;
  const page = integer(params, 'page', 0);
  const perPage = integer(params, 'per_page', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const start = page * perPage;
  if (limitRecords && start + perPage > OFFSET_LIMIT) {
    return error(
      400,
      'Bad Request',
      `Requesting page ${page} exceeds the allowed maximum of ${OFFSET_LIMIT} records. To fetch results beyond ${OFFSET_LIMIT}, use the checkpoint pagination method.`,
      'invalid_paging',
    );
  }
  const slice = items.slice(start, start + perPage);
  if (!flag(params, 'include_totals')) return { status: 200, body: slice };
  // Totals of capped lists stop at the cap too: unknown beyond users, so the harsher reading.
  const total = limitRecords
    ? Math.min(items.length, OFFSET_LIMIT)
    : items.length;
  return {
    status: 200,
    body: { start, limit: perPage, total, [key]: slice },
  };
}

/** `from`/`take` -> `{next?, <key>}`; no `next` marks the end. */
export function checkpointPage<T>(
  params: URLSearchParams,
  list: string,
  key: string,
  items: readonly T[],
): IdentityReply {
  const from = params.get('from');
  const take = integer(params, 'take', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const start = from ? decodeCheckpoint(list, from) : 0;
  const body: Record<string, unknown> = {
    [key]: items.slice(start, start + take),
  };
  if (start + take < items.length) {
    body.next = encodeCheckpoint(list, start + take);
  }
  return { status: 200, body };
}

/** `from`/`take` when either is given, else offsets up to 1,000 records. */
export function listPage<T>(
  url: URL,
  list: string,
  key: string,
  items: readonly T[],
): IdentityReply {
  const params = url.searchParams;
  if (params.get('from') === null && params.get('take') === null) {
    return offsetPage(url, key, items, true);
  }
  return checkpointPage(params, list, key, items);
}

/** Query errors answer 400 in Auth0's shape, like the rest of the simulator. */
export function withQueryErrors(routes: IdentityRoute[]): IdentityRoute[] {
  return routes.map((route) => ({
    ...route,
    handle: (url, match, tokenScopes) => {
      try {
        return route.handle(url, match, tokenScopes);
      } catch (err) {
        if (err instanceof QueryError) {
          return error(400, 'Bad Request', err.message, 'invalid_query_string');
        }
        throw err;
      }
    },
  }));
}
