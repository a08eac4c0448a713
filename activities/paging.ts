// Paging through Looker's search endpoints: one page per call (the workflow drives the paging,
// so a retry repeats one page), or every page inside one activity when the whole list is small
// and needed at once. Looker says whether more remain in its Link and X-Total-Count headers.
import type { Looker40SDK } from '@looker/sdk';
import type { SDKResponse } from '@looker/sdk-rtl';
import type { LookerClient } from './looker-client';

export const DEFAULT_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  /** The offset of the next page, or null on the last page. */
  nextOffset: number | null;
  /** Looker's X-Total-Count, when it sends one. */
  total?: number;
}

/** The page a caller asks for; both default (first page of DEFAULT_PAGE_SIZE). */
export interface PageWanted {
  limit?: number;
  offset?: number;
}

export type PagedSearch<Item> = (sdk: Looker40SDK, page: { limit: number; offset: number }) => Promise<SDKResponse<Item[], unknown>>;

/** One page of a search, with where the next one starts. */
export async function readPage<Item>(looker: LookerClient, operation: string, wanted: PageWanted, search: PagedSearch<Item>): Promise<Page<Item>> {
  const page = { limit: wanted.limit ?? DEFAULT_PAGE_SIZE, offset: wanted.offset ?? 0 };
  const { value: items, headers } = await looker.callForResponse(operation, (sdk) => search(sdk, page));
  const total = totalCount(headers);
  return { items, nextOffset: nextOffset(page.offset, page.limit, items.length, headers.link, total), total };
}

/** Every item of a search, page by page. */
export async function readEveryPage<Item>(looker: LookerClient, operation: string, search: PagedSearch<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page: Page<Item> = await readPage(looker, operation, { offset }, search);
    items.push(...page.items);
    offset = page.nextOffset;
  }
  return items;
}

/** Looker's X-Total-Count header (lower-cased by the client), when it sent one. */
function totalCount(headers: Record<string, string>): number | undefined {
  const value = headers['x-total-count'];
  return value === undefined ? undefined : Number(value);
}

/**
 * Looker says whether more remain in the Link header (rel="next") and X-Total-Count; without
 * either, a full page means there may be more.
 */
export function nextOffset(offset: number, limit: number, received: number, link?: string, total?: number): number | null {
  if (received === 0) return null;
  if (link !== undefined) return /rel="?next"?/.test(link) ? offset + received : null;
  if (total !== undefined && Number.isFinite(total)) return offset + received < total ? offset + received : null;
  return received >= limit ? offset + received : null;
}
