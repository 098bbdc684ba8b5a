import { IntegrationError } from '@jupiterone/integration-sdk-core';

/**
 * Auth0's two paging styles, independent of any endpoint: offset pages
 * (`page`/`per_page`, with `total` when `include_totals=true`) and checkpoint
 * pages (`from`/`take`, answered with `next` until the last page). The client
 * supplies one function that fetches one page; these loops decide when to stop.
 *
 * Two of Auth0's rules shape the offset loop (AUTH0-API.md, "Users" and "Page
 * size the server applied"): the page size the server applied, echoed as
 * `limit`, may be smaller than the one asked for, and offset lists stop at
 * 1,000 records, with totals that may stop there too. So the next offset
 * follows the applied size, a total of 1,000 is read as "1,000 or more", and
 * a list that cannot be read past the limit fails loudly instead of ending.
 */

/** Auth0 pages offset lists through their first 1,000 records only. */
export const MAX_OFFSET_RECORDS = 1000;

export interface OffsetPage<T> {
  items: T[];
  /** `total` from an include_totals response, when Auth0 sent it */
  total?: number;
  /** the page size Auth0 applied (`limit` in the envelope), when it said */
  limit?: number;
}

export interface CheckpointPage<T> {
  items: T[];
  /** the `from` of the next page; absent (or empty) on the last page */
  next?: string;
}

/** An offset list holds more records than Auth0 lets a client page through. */
export class IncompleteListError extends IntegrationError {
  constructor(
    readonly endpoint: string,
    readonly read: number,
  ) {
    super({
      code: 'AUTH0_LIST_INCOMPLETE',
      message: `${endpoint} holds more than the ${MAX_OFFSET_RECORDS} records Auth0 lets a client page through; ${read} were read and the data is reported partial, so JupiterOne keeps what it had`,
    });
  }
}

/** True for Auth0's 400 when a page reaches past the 1,000-record limit. */
export function isPagingLimitError(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  const text = String((err as { statusText?: unknown }).statusText ?? '');
  return status === 400 && /invalid_paging|1000 records|first 1000/.test(text);
}

/**
 * Reads offset pages from 0. The offset advances by the size Auth0 applied;
 * the list ends when `total` is reached (re-reported by every page, so
 * deletions during the read shorten it) or on an empty page, or, without
 * totals, on a page shorter than the applied size. A total at the offset
 * limit only says "at least that many": the next page is asked for, and if
 * Auth0 refuses it the list fails with IncompleteListError. Returns the
 * number of records read.
 */
export async function forEachOffsetPage<T>(
  requestedSize: number,
  fetchPage: (page: number) => Promise<OffsetPage<T>>,
  onItems: (items: T[]) => Promise<void>,
  endpoint = 'the list',
): Promise<number> {
  let read = 0;
  for (let page = 0; ; page++) {
    let answer: OffsetPage<T>;
    try {
      answer = await fetchPage(page);
    } catch (err) {
      if (read >= MAX_OFFSET_RECORDS && isPagingLimitError(err)) {
        throw new IncompleteListError(endpoint, read);
      }
      throw err;
    }
    const { items, total } = answer;
    // Auth0 numbers pages in the size it applied, so only the end test needs it.
    const applied =
      answer.limit && answer.limit > 0 ? answer.limit : requestedSize;
    await onItems(items);
    read += items.length;
    if (items.length === 0) return read;
    if (total === undefined) {
      if (items.length < applied) return read;
    } else if (read >= total && total < MAX_OFFSET_RECORDS) {
      return read;
    }
  }
}

/**
 * Follows `next` until a page comes without one. A checkpoint seen before
 * also ends the list, so a misbehaving answer cannot loop forever; an empty
 * page that carries a new `next` does not. Returns the page count.
 */
export async function forEachCheckpointPage<T>(
  fetchPage: (from: string | undefined) => Promise<CheckpointPage<T>>,
  onItems: (items: T[]) => Promise<void>,
): Promise<number> {
  const seen = new Set<string>();
  let from: string | undefined;
  for (let pages = 1; ; pages++) {
    const { items, next } = await fetchPage(from);
    await onItems(items);
    if (!next || seen.has(next)) return pages;
    seen.add(next);
    from = next;
  }
}
