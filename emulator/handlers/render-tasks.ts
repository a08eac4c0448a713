/**
 * Render tasks for dashboards, looks, queries and dashboard elements.
 * Status follows elapsed time: enqueued_for_query -> querying ->
 * enqueued_for_render -> rendering -> success | failure (failure via the
 * `render-failure` admin fault).
 */
import type { IRenderTask } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { ApiError, invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import { nextId, type RenderTaskRecord } from '../core/state';
import { makeJpeg, makePdf, makePng } from '../render/images';
import { CAN, findOr404, nowIso, type Wire } from './common';

const PHASES = ['enqueued_for_query', 'querying', 'enqueued_for_render', 'rendering'] as const;
export type RenderStatus = (typeof PHASES)[number] | 'success' | 'failure';

const CONTENT_TYPES = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' } as const;

export function renderStatus(ctx: RequestContext, task: RenderTaskRecord): RenderStatus {
  const elapsed = ctx.core.clock.wallMs() - task.created_ms;
  if (elapsed >= task.duration_ms) return task.fails ? 'failure' : 'success';
  return PHASES[Math.min(PHASES.length - 1, Math.floor((elapsed / Math.max(1, task.duration_ms)) * PHASES.length))];
}

function presentRenderTask(ctx: RequestContext, task: RenderTaskRecord): Wire<IRenderTask> {
  const status = renderStatus(ctx, task);
  const done = status === 'success' || status === 'failure';
  return {
    can: CAN,
    created_at: task.created_at,
    dashboard_filters: task.dashboard_filters,
    dashboard_id: task.dashboard_id,
    dashboard_style: task.dashboard_style,
    finalized_at: done ? new Date(Date.parse(task.created_at) + task.duration_ms).toISOString() : null,
    height: task.height,
    id: task.id,
    look_id: task.look_id,
    lookml_dashboard_id: task.lookml_dashboard_id,
    query_id: task.query_id,
    dashboard_element_id: task.dashboard_element_id,
    query_runtime: done ? task.duration_ms / 2000 : null,
    render_runtime: done ? task.duration_ms / 2000 : null,
    result_format: task.result_format,
    runtime: done ? task.duration_ms / 1000 : null,
    status,
    status_detail: status === 'failure' ? 'Rendering failed' : null,
    user_id: task.user_id,
    width: task.width,
  };
}

type Target = Pick<RenderTaskRecord, 'dashboard_id' | 'lookml_dashboard_id' | 'look_id' | 'query_id' | 'dashboard_element_id'>;

function createTask(ctx: RequestContext, target: Partial<Target>, allowedFormats: readonly string[]): Wire<IRenderTask> {
  const format = ctx.params.string('result_format');
  if (!allowedFormats.includes(format)) throw invalidField('result_format', `must be one of ${allowedFormats.join(', ')}`);
  const width = ctx.params.optInt('width');
  const height = ctx.params.optInt('height');
  if (!width || width < 1) throw invalidField('width', 'must be a positive integer');
  if (!height || height < 1) throw invalidField('height', 'must be a positive integer');
  const task: RenderTaskRecord = {
    id: nextId(ctx.core.state, 'render_tasks'),
    user_id: ctx.user.id,
    result_format: format as RenderTaskRecord['result_format'],
    width,
    height,
    dashboard_id: null,
    lookml_dashboard_id: null,
    look_id: null,
    query_id: null,
    dashboard_element_id: null,
    ...target,
    dashboard_style: ctx.body?.dashboard_style ?? null,
    dashboard_filters: ctx.body?.dashboard_filters ?? null,
    created_at: nowIso(ctx),
    created_ms: ctx.core.clock.wallMs(),
    duration_ms: ctx.core.config.renderDurationMs,
    fails: !!ctx.core.faults.take('render-failure'),
  };
  ctx.core.state.render_tasks[task.id] = task;
  return presentRenderTask(ctx, task);
}

function renderTitle(ctx: RequestContext, task: RenderTaskRecord): string {
  const { state } = ctx.core;
  const id = task.dashboard_id ?? task.lookml_dashboard_id;
  if (id) return state.dashboards[id]?.title ?? `Dashboard ${id}`;
  if (task.look_id) return state.looks[task.look_id]?.title ?? `Look ${task.look_id}`;
  if (task.dashboard_element_id) return state.dashboard_elements[task.dashboard_element_id]?.title ?? 'Tile';
  return `Query ${task.query_id}`;
}

export const renderTaskHandlers: HandlerTable = {
  create_dashboard_render_task: (ctx) => {
    const dashboard = findOr404(ctx.core.state.dashboards, ctx.params.string('dashboard_id'), 'Dashboard');
    const target = dashboard.lookml ? { lookml_dashboard_id: dashboard.id } : { dashboard_id: dashboard.id };
    return createTask(ctx, target, ['pdf', 'png', 'jpg']);
  },
  create_look_render_task: (ctx) => {
    const look = findOr404(ctx.core.state.looks, ctx.params.string('look_id'), 'Look');
    return createTask(ctx, { look_id: look.id }, ['png', 'jpg']);
  },
  create_query_render_task: (ctx) => {
    const query = findOr404(ctx.core.state.queries, ctx.params.string('query_id'), 'Query');
    return createTask(ctx, { query_id: query.id }, ['png', 'jpg']);
  },
  create_dashboard_element_render_task: (ctx) => {
    const element = findOr404(ctx.core.state.dashboard_elements, ctx.params.string('dashboard_element_id'), 'Dashboard element');
    return createTask(ctx, { dashboard_element_id: element.id }, ['png', 'jpg']);
  },
  render_task: (ctx) => presentRenderTask(ctx, findOr404(ctx.core.state.render_tasks, ctx.params.string('render_task_id'), 'Render task')),
  render_task_results: (ctx) => {
    const task = findOr404(ctx.core.state.render_tasks, ctx.params.string('render_task_id'), 'Render task');
    const status = renderStatus(ctx, task);
    if (status === 'failure') throw new ApiError(400, 'Render task failed');
    if (status !== 'success') {
      const remaining = task.created_ms + task.duration_ms - ctx.core.clock.wallMs();
      return Reply.empty(202, { 'Retry-After': String(Math.max(1, Math.ceil(remaining / 1000))) });
    }
    const body =
      task.result_format === 'pdf'
        ? makePdf(renderTitle(ctx, task))
        : task.result_format === 'png'
          ? makePng(task.width, task.height)
          : makeJpeg(task.width, task.height);
    return Reply.binary(body, CONTENT_TYPES[task.result_format]);
  },
};
