// queryToDashboard against the emulator on a real worker: "pull revenue by category, and if
// any is over 100k, make a dashboard of those", plus re-runs, lost responses, a 429 storm,
// a guessed field name and a condition nothing meets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { z } from 'zod';
import { waitFor } from '../scripts/wait-for';
import { queryToDashboardJob, type QueryToDashboardInput as Input } from '../jobs/query-to-dashboard';
import type { QueryToDashboardResult } from '../contracts/query-to-dashboard';
import { lookerFilterFor, rowMatches } from '../workflows/support/row-condition';
import { jobFailure, runParsedJob, schemaError, writeCalls } from './job-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
before(async () => {
  stack = await stackReady;
});

const REVENUE = 'order_items.total_revenue';

function scenario(dashboardTitle: string, threshold = 100_000): z.input<typeof Input> {
  return {
    query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', REVENUE] },
    keepRowsWhere: { field: REVENUE, op: '>', value: threshold },
    dashboard: { title: dashboardTitle },
  };
}

const run = (input: z.input<typeof Input>) => runParsedJob<typeof queryToDashboardJob.input, QueryToDashboardResult>(stack, queryToDashboardJob, input);

function dashboardsTitled(title: string) {
  return Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.title === title);
}

function tilesOn(dashboardId: string) {
  const state = stack.emulator.admin.state();
  return Object.values(state.dashboard_elements)
    .filter((e) => e.dashboard_id === dashboardId)
    .map((e) => ({ ...e, query: e.query_id ? state.queries[e.query_id] : undefined }));
}

let started = 0;
/** Starts the job (input parsed as the job service does) without waiting for it. */
function start(input: z.input<typeof Input>) {
  return stack.client.workflow.start('queryToDashboard', {
    taskQueue: stack.taskQueue,
    workflowId: `query-to-dashboard-${stack.taskQueue}-started-${++started}`,
    args: [queryToDashboardJob.input.parse(input)],
    workflowExecutionTimeout: '5m',
  });
}

/** The job's query task in Looker, once it has been created. */
function queryTaskOf(jobId: string) {
  return waitFor('the query task in Looker', () => Object.values(stack.emulator.admin.state().query_tasks).find((t) => t.source === `lookerflow:queryToDashboard:${jobId}`));
}

