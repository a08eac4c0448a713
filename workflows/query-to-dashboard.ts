// queryToDashboard: check fields → run the query → keep matching rows → dashboard + tile.
// The field check comes first so a guessed field name never creates anything in Looker.
import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import type { QueryToDashboardInput, QueryToDashboardResult } from '../contracts/query-to-dashboard';
import { findUnknownFields } from '../common/field-guard';
import { saveJobText } from './support/files';
import { lookerActivities, nonLookerActivities } from './support/looker';
import { Progress } from './support/progress';
import { outcomeOf } from './support/ensure-outcome';
import { lookerFilterFor, rowMatches } from './support/row-condition';

/** Rows a result carries; more go to a file (rowsPath). */
const RESULT_ROWS = 100;

export async function queryToDashboard(input: QueryToDashboardInput | StartedWithView): Promise<QueryToDashboardResult> {
  const progress = new Progress();
  const read = lookerActivities('read');
  const write = lookerActivities('idempotentWrite');
  const { keepRowsWhere } = input;
  const query = lookerQuery(input.query);
  const total = 4;

  progress.step('checking fields', { total, message: `${query.model}::${query.view}` });
  const explore = await read.lookmlModelExplore({ model: query.model, explore: query.view });
  const problems = findUnknownFields(explore, query);
  if (problems.length) {
    throw ApplicationFailure.create({
      type: 'UnknownField',
      nonRetryable: true,
      message: `The ${query.model}::${query.view} explore has ${problems.join('; ')}`,
      details: [{ problems }],
    });
  }

  progress.step('running query', { total, done: 1 });
  const result = await lookerActivities('polling').runQuery({ jobId: workflowInfo().workflowId, query: { ...query, limit: String(query.limit) } });
  if (!result.rows) {
    throw ApplicationFailure.nonRetryable(
      `The query returned ${result.rowCount} rows, too many to put on a tile; add filters or lower query.limit`,
      'ResultTooLarge',
    );
  }
  const rows = (result.rows as Record<string, unknown>[]).filter((row) => !keepRowsWhere || rowMatches(row, keepRowsWhere));
  progress.step('keeping matching rows', { total, done: 2, message: `${rows.length} of ${result.rowCount} rows match` });
  if (rows.length === 0) return { rows: [], message: 'nothing matched, no dashboard created' };

  progress.step('creating dashboard', { total, done: 3, message: input.dashboard.title });
  const dashboard = await write.ensureDashboard({ title: input.dashboard.title, folderId: input.dashboard.folderId });
  const conditionFilter = keepRowsWhere && !(keepRowsWhere.field in query.filters) ? lookerFilterFor(keepRowsWhere) : undefined;
  const element = await write.ensureDashboardElement({
    dashboardId: dashboard.id,
    title: input.element.title ?? defaultTileTitle(input),
    visType: input.element.type,
    query: {
      ...query,
      limit: String(query.limit),
      filters: conditionFilter ? { ...query.filters, [keepRowsWhere!.field]: conditionFilter } : query.filters,
    },
  });

  const dashboardUrl = `${await nonLookerActivities('read').lookerWebUrl()}/dashboards/${dashboard.id}`;
  progress.step('done', { total, done: total, message: dashboardUrl });
  // The rows already passed through history once (runQuery's result): past a page, the result
  // carries the first rows and a file of all of them rather than every row a second time.
  const elementOutcome = outcomeOf(element);
  if (rows.length > RESULT_ROWS && patched('query-rows-in-file')) {
    const rowsPath = await saveJobText('queryToDashboard', 'rows.json', JSON.stringify(rows));
    return { rows: rows.slice(0, RESULT_ROWS), rowCount: rows.length, rowsPath, dashboardId: dashboard.id, elementId: element.id, elementOutcome, dashboardUrl };
  }
  return { rows, dashboardId: dashboard.id, elementId: element.id, elementOutcome, dashboardUrl };
}

/**
 * Runs (and schedules) started before the input said `query.explore` carry `query.view`; both
 * become Looker's query body, where the explore is `view`. Only reading changes: the same
 * commands as before, so their histories replay.
 */
type StartedWithView = Omit<QueryToDashboardInput, 'query'> & { query: Omit<QueryToDashboardInput['query'], 'explore'> & { view: string } };

function lookerQuery(query: QueryToDashboardInput['query'] | StartedWithView['query']) {
  const { explore, view, ...rest } = query as QueryToDashboardInput['query'] & { view?: string };
  return { ...rest, view: explore ?? view! };
}

function defaultTileTitle({ query, keepRowsWhere }: QueryToDashboardInput | StartedWithView): string {
  const base = query.fields.join(', ');
  return keepRowsWhere ? `${base} where ${keepRowsWhere.field} ${keepRowsWhere.op} ${keepRowsWhere.value}` : base;
}
