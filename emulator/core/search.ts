/**
 * Looker's search rules for `search_*` endpoints (as the spec documents them):
 * - criteria are ANDed unless `filter_or=true`;
 * - string params match case-insensitively, `%` and `_` are wildcards, and a
 *   comma is just a character (a title "Revenue, by region" is found by itself);
 * - integer params (ids, counts) take one value or a comma list meaning any of them;
 * - boolean params take `true` / `false`;
 * - `IS NULL` / `NOT NULL` test emptiness;
 * - `sorts` like "title desc, id", then `offset` / `limit`.
 * With `limit` given, the reply carries `Link` (absolute URLs) and `X-Total-Count`.
 */
import { Reply } from './reply';
import type { RequestContext } from './context';

/** Reads a searchable field of a record (records may expose computed fields). */
export type FieldAccessor<T> = (record: T, field: string) => unknown;

export const defaultAccessor: FieldAccessor<any> = (record, field) => record[field];

/** Query parameters that steer the search instead of filtering. */
const CONTROL_PARAMS = new Set(['fields', 'limit', 'offset', 'page', 'per_page', 'sorts', 'filter_or']);

/** How a search parameter's value is read. */
export type SearchParamKind = 'string' | 'integer' | 'boolean';

/**
 * The spec types most search params as strings; ids and counts are integer
 * columns in Looker, and boolean ones are known by the record's value.
 */
export function searchParamKind(name: string, schemaType: unknown, actual: unknown): SearchParamKind {
  if (schemaType === 'boolean' || typeof actual === 'boolean') return 'boolean';
  if (schemaType === 'integer' || name === 'id' || name.endsWith('_id') || name.endsWith('_count') || typeof actual === 'number') return 'integer';
  return 'string';
}

export function matchesValue(actual: unknown, expected: string, kind: SearchParamKind = 'string'): boolean {
  if (kind === 'string') return matchesOne(actual, expected);
  return expected.split(',').some((alternative) => matchesOne(actual, alternative.trim()));
}

function matchesOne(actual: unknown, expected: string): boolean {
  const upper = expected.toUpperCase();
  const isEmpty = actual === null || actual === undefined || actual === '';
  if (upper === 'IS NULL' || upper === 'NULL') return isEmpty;
  if (upper === 'NOT NULL' || upper === 'IS NOT NULL') return !isEmpty;
  if (isEmpty) return false;
  if (Array.isArray(actual)) return actual.some((a) => matchesOne(a, expected));
  const text = String(actual).toLowerCase();
  const wanted = expected.toLowerCase();
  if (!/[%_]/.test(wanted)) return text === wanted;
  const pattern = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${pattern}$`, 's').test(text);
}

export function compareValues(a: unknown, b: unknown): number {
  const aEmpty = a === null || a === undefined;
  const bEmpty = b === null || b === undefined;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  const as = String(a);
  const bs = String(b);
  if (/^-?\d+(\.\d+)?$/.test(as) && /^-?\d+(\.\d+)?$/.test(bs)) return Number(as) - Number(bs);
  return as.localeCompare(bs, 'en', { sensitivity: 'base' });
}

/** Parses "title desc, id" into sort keys. */
export function parseSorts(sorts: string | undefined): { field: string; desc: boolean }[] {
  if (!sorts) return [];
  return sorts
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [field, direction] = s.split(/\s+/);
      return { field, desc: direction?.toLowerCase() === 'desc' };
    });
}

export function sortRecords<T>(records: T[], sorts: string | undefined, accessor: FieldAccessor<T>): T[] {
  const keys = parseSorts(sorts);
  if (!keys.length) return records;
  return [...records].sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(accessor(a, key.field), accessor(b, key.field));
      if (order) return key.desc ? -order : order;
    }
    return 0;
  });
}

export interface SearchOptions<T> {
  /** Search criteria names this endpoint accepts (others are ignored). */
  criteria: string[];
  accessor?: FieldAccessor<T>;
  /** Extra criteria handled by the caller (removed from the generic matching). */
  custom?: Record<string, (record: T, value: string) => boolean>;
  /** Default sort when the request gives none. */
  defaultSort?: string;
}

/** Filters, sorts and pages records following the request's search parameters. */
export function search<T>(ctx: RequestContext, records: T[], options: SearchOptions<T>): { page: T[]; reply: (items: unknown[]) => Reply } {
  const accessor = options.accessor ?? defaultAccessor;
  const filterOr = ctx.params.bool('filter_or') === true;
  const tests: ((record: T) => boolean)[] = [];
  for (const [name, value] of ctx.params.entries()) {
    if (CONTROL_PARAMS.has(name) || !options.criteria.includes(name)) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    const custom = options.custom?.[name];
    const schemaType = ctx.op.parameters.find((p) => p.name === name)?.schema?.type;
    tests.push(custom ? (r) => custom(r, text) : (r) => {
      const actual = accessor(r, name);
      return matchesValue(actual, text, searchParamKind(name, schemaType, Array.isArray(actual) ? actual[0] : actual));
    });
  }
  const matched = tests.length
    ? records.filter((r) => (filterOr ? tests.some((t) => t(r)) : tests.every((t) => t(r))))
    : records;
  const sorted = sortRecords(matched, ctx.params.optString('sorts') ?? options.defaultSort, accessor);
  return paginate(ctx, sorted);
}

/** Applies limit/offset (or legacy page/per_page) and prepares the paging headers. */
export function paginate<T>(ctx: RequestContext, records: T[]): { page: T[]; reply: (items: unknown[]) => Reply } {
  let limit = ctx.params.optInt('limit');
  let offset = ctx.params.optInt('offset') ?? 0;
  const perPage = ctx.params.optInt('per_page');
  if (limit === undefined && perPage !== undefined) {
    limit = perPage;
    offset = ((ctx.params.optInt('page') ?? 1) - 1) * perPage;
  }
  offset = Math.max(0, offset);
  const page = limit === undefined ? records.slice(offset) : records.slice(offset, offset + Math.max(0, limit));
  const total = records.length;
  return {
    page,
    reply: (items) => Reply.json(items, 200, limit === undefined ? {} : pagingHeaders(ctx, total, limit, offset)),
  };
}

function pagingHeaders(ctx: RequestContext, total: number, limit: number, offset: number): Record<string, string> {
  const link = (rel: string, relOffset: number) => {
    const url = new URL(ctx.url.pathname, ctx.origin);
    ctx.url.searchParams.forEach((v, k) => url.searchParams.append(k, v));
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('offset', String(relOffset));
    // URLSearchParams encodes commas, which matters: the SDK splits Link on ','.
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [link('first', 0)];
  if (limit > 0 && offset + limit < total) links.push(link('next', offset + limit));
  if (offset > 0) links.push(link('prev', Math.max(0, offset - limit)));
  if (limit > 0) links.push(link('last', Math.max(0, Math.floor((total - 1) / limit) * limit)));
  return { Link: links.join(', '), 'X-Total-Count': String(total) };
}
