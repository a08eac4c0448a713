/** Alerts on dashboard tiles, with Looker's required fields and cron rules. */
import type { IAlert, IAlertNotifications } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { forbidden, notFound, validationFailed, type ValidationDetail } from '../core/errors';
import { cronError, minimumIntervalMinutes } from '../core/cron';
import { Reply } from '../core/reply';
import { paginate } from '../core/search';
import { nextId, type AlertRecord, type DeliveryRecord } from '../core/state';
import { displayName, findOr404, isAdmin, sortById, type Wire } from './common';

export const COMPARISON_TYPES = [
  'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_OR_EQUAL_TO', 'INCREASES_BY', 'DECREASES_BY', 'CHANGES_BY',
];
const MIN_ALERT_INTERVAL_MINUTES = 15;

function presentAlert(ctx: RequestContext, alert: AlertRecord): Wire<IAlert> {
  const element = alert.dashboard_element_id ? ctx.core.state.dashboard_elements[alert.dashboard_element_id] : undefined;
  const { follower_ids: followers, ...stored } = alert;
  return {
    ...stored,
    show_custom_url: false,
    followed: followers?.includes(ctx.user.id) ?? false,
    followable: true,
    owner_display_name: displayName(ctx.core.state.users[alert.owner_id]),
    investigative_content_type: element ? 'dashboard' : null,
    investigative_content_id: element?.dashboard_id ?? null,
    investigative_content_title: element ? ctx.core.state.dashboards[element.dashboard_id]?.title ?? null : null,
    field: { title: alert.field.title, name: alert.field.name, filter: (alert.field.filter ?? []) as IAlert['field']['filter'] },
    applied_dashboard_filters: (alert.applied_dashboard_filters ?? []) as IAlert['applied_dashboard_filters'],
  } as IAlert;
}

/** Checks the rules Looker enforces beyond the schema (which already requires the fields). */
function alertProblems(ctx: RequestContext, alert: Partial<AlertRecord>): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const add = (field: string, message: string, code = 'invalid') => problems.push({ field, code, message });
  if (!COMPARISON_TYPES.includes(String(alert.comparison_type))) add('comparison_type', `must be one of ${COMPARISON_TYPES.join(', ')}`);
  const cronProblem = alert.cron ? cronError(alert.cron) : 'is required';
  if (cronProblem) add('cron', cronProblem);
  else if (minimumIntervalMinutes(alert.cron!) < MIN_ALERT_INTERVAL_MINUTES) add('cron', `alerts must run at least ${MIN_ALERT_INTERVAL_MINUTES} minutes apart`);
  if (!alert.destinations?.length) add('destinations', 'at least one destination is required', 'missing');
  alert.destinations?.forEach((d, i) => {
    if (!['EMAIL', 'ACTION_HUB'].includes(d.destination_type)) add(`destinations[${i}].destination_type`, 'must be EMAIL or ACTION_HUB');
    if (d.destination_type === 'EMAIL' && !d.email_address) add(`destinations[${i}].email_address`, 'is required for EMAIL destinations', 'missing');
  });
  if (!alert.field?.name || !/^\w+\.\w+$/.test(alert.field.name)) add('field.name', 'must look like view_name.field_name');
  if (!alert.owner_id || !ctx.core.state.users[alert.owner_id]) add('owner_id', `user ${alert.owner_id} does not exist`);
  if (alert.dashboard_element_id && !ctx.core.state.dashboard_elements[alert.dashboard_element_id]) add('dashboard_element_id', `dashboard element ${alert.dashboard_element_id} does not exist`);
  if (typeof alert.threshold !== 'number') add('threshold', 'must be a number');
  return problems;
}

function alertFromBody(body: Record<string, any>, base?: AlertRecord): Omit<AlertRecord, 'id'> {
  const pick = <K extends keyof AlertRecord>(key: K, fallback: AlertRecord[K]): AlertRecord[K] => (body[key] !== undefined ? body[key] : fallback);
  return {
    comparison_type: pick('comparison_type', base?.comparison_type ?? ''),
    cron: pick('cron', base?.cron ?? ''),
    threshold: pick('threshold', base?.threshold ?? (undefined as never)),
    owner_id: body.owner_id !== undefined ? String(body.owner_id) : base?.owner_id ?? '',
    field: pick('field', base?.field ?? (undefined as never)),
    destinations: pick('destinations', base?.destinations ?? []),
    dashboard_element_id: pick('dashboard_element_id', base?.dashboard_element_id ?? null),
    lookml_dashboard_id: pick('lookml_dashboard_id', base?.lookml_dashboard_id ?? null),
    query_id: pick('query_id', base?.query_id ?? null),
    custom_title: pick('custom_title', base?.custom_title ?? null),
    description: pick('description', base?.description ?? null),
    is_disabled: pick('is_disabled', base?.is_disabled ?? false),
    disabled_reason: pick('disabled_reason', base?.disabled_reason ?? null),
    is_public: pick('is_public', base?.is_public ?? false),
    applied_dashboard_filters: pick('applied_dashboard_filters', base?.applied_dashboard_filters ?? []),
  };
}

