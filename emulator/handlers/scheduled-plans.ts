/** Scheduled plans (schedules) with destinations, run-once and reassignment. */
import type { IScheduledPlan } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { forbidden, validationFailed, type ValidationDetail } from '../core/errors';
import { cronError } from '../core/cron';
import { nextCronRun } from '../deliveries/cron-schedule';
import { runPlan } from '../deliveries/run-plan';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import { nextId, type ScheduledPlanDestinationRecord, type ScheduledPlanRecord } from '../core/state';
import { CAN, findOr404, isAdmin, nowIso, sortById, type Wire } from './common';

const DESTINATION_TYPES = ['email', 'webhook', 's3', 'sftp', 'action_hub'];

export function presentPlan(ctx: RequestContext, plan: ScheduledPlanRecord): Wire<IScheduledPlan> {
  const { state } = ctx.core;
  const owner = state.users[plan.user_id];
  const title = plan.dashboard_id
    ? state.dashboards[plan.dashboard_id]?.title
    : plan.lookml_dashboard_id
      ? state.dashboards[plan.lookml_dashboard_id]?.title
      : plan.look_id
        ? state.looks[plan.look_id]?.title
        : undefined;
  const { destinations, ...fields } = plan;
  return {
    ...fields,
    title: title ?? null,
    scheduled_plan_destination: destinations.map((d) => ({ ...d, scheduled_plan_id: plan.id, looker_recipient: false, secret_parameters: null })),
    include_dashboard_summary: false,
    custom_url_base: null,
    custom_url_params: null,
    custom_url_label: null,
    show_custom_url: false,
    embed: false,
    color_theme: null,
    pdf_page_breaks: false,
    inline_table_width: null,
    next_run_at: nextRunAt(ctx, plan),
    user: owner
      ? { can: CAN, id: owner.id, first_name: owner.first_name, last_name: owner.last_name, display_name: `${owner.first_name} ${owner.last_name}`, avatar_url: '', url: `${ctx.origin}/api/4.0/users/${owner.id}` }
      : undefined,
    can: CAN,
  };
}

/** When the plan's crontab fires next, in its time zone; null for run-once, disabled and datagroup plans. */
function nextRunAt(ctx: RequestContext, plan: ScheduledPlanRecord): string | null {
  if (!plan.enabled || plan.run_once || !plan.crontab) return null;
  const next = nextCronRun(plan.crontab, ctx.core.clock.now().getTime(), plan.timezone ?? 'UTC');
  return next === null ? null : new Date(next).toISOString();
}

function destinationsFromBody(ctx: RequestContext, list: any[]): ScheduledPlanDestinationRecord[] {
  return list.map((d) => ({
    id: nextId(ctx.core.state, 'scheduled_plan_destinations'),
    type: d.type,
    format: d.format ?? null,
    address: d.address ?? null,
    apply_formatting: d.apply_formatting ?? false,
    apply_vis: d.apply_vis ?? false,
    parameters: d.parameters ?? null,
    message: d.message ?? null,
  }));
}

function planProblems(ctx: RequestContext, plan: ScheduledPlanRecord): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const add = (field: string, message: string, code = 'invalid') => problems.push({ field, code, message });
  const { state } = ctx.core;
  if (!plan.name) add('name', 'This field is required.', 'missing');
  const targets = [plan.dashboard_id, plan.look_id, plan.lookml_dashboard_id, plan.query_id].filter(Boolean);
  if (targets.length !== 1) add('dashboard_id', 'exactly one of dashboard_id, look_id, lookml_dashboard_id or query_id is required', 'missing');
  if (plan.dashboard_id && !state.dashboards[plan.dashboard_id]) add('dashboard_id', `dashboard ${plan.dashboard_id} does not exist`);
  if (plan.lookml_dashboard_id && !state.dashboards[plan.lookml_dashboard_id]) add('lookml_dashboard_id', `dashboard ${plan.lookml_dashboard_id} does not exist`);
  if (plan.look_id && !state.looks[plan.look_id]) add('look_id', `look ${plan.look_id} does not exist`);
  if (plan.query_id && !state.queries[plan.query_id]) add('query_id', `query ${plan.query_id} does not exist`);
  if (!plan.crontab && !plan.datagroup && !plan.run_once) add('crontab', 'a crontab or datagroup is required', 'missing');
  const cronProblem = plan.crontab ? cronError(plan.crontab) : null;
  if (cronProblem) add('crontab', cronProblem);
  const owner = state.users[plan.user_id];
  if (!owner) add('user_id', `user ${plan.user_id} does not exist`);
  else if (owner.is_disabled && plan.user_id !== (state.scheduled_plans[plan.id]?.user_id ?? '')) add('user_id', 'cannot assign a schedule to a disabled user');
  if (!plan.destinations.length) add('scheduled_plan_destination', 'at least one destination is required', 'missing');
  plan.destinations.forEach((d, i) => {
    if (!DESTINATION_TYPES.includes(d.type)) add(`scheduled_plan_destination[${i}].type`, `must be one of ${DESTINATION_TYPES.join(', ')}`);
    if (!d.format) add(`scheduled_plan_destination[${i}].format`, 'This field is required.', 'missing');
    if ((d.type === 'email' || d.type === 'webhook') && !d.address) add(`scheduled_plan_destination[${i}].address`, 'This field is required.', 'missing');
  });
  return problems;
}

