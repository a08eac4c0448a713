// Short read-only workflows behind the MCP read tools. Each is one or two Looker activities;
// running them as workflows gives them the engine's retries on 429/5xx and durable query polling.
import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import type { IDashboard, ILook } from '@looker/sdk';
import type {
  ContentHit,
  DescribeExploreInput,
  DescribeExploreResult,
  ListLookmlModelsInput,
  ListLookmlModelsResult,
  RunInlineQueryInput,
  RunInlineQueryResult,
  SearchContentInput,
  SearchContentResult,
} from '../contracts/read-tools';
import type { CheckNamesInput, CheckNamesResult } from '../contracts/check-names';
import { findUnknownFields } from '../common/field-guard';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

/** Descriptions are cut to this length so an explore fits in a model's context. */
const MAX_DESCRIPTION = 200;

export async function listLookmlModels(_input: ListLookmlModelsInput = {}): Promise<ListLookmlModelsResult> {
  const progress = new Progress();
  progress.step('reading models', { total: 1 });
  const models = await lookerActivities('read').allLookmlModels();
  progress.advance();
  // Hidden explores are not meant for people (or agents) to query.
  return { models: models.map((m) => ({ ...m, explores: m.explores.filter((e) => !e.hidden) })) };
}

export async function describeExplore(input: DescribeExploreInput): Promise<DescribeExploreResult> {
  const progress = new Progress();
  progress.step('reading explore', { total: 1 });
  const explore = await lookerActivities('read').lookmlModelExplore(input);
  progress.advance();
  const trim = (fields: DescribeExploreResult['dimensions']) =>
    fields.map((f) => ({ ...f, description: f.description ? f.description.slice(0, MAX_DESCRIPTION) : null }));
  return {
    ...explore,
    description: explore.description?.slice(0, MAX_DESCRIPTION) ?? null,
    dimensions: trim(explore.dimensions),
    measures: trim(explore.measures),
    filters: trim(explore.filters),
    parameters: trim(explore.parameters),
  };
}

export async function runInlineQuery(input: RunInlineQueryInput): Promise<RunInlineQueryResult> {
  const progress = new Progress();
  // The field guard and the query in one activity (against an explore the worker caches): one
  // workflow round trip and no explore read per query.
  if (patched('run-inline-query-checked-in-one-activity')) {
    progress.step('running query', { total: 1, message: 'waiting for Looker' });
    const outcome = await lookerActivities('polling').runCheckedQuery({
      jobId: workflowInfo().workflowId,
      model: input.model,
      explore: input.explore,
      fields: input.fields,
      filters: input.filters,
      sorts: input.sorts,
      limit: String(input.limit),
      withSql: true,
    });
    if ('unknownFields' in outcome) {
      throw ApplicationFailure.nonRetryable(`${outcome.unknownFields.join('; ')} in ${input.model}::${input.explore}`, 'UnknownField');
    }
    const { queryTaskId: _task, ...result } = outcome;
    progress.advance(1, `${result.rowCount} rows`);
    return { ...result, applied: appliedQuery(input) };
  }
  progress.step('checking fields', { total: 2 });
  const explore = await lookerActivities('read').lookmlModelExplore({ model: input.model, explore: input.explore });
  const unknown = findUnknownFields(explore, { fields: input.fields, filters: input.filters, sorts: input.sorts });
  if (unknown.length) {
    throw ApplicationFailure.nonRetryable(`${unknown.join('; ')} in ${input.model}::${input.explore}`, 'UnknownField');
  }
  progress.advance(1);
  progress.step('running query', { done: 1, total: 2, message: 'waiting for Looker' });
  const { queryTaskId: _task, ...result } = await lookerActivities('polling').runQuery({
    jobId: workflowInfo().workflowId,
    query: {
      model: input.model,
      view: input.explore,
      fields: input.fields,
      filters: input.filters,
      sorts: input.sorts,
      limit: String(input.limit),
    },
  });
  progress.advance(1, `${result.rowCount} rows`);
  // Patch id: the answer echoes the query as applied and the SQL Looker generated (one more read).
  if (!patched('run-query-echoes-sql')) return result;
  const sql = await lookerActivities('read').querySql({ queryId: result.queryId });
  return { ...result, applied: appliedQuery(input), sql };
}

/** The query as Looker ran it, echoed so an agent can tell a data problem from a query problem. */
function appliedQuery(input: RunInlineQueryInput): NonNullable<RunInlineQueryResult['applied']> {
  return { model: input.model, explore: input.explore, fields: input.fields, filters: input.filters ?? {}, sorts: input.sorts ?? [], limit: input.limit };
}

export async function searchContent(input: SearchContentInput): Promise<SearchContentResult> {
  const progress = new Progress();
  progress.step('searching', { total: input.kinds.length });
  const { searchDashboards, searchLooks, contentDetails } = lookerActivities('read');
  if (input.id !== undefined) {
    // By id (never given by runs before it): the one dashboard and/or Look, in detail.
    const found: SearchContentResult = {};
    for (const kind of input.kinds) {
      const detail = await contentDetails({ kind, id: input.id });
      found[kind === 'dashboard' ? 'dashboards' : 'looks'] = detail ? [detail] : [];
      progress.advance();
    }
    return found;
  }
  const criteria = {
    ...(input.title ? { title: `%${input.title}%` } : {}),
    ...(input.folderId ? { folder_id: input.folderId } : {}),
    limit: input.limit,
    sorts: 'title',
    fields: 'id,title,folder_id,folder(name),user_id,user_name,view_count,last_viewed_at',
  };
  // Content in the Trash is left out (Looker types `deleted` differently per search).
  const result: SearchContentResult = {};
  if (input.kinds.includes('dashboard')) {
    result.dashboards = (await searchDashboards({ ...criteria, deleted: 'false' })).items.map(toHit);
    progress.advance();
  }
  if (input.kinds.includes('look')) {
    result.looks = (await searchLooks({ ...criteria, deleted: false })).items.map(toHit);
    progress.advance();
  }
  return result;
}

function toHit(item: IDashboard | ILook): ContentHit {
  return {
    id: String(item.id),
    title: item.title ?? '',
    folderId: item.folder_id ?? null,
    folderName: item.folder?.name ?? null,
    ownerId: item.user_id ?? null,
    ownerName: item.user_name ?? null,
    viewCount: item.view_count ?? null,
    lastViewedAt: item.last_viewed_at ? String(item.last_viewed_at) : null,
  };
}

/** The names of a job's input that Looker does not know (the job service asks before a start). */
export async function checkNames(input: CheckNamesInput): Promise<CheckNamesResult> {
  const progress = new Progress();
  progress.step('checking names', { total: 1 });
  const result = await lookerActivities('read').checkNames(input);
  progress.advance();
  return result;
}
