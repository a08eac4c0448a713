/**
 * System Activity rows about what happened: `history` (every query the
 * emulator ran), `field_usage` (every field and how often queries used it), and `event`
 * / `event_attribute` (users, content and schedules created, trashed, sent).
 */
import { DAY_MS } from '../core/clock';
import type { EmulatorState } from '../core/state';
import { CATALOGUE } from '../data/catalogue';
import { dashboardColumns, day, lookColumns, queryColumns, time, userColumns } from './activity-columns';
import type { Row } from './facts';

export function historyRows(state: EmulatorState): Row[] {
  return Object.values(state.history ?? {}).map((h) => ({
    'history.id': Number(h.id),
    'history.created_date': day(h.created_at),
    'history.created_time': time(h.created_at),
    'history.completed_date': day(h.completed_at),
    'history.completed_time': time(h.completed_at),
    'history.dashboard_id': h.dashboard_id,
    'history.look_id': h.look_id ? Number(h.look_id) : null,
    'history.__from_database': h.result_source === 'query' ? 1 : 0,
    'history.__from_cache': h.result_source === 'cache' ? 1 : 0,
    'history.__under_10s': h.runtime < 10 ? 1 : 0,
    'history.runtime': h.runtime,
    'history.source': h.source,
    'history.status': h.status,
    'history.result_source': h.result_source,
    'history.result_format': h.result_format,
    'history.message': h.message,
    ...queryColumns(state.queries[h.query_id]),
    ...userColumns(state, h.user_id),
    ...dashboardColumns(state, h.dashboard_id),
    ...lookColumns(state, h.look_id),
  }));
}

/** One row per field of every explore (System Activity's own aside), with its uses by the queries of the last 90 days. */
export function fieldUsageRows(state: EmulatorState, now: Date): Row[] {
  const since = now.getTime() - 90 * DAY_MS;
  const uses = new Map<string, number>();
  for (const h of Object.values(state.history ?? {})) {
    const query = state.queries[h.query_id];
    if (!query || Date.parse(h.created_at) < since) continue;
    for (const field of new Set([...query.fields, ...Object.keys(query.filters ?? {})])) {
      const key = `${query.model}:${query.view}:${field}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  return CATALOGUE.filter((m) => m.name !== 'system__activity').flatMap((model) =>
    model.explores.flatMap((explore) =>
      explore.fields.map((field) => ({
        'field_usage.model': model.name,
        'field_usage.explore': explore.name,
        'field_usage.base_view': explore.name,
        'field_usage.view': field.name.split('.')[0],
        'field_usage.field': field.name,
        'field_usage.__uses': uses.get(`${model.name}:${explore.name}:${field.name}`) ?? 0,
      })),
    ),
  );
}

interface Event {
  name: string;
  category: string;
  at: string;
  userId: string | null;
  attributes: Record<string, string | null>;
}

/** Events derived from the state, oldest first (ids follow that order, so they are stable). */
function events(state: EmulatorState): Event[] {
  const list: Event[] = [];
  const push = (name: string, category: string, at: string | null, userId: string | null, attributes: Event['attributes']) => {
    if (at) list.push({ name, category, at, userId, attributes });
  };
  for (const u of Object.values(state.users)) {
    push('create_user', 'user', u.created_at, u.id, { user_id: u.id, email: u.credentials_email?.email ?? null });
    push('login', 'session', u.credentials_email?.logged_in_at ?? null, u.id, { user_id: u.id });
  }
  for (const d of Object.values(state.dashboards)) {
    if (d.lookml) continue;
    push('create_dashboard', 'dashboard', d.created_at, d.user_id, { dashboard_id: d.id, title: d.title, folder_id: d.folder_id });
    push('delete_dashboard', 'dashboard', d.deleted_at, d.deleter_id, { dashboard_id: d.id, title: d.title });
  }
  for (const l of Object.values(state.looks)) {
    push('create_look', 'look', l.created_at, l.user_id, { look_id: l.id, title: l.title, folder_id: l.folder_id });
    push('delete_look', 'look', l.deleted_at, l.deleter_id, { look_id: l.id, title: l.title });
  }
  for (const p of Object.values(state.scheduled_plans)) {
    push('create_scheduled_plan', 'scheduled_plan', p.created_at, p.user_id, { scheduled_plan_id: p.id, name: p.name });
  }
  for (const d of Object.values(state.deliveries ?? {})) {
    const name = d.kind === 'alert' ? 'alert_notification_sent' : 'scheduled_plan_sent';
    push(name, d.kind, d.created_at, d.user_id, {
      scheduled_plan_id: d.scheduled_plan_id, alert_id: d.alert_id, destination_type: d.destination_type, address: d.address, format: d.format, status: d.status,
    });
  }
  return list.sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
}

function eventColumns(state: EmulatorState, event: Event, id: number): Row {
  return {
    'event.id': id,
    'event.name': event.name,
    'event.category': event.category,
    'event.created_date': day(event.at),
    'event.created_time': time(event.at),
    'event.is_api_call': 'No',
    ...userColumns(state, event.userId),
  };
}

export function eventRows(state: EmulatorState): Row[] {
  return events(state).map((e, i) => eventColumns(state, e, i + 1));
}

export function eventAttributeRows(state: EmulatorState): Row[] {
  let attributeId = 0;
  return events(state).flatMap((e, i) =>
    Object.entries(e.attributes)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => ({ ...eventColumns(state, e, i + 1), 'event_attribute.id': ++attributeId, 'event_attribute.name': name, 'event_attribute.value': value })),
  );
}