const WRITABLE = ['name', 'dashboard_id', 'look_id', 'lookml_dashboard_id', 'query_id', 'crontab', 'datagroup', 'timezone', 'enabled', 'run_as_recipient',
  'require_results', 'require_no_results', 'require_change', 'send_all_results', 'filters_string', 'dashboard_filters', 'include_links',
  'pdf_paper_size', 'pdf_landscape', 'long_tables', 'run_once'] as const;

function buildPlan(ctx: RequestContext, body: Record<string, any>, base?: ScheduledPlanRecord): ScheduledPlanRecord {
  const now = nowIso(ctx);
  const plan: ScheduledPlanRecord = base
    ? { ...base, destinations: [...base.destinations] }
    : {
        id: nextId(ctx.core.state, 'scheduled_plans'), name: '', user_id: ctx.user.id, dashboard_id: null, look_id: null, lookml_dashboard_id: null,
        query_id: null, crontab: null, datagroup: null, timezone: null, enabled: true, run_as_recipient: false, require_results: false,
        require_no_results: false, require_change: false, send_all_results: false, filters_string: null, dashboard_filters: null,
        include_links: false, pdf_paper_size: null, pdf_landscape: false, long_tables: false, created_at: now, updated_at: now,
        last_run_at: null, run_once: false, destinations: [],
      };
  for (const key of WRITABLE) if (body[key] !== undefined) (plan as any)[key] = body[key];
  if (body.user_id !== undefined && body.user_id !== null && String(body.user_id) !== plan.user_id) {
    if (!isAdmin(ctx.core.state, ctx.user)) throw forbidden('Only admins can reassign schedules');
    plan.user_id = String(body.user_id);
  }
  if (Array.isArray(body.scheduled_plan_destination)) plan.destinations = destinationsFromBody(ctx, body.scheduled_plan_destination);
  plan.updated_at = now;
  return plan;
}

function savePlan(ctx: RequestContext, plan: ScheduledPlanRecord): Wire<IScheduledPlan> {
  const problems = planProblems(ctx, plan);
  if (problems.length) throw validationFailed(problems);
  ctx.core.state.scheduled_plans[plan.id] = plan;
  return presentPlan(ctx, plan);
}

/** Which plans a listing shows: your own, another user's (user_id), or everyone's (all_users, admins). */
function visiblePlans(ctx: RequestContext, filter: (p: ScheduledPlanRecord) => boolean = () => true): ScheduledPlanRecord[] {
  const admin = isAdmin(ctx.core.state, ctx.user);
  const userId = ctx.params.optString('user_id');
  const everyone = ctx.params.bool('all_users') === true && admin;
  return sortById(Object.values(ctx.core.state.scheduled_plans))
    .filter(filter)
    .filter((p) => everyone || p.user_id === (userId && admin ? userId : ctx.user.id));
}

function planOr404(ctx: RequestContext): ScheduledPlanRecord {
  return findOr404(ctx.core.state.scheduled_plans, ctx.params.string('scheduled_plan_id'), 'Scheduled plan');
}