describe('queryToDashboard', () => {
  it('keeps the categories over 100k and puts them on a new dashboard in Shared', async () => {
    const result = await run(scenario('Categories over 100k'));

    assert.ok('dashboardId' in result, 'some categories are over 100k in the demo data');
    assert.ok(result.rows.length > 0);
    for (const row of result.rows) assert.ok(Number(row[REVENUE]) > 100_000, `kept ${JSON.stringify(row)}`);
    assert.equal(result.dashboardUrl, `${stack.emulator.baseUrl}/dashboards/${result.dashboardId}`);

    const [dashboard, ...others] = dashboardsTitled('Categories over 100k');
    assert.deepEqual(others, []);
    assert.equal(dashboard.id, result.dashboardId);
    assert.equal(dashboard.folder_id, '1');
    const [tile, ...moreTiles] = tilesOn(dashboard.id);
    assert.deepEqual(moreTiles, []);
    assert.equal(tile.id, result.elementId);
    assert.equal(tile.title, `products.category, ${REVENUE} where ${REVENUE} > 100000`);
    assert.deepEqual(tile.query?.fields, ['products.category', REVENUE]);
    assert.deepEqual(tile.query?.filters, { [REVENUE]: '>100000' }, 'the saved query reproduces the condition');
    assert.equal(tile.query?.vis_config?.type, 'looker_bar');
  });

  it('drops some rows: the kept rows are exactly those over the threshold', async () => {
    const all = await run({ ...scenario('Every category'), keepRowsWhere: undefined });
    const kept = await run(scenario('Categories over 100k'));
    assert.ok('dashboardId' in all && 'dashboardId' in kept);
    const expected = all.rows.filter((r) => Number(r[REVENUE]) > 100_000);
    assert.ok(expected.length < all.rows.length, 'the demo data has categories under 100k too');
    assert.deepEqual(kept.rows, expected);
  });

  it('run again: the same dashboard and tile, nothing created', async () => {
    const first = await run(scenario('Categories over 100k'));
    stack.emulator.admin.clearCalls();
    const again = await run(scenario('Categories over 100k'));

    assert.deepEqual(again, first);
    assert.equal(dashboardsTitled('Categories over 100k').length, 1);
    assert.deepEqual(writeCalls(stack.emulator).filter((op) => op !== 'create_query' && op !== 'create_query_task'), []);
  });

  it('an input naming the explore `view`, as it used to: the edge renames it, and a run (or schedule) started with it runs the same', async () => {
    const { query, ...rest } = scenario('Categories over 100k');
    const { explore, ...old } = query;
    const oldInput = { ...rest, query: { ...old, view: explore } };
    const upgraded = queryToDashboardJob.upgradeInput!(oldInput);
    assert.deepEqual(upgraded, scenario('Categories over 100k'));
    const first = await run(scenario('Categories over 100k'));
    stack.emulator.admin.clearCalls();
    // What an old schedule hands the workflow: its stored input, never seen by the edge.
    const fromOld = await stack.runJob<QueryToDashboardResult>('queryToDashboard', { ...queryToDashboardJob.input.parse(upgraded), query: { ...queryToDashboardJob.input.parse(upgraded).query, explore: undefined, view: explore } });
    assert.deepEqual(fromOld, first);
    assert.deepEqual(writeCalls(stack.emulator).filter((op) => op !== 'create_query' && op !== 'create_query_task'), []);
  });

  it('run again with another visualization and sort: the same tile shows the new query, then is left alone', async () => {
    const first = await run(scenario('Converging board'));
    assert.ok('dashboardId' in first);
    assert.equal(first.elementOutcome, 'created');
    const changed = { ...scenario('Converging board'), element: { type: 'table' } };
    changed.query = { ...changed.query, sorts: [`${REVENUE} desc`], limit: 50 };

    const updated = await run(changed);

    assert.ok('dashboardId' in updated);
    assert.equal(updated.elementId, first.elementId);
    assert.equal(updated.elementOutcome, 'updated');
    const [tile, ...more] = tilesOn(first.dashboardId);
    assert.deepEqual(more, []);
    assert.equal(tile.query?.vis_config?.type, 'table');
    assert.deepEqual(tile.query?.sorts, [`${REVENUE} desc`]);
    assert.equal(String(tile.query?.limit), '50');

    stack.emulator.admin.clearCalls();
    const again = await run(changed);
    assert.ok('dashboardId' in again);
    assert.equal(again.elementOutcome, 'unchanged');
    assert.deepEqual(writeCalls(stack.emulator).filter((op) => op !== 'create_query' && op !== 'create_query_task'), []);
  });

  it('responses lost after Looker created the dashboard and the tile: still one of each', async () => {
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_dashboard' });
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_dashboard_element' });

    const result = await run(scenario('Lost responses board'));

    assert.ok('dashboardId' in result);
    assert.deepEqual(stack.emulator.admin.faults(), [], 'both lost responses happened');
    assert.equal(dashboardsTitled('Lost responses board').length, 1);
    assert.equal(tilesOn(result.dashboardId).length, 1);
  });

  it('completes under a 429 storm with the same result as a calm run', async () => {
    stack.emulator.admin.injectFault({ status: 429, count: 6, retryAfterSeconds: 1 });
    const stormy = await run(scenario('Storm board'));
    assert.deepEqual(stack.emulator.admin.faults(), [], 'all six 429s were answered');
    const calm = await run(scenario('Storm board'));

    assert.ok('elementOutcome' in stormy && 'elementOutcome' in calm);
    assert.equal(stormy.elementOutcome, 'created');
    assert.equal(calm.elementOutcome, 'unchanged');
    assert.deepEqual({ ...stormy, elementOutcome: 'unchanged' }, calm);
    assert.equal(dashboardsTitled('Storm board').length, 1);
  });

  it('a guessed field fails before anything runs, naming the closest real fields', async () => {
    stack.emulator.admin.clearCalls();
    const input = scenario('Never created');
    const failure = await jobFailure(run({ ...input, query: { ...input.query, fields: ['products.category', 'order_items.revenue'] }, keepRowsWhere: undefined }));

    assert.equal(failure.type, 'UnknownField');
    assert.match(failure.message, /no field `order_items\.revenue` \(fields\); did you mean `order_items\.total_revenue`/);
    assert.deepEqual(writeCalls(stack.emulator), [], 'no query, no dashboard');
    assert.deepEqual(dashboardsTitled('Never created'), []);
  });

  it('nothing over the threshold: no dashboard, and says so', async () => {
    const result = await run(scenario('Categories over a trillion', 1e12));

    assert.deepEqual(result, { rows: [], message: 'nothing matched, no dashboard created' });
    assert.deepEqual(dashboardsTitled('Categories over a trillion'), []);
  });

  it('cancelled mid-query: Looker has killed the query by the time the job reports cancelled', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 120_000 });
    try {
      const handle = await start(scenario('Cancelled board'));
      const task = await queryTaskOf(handle.workflowId);
      await handle.cancel();

      const error = await handle.result().catch((e: unknown) => e);
      // Read at once: the job may only report cancelled after its query is no longer running.
      const killedMs = stack.emulator.admin.state().query_tasks[task.id].killed_ms;

      assert.ok(error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure, `cancelled, got ${String(error)}`);
      assert.notEqual(killedMs, null, 'the query was killed in Looker before the job reported cancelled');
      assert.deepEqual(dashboardsTitled('Cancelled board'), []);
    } finally {
      stack.emulator.admin.configure({ queryDurationMs: 100 });
    }
  });

  // Last: it replaces the file's worker.
  it('a worker stopped mid-query: the next worker resumes the same query task and the job completes', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 8_000 });
    try {
      stack.emulator.admin.clearCalls();
      const handle = await start(scenario('Board after a restart'));
      const task = await queryTaskOf(handle.workflowId);
      await waitFor('a poll of the query task', () => stack.emulator.admin.calls().some((c) => c.operationId === 'query_task_multi_results') || undefined);
      // The stop cancels the running poll (after the worker's grace time): not a reason to kill the query.
      await stack.worker.stop();
      await stack.startWorker('replacement');

      const result = await handle.result();

      assert.ok('dashboardId' in result, JSON.stringify(result));
      assert.equal(dashboardsTitled('Board after a restart').length, 1);
      const tasks = Object.values(stack.emulator.admin.state().query_tasks).filter((t) => t.source === `lookerflow:queryToDashboard:${handle.workflowId}`);
      assert.deepEqual(tasks.map((t) => t.id), [task.id], 'the same query task, not a second one');
      assert.equal(tasks[0].killed_ms, null, 'the query was not killed');
      assert.equal(stack.emulator.admin.counters().byOperation.kill_query ?? 0, 0);
    } finally {
      stack.emulator.admin.configure({ queryDurationMs: 100 });
    }
  });

  it('refuses bad inputs with a message naming the problem', () => {
    const input = scenario('x');
    assert.match(schemaError(queryToDashboardJob, { ...input, keepRowsWhere: { field: 'order_items.count', op: '>', value: 1 } }), /keepRowsWhere\.field must be one of query\.fields/);
    assert.match(schemaError(queryToDashboardJob, { ...input, keepRowsWhere: { field: REVENUE, op: '>>', value: 1 } }), /keepRowsWhere\.op must be one of/);
    assert.match(schemaError(queryToDashboardJob, { ...input, query: { ...input.query, fields: [] } }), /query\.fields must name at least one field/);
    assert.match(schemaError(queryToDashboardJob, { ...input, query: { ...input.query, fields: ['revenue'] } }), /view_name\.field_name/);
  });

  it('more than 100 matching rows: the result carries the first 100 and a file of all of them', async () => {
    const title = `Daily items (${stack.taskQueue})`;
    const result = await run({
      query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.created_date', 'order_items.count'], limit: 1000 },
      dashboard: { title },
    });
    assert.ok('dashboardId' in result, JSON.stringify(result).slice(0, 300));
    assert.ok(result.rowCount! > 100, `${result.rowCount} rows, ${result.rows.length} inline`);
    assert.equal(result.rows.length, 100);
    const all = JSON.parse(readFileSync(join(stack.filesDir, result.rowsPath!), 'utf8'));
    assert.equal(all.length, result.rowCount);
    assert.deepEqual(all.slice(0, 100), result.rows);
  });
});

describe('row conditions', () => {
  it('compare numbers as numbers and text as text', () => {
    const row = { 'products.category': 'Jeans', [REVENUE]: 120_000 };
    assert.equal(rowMatches(row, { field: REVENUE, op: '>', value: 100_000 }), true);
    assert.equal(rowMatches(row, { field: REVENUE, op: '<=', value: '100000' }), false);
    assert.equal(rowMatches(row, { field: 'products.category', op: '=', value: 'Jeans' }), true);
    assert.equal(rowMatches(row, { field: 'products.category', op: '!=', value: 'Jeans' }), false);
  });

  it('become a Looker filter only when Looker syntax can say it exactly', () => {
    assert.equal(lookerFilterFor({ field: REVENUE, op: '>=', value: 1e5 }), '>=100000');
    assert.equal(lookerFilterFor({ field: REVENUE, op: '!=', value: 3 }), 'NOT 3');
    assert.equal(lookerFilterFor({ field: 'products.category', op: '!=', value: 'Jeans' }), '-Jeans');
    assert.equal(lookerFilterFor({ field: 'products.category', op: '=', value: 'Tops, Tees' }), undefined);
    assert.equal(lookerFilterFor({ field: 'products.category', op: '>', value: 'J' }), undefined);
  });

});
