/**
 * Rows for the state-backed `system__activity` explores, built from the
 * emulator's real dashboards, looks and users, so stale-content queries
 * find exactly the content the tests created or the seed planted.
 */
import { DAY_MS } from '../core/clock';
import type { ContentRecord, EmulatorState } from '../core/state';

export type Row = Record<string, unknown>;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

function ownerColumns(state: EmulatorState, userId: string): Row {
  const owner = state.users[userId];
  return { 'user.id': Number(userId), 'user.name': owner ? `${owner.first_name} ${owner.last_name}` : null };
}

/**
 * content_usage: one row per dashboard and look. Content never accessed has no
 * last_accessed_date; its days_since_last_accessed counts from creation, so
 * old content nobody ever opened shows up as unused.
 */
function contentUsageRows(state: EmulatorState, now: Date): Row[] {
  const rows: Row[] = [];
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
      ...ownerColumns(state, content.user_id),
    };
  };
  for (const d of Object.values(state.dashboards)) {
    rows.push({
      ...base(d, 'dashboard'),
      'dashboard.id': d.id,
      'dashboard.title': d.title,
      'dashboard.deleted_date': day(d.deleted_at),
      'dashboard.created_date': day(d.created_at),
      'look.id': null,
      'look.title': null,
      'look.deleted_date': null,
      'look.created_date': null,
    });
  }
  for (const l of Object.values(state.looks)) {
    rows.push({
      ...base(l, 'look'),
      'dashboard.id': null,
      'dashboard.title': null,
      'dashboard.deleted_date': null,
      'dashboard.created_date': null,
      'look.id': Number(l.id),
      'look.title': l.title,
      'look.deleted_date': day(l.deleted_at),
      'look.created_date': day(l.created_at),
    });
  }
  return rows;
}

export function activityRows(state: EmulatorState, explore: string, now: Date): Row[] {
  switch (explore) {
    case 'content_usage':
      return contentUsageRows(state, now);
    case 'user':
      return Object.values(state.users).map((u) => ({
        'user.id': Number(u.id),
        'user.name': `${u.first_name} ${u.last_name}`,
        'user.email': u.credentials_email?.email ?? null,
        'user.is_disabled': u.is_disabled ? 'Yes' : 'No',
        'user.created_date': day(u.created_at),
      }));
    case 'dashboard':
      return Object.values(state.dashboards).map((d) => ({
        'dashboard.id': d.id,
        'dashboard.title': d.title,
        'dashboard.created_date': day(d.created_at),
        'dashboard.deleted_date': day(d.deleted_at),
        ...ownerColumns(state, d.user_id),
      }));
    case 'look':
      return Object.values(state.looks).map((l) => ({
        'look.id': Number(l.id),
        'look.title': l.title,
        'look.created_date': day(l.created_at),
        'look.deleted_date': day(l.deleted_at),
        ...ownerColumns(state, l.user_id),
      }));
    default:
      return [];
  }
}
