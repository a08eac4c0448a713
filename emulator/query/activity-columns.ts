/** Column helpers shared by the System Activity row builders: joined views and Looker's date/time formats. */
import type { EmulatorState, QueryRecord } from '../core/state';
import { settingsOf } from '../engine/behaviours/settings';
import type { Row } from './facts';

/** `2026-11-30` */
export const day = (iso: string | null | undefined): string | null => (iso ? iso.slice(0, 10) : null);
/** `2026-11-30 20:11:05`, as Looker shows a time dimension. */
export const time = (iso: string | null | undefined): string | null => (iso ? iso.slice(0, 19).replace('T', ' ') : null);

export function userColumns(state: EmulatorState, userId: string | null | undefined): Row {
  const user = userId ? state.users[userId] : undefined;
  return {
    'user.id': user ? Number(user.id) : null,
    'user.name': user ? `${user.first_name} ${user.last_name}`.trim() : null,
    'user.email': user?.credentials_email?.email ?? null,
  };
}

/** API logins the emulator answered, per user (kept apart from the user record, as Looker keeps them in its logs). */
export const API_LOGINS = '_api_logins';

export function recordApiLogin(state: EmulatorState, userId: string, at: string): void {
  settingsOf(state, API_LOGINS)[userId] = at;
}

/** When a user last logged in to the UI (email credentials) and over the API. */
export function userFacts(state: EmulatorState, userId: string): Row {
  const ui = state.users[userId]?.credentials_email?.logged_in_at ?? null;
  const api = (settingsOf(state, API_LOGINS)[userId] as string | undefined) ?? null;
  return {
    'user_facts.last_ui_login_date': day(ui), 'user_facts.last_ui_login_time': time(ui),
    'user_facts.last_api_login_date': day(api), 'user_facts.last_api_login_time': time(api),
  };
}

export function dashboardColumns(state: EmulatorState, dashboardId: string | null | undefined): Row {
  const dashboard = dashboardId ? state.dashboards[dashboardId] : undefined;
  return { 'dashboard.id': dashboard?.id ?? null, 'dashboard.title': dashboard?.title ?? null };
}

export function lookColumns(state: EmulatorState, lookId: string | null | undefined): Row {
  const look = lookId ? state.looks[lookId] : undefined;
  return { 'look.id': look ? Number(look.id) : null, 'look.title': look?.title ?? null };
}

export function queryColumns(query: QueryRecord | undefined): Row {
  const filters = Object.entries(query?.filters ?? {});
  return {
    'query.id': query ? Number(query.id) : null,
    'query.model': query?.model ?? null,
    'query.view': query?.view ?? null,
    'query.fields': query ? JSON.stringify(query.fields) : null,
    'query.formatted_fields': query ? query.fields.join(', ') : null,
    'query.filters': query?.filters ? JSON.stringify(query.filters) : null,
    'query.formatted_filters': filters.length ? filters.map(([k, v]) => `${k}: ${v}`).join(', ') : null,
    'query.sorts': query ? JSON.stringify(query.sorts) : null,
    'query.limit': query?.limit ? Number(query.limit) : null,
    'query.slug': query?.slug ?? null,
    'query.link': query ? `/explore/${query.model}/${query.view}?qid=${query.slug}` : null,
  };
}
