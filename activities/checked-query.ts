// runCheckedQuery: the field guard and the query in one activity, for one-query reads. The
// explore comes from a copy cached in the worker for a minute, so a query costs its own Looker
// calls and one workflow round trip instead of two. A name the cached copy lacks is checked
// again against a fresh read before it is refused: a LookML deploy never refuses a new field.
import { findUnknownFields, type QueryFieldsToCheck } from '../common/field-guard';
import type { ExploreSummary } from './lookml';
import type { QueryBody, RunQueryInput, RunQueryResult } from './queries';
import { createTtlCache } from './ttl-cache';

const EXPLORE_TTL_MS = 60_000;
/** Explores kept per worker; the least recently used goes first. */
const MAX_CACHED_EXPLORES = 50;

export interface RunCheckedQueryInput extends QueryFieldsToCheck {
  jobId: string;
  model: string;
  explore: string;
  limit: string;
  maxInlineBytes?: number;
  /** Also read the SQL Looker generated for the query (one more call, after the rows). */
  withSql?: boolean;
}

/** The result, or every name the explore does not have (one line each, with the nearest real names). */
export type RunCheckedQueryResult = (RunQueryResult & { sql?: string }) | { unknownFields: string[] };

export function createCheckedQueryActivities({
  lookmlModelExplore,
  runQuery,
  querySql,
  now = Date.now,
}: {
  lookmlModelExplore: (input: { model: string; explore: string }) => Promise<ExploreSummary>;
  runQuery: (input: RunQueryInput) => Promise<RunQueryResult>;
  querySql: (input: { queryId: string }) => Promise<string>;
  now?: () => number;
}) {
  const explores = createTtlCache<string, ExploreSummary>({ ttlMs: EXPLORE_TTL_MS, maxEntries: MAX_CACHED_EXPLORES, now });
  const exploreOf = (model: string, explore: string, fresh: boolean) =>
    explores.get(`${model}::${explore}`, () => lookmlModelExplore({ model, explore }), { fresh });

  return {
    /** Checks every field, filter and sort against the explore, then runs the query (polling options). */
    async runCheckedQuery(input: RunCheckedQueryInput): Promise<RunCheckedQueryResult> {
      const named = { fields: input.fields, filters: input.filters, sorts: input.sorts };
      let unknown = findUnknownFields(await exploreOf(input.model, input.explore, false), named);
      if (unknown.length) unknown = findUnknownFields(await exploreOf(input.model, input.explore, true), named);
      if (unknown.length) return { unknownFields: unknown };
      const query: QueryBody = {
        model: input.model,
        view: input.explore,
        fields: input.fields,
        filters: input.filters,
        sorts: input.sorts,
        limit: input.limit,
      };
      const result = await runQuery({ jobId: input.jobId, query, ...(input.maxInlineBytes ? { maxInlineBytes: input.maxInlineBytes } : {}) });
      return input.withSql ? { ...result, sql: await querySql({ queryId: result.queryId }) } : result;
    },
  };
}
