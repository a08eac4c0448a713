/**
 * Async query tasks. Status is a pure function of the task's timestamps and
 * the current time (no timers): added -> running -> complete | error, or
 * killed, and expired once results are older than the configured TTL.
 * Tasks beyond a user's concurrency cap start when an earlier one ends.
 */
import type { IQueryTask } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { notFound } from '../core/errors';
import { Reply } from '../core/reply';
import { nextId, type QueryTaskRecord } from '../core/state';
import { QueryError, resolveQuery } from '../query/engine';
import { assertSupportedFormat } from '../query/format';
import { CAN, findOr404, findOr422, requireString, type Wire } from './common';
import { presentQuery, queryErrorBody, runAndFormat } from './queries';
import { recordHistory } from '../query/history';

export type QueryTaskStatus = 'added' | 'running' | 'complete' | 'error' | 'killed' | 'expired';

export function queryTaskStatus(ctx: RequestContext, task: QueryTaskRecord): QueryTaskStatus {
  const now = ctx.core.clock.wallMs();
  if (task.killed_ms !== null) return 'killed';
  if (now < task.start_ms) return 'added';
  if (now < task.end_ms) return 'running';
  if (now >= task.end_ms + ctx.core.config.queryResultTtlMs) return 'expired';
  return task.error ? 'error' : 'complete';
}

/** When the new task can start: now-ish, or when enough of the user's running tasks have ended. */
function scheduleStart(ctx: RequestContext, queuedPhaseMs: number): number {
  const now = ctx.core.clock.wallMs();
  const cap = Math.max(1, ctx.core.config.maxConcurrentQueriesPerUser);
  const busyUntil = Object.values(ctx.core.state.query_tasks)
    .filter((t) => t.user_id === ctx.user.id && t.killed_ms === null && t.end_ms > now)
    .map((t) => t.end_ms)
    .sort((a, b) => a - b);
  const earliest = now + queuedPhaseMs;
  if (busyUntil.length < cap) return earliest;
  return Math.max(earliest, busyUntil[busyUntil.length - cap]);
}

function presentTask(ctx: RequestContext, task: QueryTaskRecord): Wire<IQueryTask> {
  const query = ctx.core.state.queries[task.query_id];
  const status = queryTaskStatus(ctx, task);
  return {
    can: CAN,
    id: task.id,
    query_id: task.query_id,
    query: query ? presentQuery(ctx, query) : undefined,
    generate_links: false,
    force_production: false,
    path_prefix: null,
    cache: true,
    server_table_calcs: false,
    cache_only: false,
    cache_key: null,
    status,
    source: task.source,
    runtime: status === 'complete' || status === 'error' ? (task.end_ms - task.start_ms) / 1000 : null,
    rebuild_pdts: false,
    result_source: null,
    look_id: task.look_id,
    dashboard_id: task.dashboard_id,
    result_format: task.result_format,
  };
}

function taskOr404(ctx: RequestContext, id: string): QueryTaskRecord {
  return findOr404(ctx.core.state.query_tasks, id, 'Query task');
}

/** The result of a finished task (formatted now: the data is deterministic anyway). */
function taskResult(ctx: RequestContext, task: QueryTaskRecord): Reply {
  return runAndFormat(ctx, ctx.core.state.queries[task.query_id], task.result_format);
}

export const queryTaskHandlers: HandlerTable = {
  create_query_task: (ctx) => {
    const body = ctx.body ?? {};
    const query = findOr422(ctx.core.state.queries, requireString(body, 'query_id'), 'query_id', 'Query');
    const format = requireString(body, 'result_format');
    assertSupportedFormat(format);
    let error: string | null = null;
    try {
      resolveQuery(query);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      error = e.message;
    }
    const duration = ctx.core.config.queryDurationMs;
    const start = scheduleStart(ctx, Math.round(duration / 4));
    const task: QueryTaskRecord = {
      id: nextId(ctx.core.state, 'query_tasks'),
      query_id: query.id,
      user_id: ctx.user.id,
      result_format: format,
      source: body.source ?? null,
      look_id: body.look_id ?? null,
      dashboard_id: body.dashboard_id ?? null,
      created_ms: ctx.core.clock.wallMs(),
      start_ms: start,
      end_ms: start + duration - Math.round(duration / 4),
      killed_ms: null,
      error,
    };
    ctx.core.state.query_tasks[task.id] = task;
    recordHistory(ctx.core.state, ctx.core.clock, {
      queryId: query.id, userId: ctx.user.id, source: task.source ?? 'api4', resultFormat: format, runtime: (task.end_ms - task.start_ms) / 1000,
      error, lookId: task.look_id, dashboardId: task.dashboard_id,
    });
    return presentTask(ctx, task);
  },

  query_task: (ctx) => presentTask(ctx, taskOr404(ctx, ctx.params.string('query_task_id'))),

  query_task_results: (ctx) => {
    const task = taskOr404(ctx, ctx.params.string('query_task_id'));
    const status = queryTaskStatus(ctx, task);
    if (status === 'added' || status === 'running') return Reply.empty(202);
    if (status === 'expired') throw notFound('Query task results have expired');
    if (status === 'killed') throw notFound('Query task was killed');
    if (status === 'error') return Reply.json(queryErrorBody(ctx, ctx.core.state.queries[task.query_id], task.error!), 400);
    return taskResult(ctx, task);
  },

  query_task_multi_results: (ctx) => {
    const out: Record<string, unknown> = {};
    for (const id of ctx.params.list('query_task_ids') ?? []) {
      const task = ctx.core.state.query_tasks[id];
      if (!task) {
        out[id] = { status: 'error', errors: [{ message: 'Query task not found' }] };
        continue;
      }
      const status = queryTaskStatus(ctx, task);
      if (status === 'complete') out[id] = { status, data: taskResult(ctx, task).body };
      else if (status === 'error') {
        const { errors, sql } = queryErrorBody(ctx, ctx.core.state.queries[task.query_id], task.error!);
        out[id] = { status, errors, sql };
      }
      else out[id] = { status };
    }
    return out;
  },

  kill_query: (ctx) => {
    const task = taskOr404(ctx, ctx.params.string('query_task_id'));
    const status = queryTaskStatus(ctx, task);
    if (status !== 'added' && status !== 'running') throw notFound('Query is not running');
    task.killed_ms = ctx.core.clock.wallMs();
    return Reply.empty(204);
  },

  all_running_queries: (ctx) =>
    Object.values(ctx.core.state.query_tasks)
      .filter((t) => ['added', 'running'].includes(queryTaskStatus(ctx, t)))
      .map((t) => ({
        can: CAN,
        id: t.id,
        query_task_id: t.id,
        status: queryTaskStatus(ctx, t),
        source: t.source,
        created_at: new Date(t.created_ms).toISOString(),
        query: presentQuery(ctx, ctx.core.state.queries[t.query_id]),
        user: { id: t.user_id },
      })),
};
