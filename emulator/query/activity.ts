/**
 * Rows for the state-backed `system__activity` explores, built from the
 * emulator's real dashboards, looks, users, query history and deliveries, so
 * usage and stale-content queries find exactly what the tests created or the
 * seed planted.
 */
import { DAY_MS } from '../core/clock';
import type { ContentRecord, EmulatorState } from '../core/state';
import { dashboardColumns, day, lookColumns, userColumns, userFacts } from './activity-columns';
import { eventAttributeRows, eventRows, fieldUsageRows, historyRows } from './activity-history';
import { scheduledJobRows, scheduledPlanRows } from './activity-schedules';
import type { Row } from './facts';

export type { Row } from './facts';

/** Schedules and API runs per content item, counted from the plans and the query history. */
function contentCounts(state: EmulatorState): { schedules: Map<string, number>; api: Map<string, number> } {
  const schedules = new Map<string, number>();
  const api = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const p of Object.values(state.scheduled_plans)) {
    const id = p.dashboard_id ?? p.lookml_dashboard_id;
    if (id) bump(schedules, `dashboard:${id}`);
    if (p.look_id) bump(schedules, `look:${p.look_id}`);
  }
  for (const h of Object.values(state.history ?? {})) {
    if (h.source !== 'api4') continue;
    if (h.dashboard_id) bump(api, `dashboard:${h.dashboard_id}`);
    if (h.look_id) bump(api, `look:${h.look_id}`);
  }
  return { schedules, api };
}

/**
 * content_usage: one row per dashboard and look. Content never accessed has no
 * last_accessed_date; its days_since_last_accessed counts from creation, so
 * old content nobody ever opened shows up as unused.
 */
function contentUsageRows(state: EmulatorState, now: Date): Row[] {
  const counts = contentCounts(state);
  const base = (content: ContentRecord, type: 'dashboard' | 'look'): Row => {
    const lastAccess = content.last_accessed_at ?? content.last_viewed_at;
    const reference = Date.parse(lastAccess ?? content.created_at);
    return {
      'content_usage.content_title': content.title,
      'content_usage.content_type': type,
      'content_usage.content_id': content.id,
      'content_usage.last_accessed_date': day(lastAccess),
      'content_usage.days_since_last_accessed': Math.max(0, Math.floor((now.getTime() - reference) / DAY_MS)),
      'content_usage.view_count': content.view_count,
      'content_usage.favorites_count': content.favorite_count,
      'content_usage.schedule_count': counts.schedules.get(`${type}:${content.id}`) ?? 0,
      'content_usage.api_count': counts.api.get(`${type}:${content.id}`) ?? 0,
      'user.id': Number(content.user_id),
      'user.name': userColumns(state, content.user_id)['user.name'],
    };
  };
  const dashboards = Object.values(state.dashboards).map((d) => ({
    ...base(d, 'dashboard'),
    'dashboard.id': d.id,
    'dashboard.title': d.title,
    'dashboard.deleted_date': day(d.deleted_at),
    'dashboard.created_date': day(d.created_at),
    'look.id': null,
    'look.title': null,
    'look.deleted_date': null,
    'look.created_date': null,
  }));
  const looks = Object.values(state.looks).map((l) => ({
    ...base(l, 'look'),
    'dashboard.id': null,
    'dashboard.title': null,
    'dashboard.deleted_date': null,
    'dashboard.created_date': null,
    'look.id': Number(l.id),
    'look.title': l.title,
    'look.deleted_date': day(l.deleted_at),
    'look.created_date': day(l.created_at),
  }));
  return [...dashboards, ...looks];
}

export function activityRows(state: EmulatorState, explore: string, now: Date): Row[] {
  switch (explore) {
    case 'content_usage':
      return contentUsageRows(state, now);
    case 'user':
      return Object.values(state.users).map((u) => ({
        ...userColumns(state, u.id),
        'user.is_disabled': u.is_disabled ? 'Yes' : 'No',
        'user.created_date': day(u.created_at),
        ...userFacts(state, u.id),
      }));
    case 'dashboard':
      return Object.values(state.dashboards).map((d) => ({
        ...dashboardColumns(state, d.id),
        'dashboard.created_date': day(d.created_at),
        'dashboard.deleted_date': day(d.deleted_at),
        ...userColumns(state, d.user_id),
      }));
    case 'look':
      return Object.values(state.looks).map((l) => ({
        ...lookColumns(state, l.id),
        'look.created_date': day(l.created_at),
        'look.deleted_date': day(l.deleted_at),
        ...userColumns(state, l.user_id),
      }));
    case 'history':
      return historyRows(state);
    case 'field_usage':
      return fieldUsageRows(state, now);
    case 'event':
      return eventRows(state);
    case 'event_attribute':
      return eventAttributeRows(state);
    case 'scheduled_plan':
      return scheduledPlanRows(state);
    case 'scheduled_job':
      return scheduledJobRows(state);
    default:
      // pdt_event_log: the emulator builds no persistent derived tables.
      return [];
  }
}