export const scheduledPlanHandlers: HandlerTable = {
  all_scheduled_plans: (ctx) => visiblePlans(ctx).map((p) => presentPlan(ctx, p)),
  scheduled_plan: (ctx) => presentPlan(ctx, planOr404(ctx)),
  scheduled_plans_for_dashboard: (ctx) => {
    const id = ctx.params.string('dashboard_id');
    return visiblePlans(ctx, (p) => p.dashboard_id === id).map((p) => presentPlan(ctx, p));
  },
  scheduled_plans_for_look: (ctx) => {
    const id = ctx.params.string('look_id');
    return visiblePlans(ctx, (p) => p.look_id === id).map((p) => presentPlan(ctx, p));
  },
  scheduled_plans_for_lookml_dashboard: (ctx) => {
    const id = ctx.params.string('lookml_dashboard_id');
    return visiblePlans(ctx, (p) => p.lookml_dashboard_id === id).map((p) => presentPlan(ctx, p));
  },
  search_scheduled_plans: (ctx) => {
    const admin = isAdmin(ctx.core.state, ctx.user);
    const everyone = ctx.params.bool('all_users') === true && admin;
    const scoped = sortById(Object.values(ctx.core.state.scheduled_plans)).filter((p) => everyone || ctx.params.has('user_id') || p.user_id === ctx.user.id);
    const { page, reply } = search(ctx, scoped, {
      criteria: ['user_id', 'name', 'user_first_name', 'user_last_name', 'dashboard_id', 'look_id', 'lookml_dashboard_id', 'recipient', 'destination_type', 'delivery_format'],
      accessor: (p, field) => {
        const owner = ctx.core.state.users[p.user_id];
        switch (field) {
          case 'user_first_name': return owner?.first_name;
          case 'user_last_name': return owner?.last_name;
          case 'recipient': return p.destinations.map((d) => d.address);
          case 'destination_type': return p.destinations.map((d) => d.type);
          case 'delivery_format': return p.destinations.map((d) => d.format);
          default: return (p as unknown as Record<string, unknown>)[field];
        }
      },
    });
    return reply(page.map((p) => presentPlan(ctx, p)));
  },
  create_scheduled_plan: (ctx) => savePlan(ctx, buildPlan(ctx, ctx.body ?? {})),
  update_scheduled_plan: (ctx) => {
    const plan = planOr404(ctx);
    if (plan.user_id !== ctx.user.id && !isAdmin(ctx.core.state, ctx.user)) throw forbidden('Only the owner or an admin can change this schedule');
    return savePlan(ctx, buildPlan(ctx, ctx.body ?? {}, plan));
  },
  delete_scheduled_plan: (ctx) => {
    const plan = planOr404(ctx);
    if (plan.user_id !== ctx.user.id && !isAdmin(ctx.core.state, ctx.user)) throw forbidden('Only the owner or an admin can delete this schedule');
    delete ctx.core.state.scheduled_plans[plan.id];
    return Reply.empty(204);
  },
  scheduled_plan_run_once: (ctx) => runOneOff(ctx, buildPlan(ctx, { ...(ctx.body ?? {}), run_once: true })),
  scheduled_plan_run_once_by_id: (ctx) => {
    // A copy with the body's changes, under its own id; the original is not modified.
    const original = planOr404(ctx);
    const copy: ScheduledPlanRecord = {
      ...original,
      id: nextId(ctx.core.state, 'scheduled_plans'),
      created_at: nowIso(ctx),
      last_run_at: null,
      destinations: original.destinations.map((d) => ({ ...d, id: nextId(ctx.core.state, 'scheduled_plan_destinations') })),
    };
    return runOneOff(ctx, buildPlan(ctx, { ...(ctx.body ?? {}), run_once: true }, copy));
  },
};

/**
 * Looker creates a run-once plan, runs it at once and lets it go: its
 * deliveries land in the outbox under the one-off plan's id, and it is not
 * kept among the schedules.
 */
function runOneOff(ctx: RequestContext, plan: ScheduledPlanRecord): Wire<IScheduledPlan> {
  const problems = planProblems(ctx, plan);
  if (problems.length) throw validationFailed(problems);
  runPlan(ctx.core, plan);
  return presentPlan(ctx, plan);
}
