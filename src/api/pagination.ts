/**
 * Auth0's two paging styles, independent of any endpoint: offset pages
 * (`page`/`per_page`, with `total` when `include_totals=true`) and checkpoint
 * pages (`from`/`take`, answered with `next` until the last page). The client
 * supplies one function that fetches one page; these loops decide when to stop.
 */

export interface OffsetPage<T> {
  items: T[];
  /** `total` from an include_totals response, when Auth0 sent it */
  total?: number;
}

export interface CheckpointPage<T> {
  items: T[];
  /** the `from` of the next page; absent (or empty) on the last page */
  next?: string;
}

/** Reads offset pages from 0 until `total` is reached or a page comes back short. Returns the page count. */
export async function forEachOffsetPage<T>(
  pageSize: number,
  fetchPage: (page: number) => Promise<OffsetPage<T>>,
  onItems: (items: T[]) => Promise<void>,
): Promise<number> {
  for (let page = 0; ; page++) {
    const { items, total } = await fetchPage(page);
    await onItems(items);
    const read = page * pageSize + items.length;
    if (items.length < pageSize || (total !== undefined && read >= total)) {
      return page + 1;
    }
  }
}

/**
 * Follows `next` until a page comes without one. An empty page or a
 * checkpoint seen before also ends the list, so a misbehaving answer cannot
 * loop forever. Returns the page count.
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
    if (!next || items.length === 0 || seen.has(next)) return pages;
    seen.add(next);
    from = next;
  }
}
