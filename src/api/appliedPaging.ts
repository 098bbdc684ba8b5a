/**
 * Offset paging that follows the page size the server says it applied
 * (`per_page` on actions and bindings, `limit` on rules and hooks) instead
 * of the one asked for: Auth0 may apply 50 where 100 was asked, and the
 * next page's offset is counted in the applied size (AUTH0-API.md, "Page
 * size the server applied"). A page shorter than the applied size is read
 * once more before moving on, unless it is known to be the last, so one
 * short answer never ends a list early.
 */

export interface AppliedPage<T> {
  items: T[];
  /** the page size the server echoed; absent when it echoed none */
  applied?: number;
  /** the total, when the server sent one */
  total?: number;
}

/**
 * Reads pages from 0. `onItems` receives each page's items with the offset
 * of the first one and returns how many it had not seen before. Ends on an
 * empty page, when the applied offsets reach `total`, or when a page (not a
 * re-read) brings nothing new (a server ignoring `page`). Returns the number
 * of requests made.
 */
export async function forEachAppliedPage<T>(
  requestedSize: number,
  fetchPage: (page: number, perPage: number) => Promise<AppliedPage<T>>,
  onItems: (items: T[], offset: number) => Promise<number>,
): Promise<number> {
  let perPage = requestedSize;
  let page = 0;
  let rereading = false;
  for (let requests = 1; ; requests++) {
    const { items, applied, total } = await fetchPage(page, perPage);
    const size =
      typeof applied === 'number' && Number.isInteger(applied) && applied > 0
        ? applied
        : perPage;
    const fresh = await onItems(items, page * size);
    if (items.length === 0) return requests;
    const endOffset = (page + 1) * size;
    if (typeof total === 'number' && endOffset >= total) return requests;
    if (items.length < size && !rereading) {
      // Short before the end (or with no total to tell): read it again.
      rereading = true;
      perPage = size;
      continue;
    }
    if (fresh === 0 && !rereading) return requests;
    rereading = false;
    // The next request asks for the applied size, so offsets stay aligned.
    perPage = size;
    page = Math.floor(endOffset / perPage);
  }
}
