// The contracts of the read-only jobs behind the MCP read tools: inputs (schemas in
// jobs/read-tools.ts), results, queries, search attributes.
import type { z } from 'zod';
import type { ContentDetail, ContentOwner } from '../activities/content-details';
import type { ExploreSummary, LookmlModelSummary } from '../activities/lookml';
import type { RunQueryResult } from '../activities/queries';
import type * as schemas from '../jobs/read-tools';
import { jobContract } from './job';

export type ListLookmlModelsInput = z.infer<typeof schemas.ListLookmlModelsInput>;
export type DescribeExploreInput = z.infer<typeof schemas.DescribeExploreInput>;
export type RunInlineQueryInput = z.infer<typeof schemas.RunInlineQueryInput>;
export type SearchContentInput = z.infer<typeof schemas.SearchContentInput>;

export interface ListLookmlModelsResult {
  models: LookmlModelSummary[];
}
export type DescribeExploreResult = ExploreSummary;
export type RunInlineQueryResult = Omit<RunQueryResult, 'queryTaskId'> & {
  /** The query as it ran: the filters and sorts applied (runs recorded before it lack this and `sql`). */
  applied?: { model: string; explore: string; fields: string[]; filters: Record<string, string>; sorts: string[]; limit: number };
  /** The SQL Looker generated for it, to tell a data problem from a query problem. */
  sql?: string;
};

export interface ContentHit extends Partial<Omit<ContentOwner, 'folderId'>> {
  id: string;
  title: string;
  folderId: string | null;
  viewCount: number | null;
  lastViewedAt: string | null;
}

/** By title or folder: hits; by id: the dashboard or Look with its tiles, filters or query. */
export interface SearchContentResult {
  dashboards?: Array<ContentHit | ContentDetail>;
  looks?: Array<ContentHit | ContentDetail>;
}

export const listLookmlModelsContract = jobContract('listLookmlModels');
export const describeExploreContract = jobContract('describeExplore');
export const runInlineQueryContract = jobContract('runInlineQuery');
export const searchContentContract = jobContract('searchContent');