function saveAlert(ctx: RequestContext, fields: Omit<AlertRecord, 'id'>, id?: string): Wire<IAlert> {
  const problems = alertProblems(ctx, fields);
  if (problems.length) throw validationFailed(problems);
  const record: AlertRecord = { ...fields, id: id ?? nextId(ctx.core.state, 'alerts') };
  if (!record.query_id && record.dashboard_element_id) record.query_id = ctx.core.state.dashboard_elements[record.dashboard_element_id].query_id;
  ctx.core.state.alerts[record.id] = record;
  return presentAlert(ctx, record);
}

function ownedAlertOr404(ctx: RequestContext): AlertRecord {
  const alert = findOr404(ctx.core.state.alerts, ctx.params.string('alert_id'), 'Alert');
  if (alert.owner_id !== ctx.user.id && !isAdmin(ctx.core.state, ctx.user)) throw forbidden('Only the owner or an admin can change this alert');
  return alert;
}

/** A fired alert as the owner's notification (one per alert run, whatever its destinations). */
function presentNotification(ctx: RequestContext, d: DeliveryRecord): Wire<IAlertNotifications> {
  const alert = ctx.core.state.alerts[d.alert_id ?? ''];
  const query = alert?.query_id ? ctx.core.state.queries[alert.query_id] : undefined;
  const dashboard = d.dashboard_id ? ctx.core.state.dashboards[d.dashboard_id] : undefined;
  return {
    notification_id: d.id,
    alert_condition_id: d.alert_id ?? '',
    user_id: d.user_id ?? '',
    is_read: d.is_read,
    field_value: d.field_value,
    threshold_value: d.threshold_value,
    ran_at: d.created_at,
    notification_type: d.destination_type === 'email' ? 'email' : d.destination_type,
    triggering_field_title: alert?.field.title ?? null,
    alert: {
      title: d.title,
      alert_id: d.alert_id ?? '',
      investigative_content_id: dashboard?.id ?? null,
      dashboard_name: dashboard?.title ?? null,
      dashboard_id: dashboard?.id ?? null,
      query_slug: query?.slug ?? null,
      query_id: query?.id ?? null,
    },
  };
}

function ownNotifications(ctx: RequestContext): DeliveryRecord[] {
  const seen = new Set<string>();
  return Object.values(ctx.core.state.deliveries ?? {})
    .filter((d) => d.kind === 'alert' && d.user_id === ctx.user.id)
    .filter((d) => {
      // One notification per evaluation, not per destination.
      const key = `${d.alert_id}@${d.created_at}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
}

export const alertHandlers: HandlerTable = {
  alert_notifications: (ctx) => {
    const { page, reply } = paginate(ctx, ownNotifications(ctx));
    return reply(page.map((d) => presentNotification(ctx, d)));
  },
  read_alert_notification: (ctx) => {
    const id = ctx.params.string('alert_notification_id');
    const notification = ownNotifications(ctx).find((d) => d.id === id);
    if (!notification) throw notFound('Alert notification not found');
    for (const d of Object.values(ctx.core.state.deliveries)) {
      if (d.kind === 'alert' && d.alert_id === notification.alert_id && d.created_at === notification.created_at) d.is_read = true;
    }
    return presentNotification(ctx, notification);
  },
  create_alert: (ctx) => saveAlert(ctx, alertFromBody(ctx.body ?? {})),
  // Following is per user: `followed` says whether the caller follows the alert.
  follow_alert: (ctx) => {
    const alert = findOr404(ctx.core.state.alerts, ctx.params.string('alert_id'), 'Alert');
    alert.follower_ids = [...new Set([...(alert.follower_ids ?? []), ctx.user.id])];
    return Reply.empty(204);
  },
  unfollow_alert: (ctx) => {
    const alert = findOr404(ctx.core.state.alerts, ctx.params.string('alert_id'), 'Alert');
    alert.follower_ids = (alert.follower_ids ?? []).filter((id) => id !== ctx.user.id);
    return Reply.empty(204);
  },
  get_alert: (ctx) => presentAlert(ctx, findOr404(ctx.core.state.alerts, ctx.params.string('alert_id'), 'Alert')),
  update_alert: (ctx) => {
    const alert = ownedAlertOr404(ctx);
    return saveAlert(ctx, alertFromBody(ctx.body ?? {}), alert.id);
  },
  update_alert_field: (ctx) => {
    const alert = ownedAlertOr404(ctx);
    const allowed = ['owner_id', 'is_disabled', 'disabled_reason', 'is_public', 'threshold'];
    const patch = Object.fromEntries(Object.entries(ctx.body ?? {}).filter(([k]) => allowed.includes(k)));
    return saveAlert(ctx, alertFromBody(patch, alert), alert.id);
  },
  delete_alert: (ctx) => {
    const alert = ownedAlertOr404(ctx);
    delete ctx.core.state.alerts[alert.id];
    return Reply.empty(204);
  },
  search_alerts: (ctx) => {
    const allOwners = ctx.params.bool('all_owners') === true && isAdmin(ctx.core.state, ctx.user);
    const disabled = ctx.params.bool('disabled');
    const alerts = sortById(Object.values(ctx.core.state.alerts))
      .filter((a) => allOwners || a.owner_id === ctx.user.id)
      .filter((a) => disabled === undefined || a.is_disabled === disabled);
    const { page, reply } = paginate(ctx, alerts);
    return reply(page.map((a) => presentAlert(ctx, a)));
  },
};
