// The contracts of the read-only jobs behind the MCP read tools: inputs (schemas in
// jobs/read-tools.ts), results, queries, search attributes.
import type { z } from 'zod';
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
export type RunInlineQueryResult = Omit<RunQueryResult, 'queryTaskId'>;

export interface ContentHit {
  id: string;
  title: string;
  folderId: string | null;
  viewCount: number | null;
  lastViewedAt: string | null;
}

export interface SearchContentResult {
  dashboards?: ContentHit[];
  looks?: ContentHit[];
}

export const listLookmlModelsContract = jobContract('listLookmlModels');
export const describeExploreContract = jobContract('describeExplore');
export const runInlineQueryContract = jobContract('runInlineQuery');
export const searchContentContract = jobContract('searchContent');
