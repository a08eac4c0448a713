/**
 * Bulk generators shared by the demo and scale seeds: people, folders,
 * dashboards and looks with varied (deterministic) view history.
 */
import { DAY_MS, type Clock } from '../core/clock';
import type { Prng } from '../core/prng';
import { SHARED_FOLDER_ID, findOrInsertQuery, insertDashboard, insertFolder, insertLook, insertUser, type QueryInit } from '../core/records';
import { nextId, type ContentRecord, type EmulatorState, type FolderRecord, type QueryRecord, type UserRecord } from '../core/state';
import { GROUP_IDS, ROLE_IDS, emailCredentials } from './base';

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Linus', 'Katherine', 'Tim', 'Hedy', 'John', 'Sophie', 'Guido', 'Anita', 'Bjarne', 'Lynn', 'James', 'Shafi', 'Niklaus', 'Jean'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Torvalds', 'Johnson', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Wilson', 'van Rossum', 'Borg', 'Stroustrup', 'Conway', 'Gosling', 'Goldwasser', 'Wirth', 'Bartik'];
const TOPICS = ['Revenue', 'Orders', 'Inventory', 'Marketing', 'Sales Pipeline', 'Customer', 'Product', 'Finance', 'Returns', 'Shipping', 'Web Traffic', 'Campaign', 'Support', 'Retention', 'Regional Sales', 'Margin'];
const KINDS = ['Overview', 'Weekly Report', 'Monthly Review', 'Deep Dive', 'KPIs', 'Trends', 'Scorecard', 'Tracker', 'Summary', 'Analysis'];

export const rel = (clock: Clock, days: number) => new Date(clock.now().getTime() - days * DAY_MS).toISOString();

/** Standard queries the generated content points at. */
export function standardQueries(state: EmulatorState): QueryRecord[] {
  const specs: QueryInit[] = [
    { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.total_revenue'], sorts: ['order_items.total_revenue desc'] },
    { model: 'ecommerce', view: 'order_items', fields: ['order_items.created_date', 'order_items.count'], filters: { 'order_items.created_date': '30 days' } },
    { model: 'ecommerce', view: 'order_items', fields: ['order_items.status', 'order_items.count'] },
    { model: 'ecommerce', view: 'order_items', fields: ['users.country', 'order_items.total_revenue', 'order_items.average_sale_price'] },
    { model: 'ecommerce', view: 'users', fields: ['users.traffic_source', 'users.count'] },
    { model: 'sales', view: 'opportunities', fields: ['opportunities.stage', 'opportunities.total_amount'] },
    { model: 'sales', view: 'opportunities', fields: ['opportunities.region', 'opportunities.win_rate'] },
    { model: 'product_analytics', view: 'events', fields: ['events.event_date', 'events.daily_active_users'], filters: { 'events.event_date': '30 days' } },
    { model: 'product_analytics', view: 'events', fields: ['events.platform', 'events.weekly_active_users'] },
  ];
  return specs.map((s) => findOrInsertQuery(state, s));
}

export function generateUsers(state: EmulatorState, prng: Prng, clock: Clock, count: number): UserRecord[] {
  const created: UserRecord[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 7 + Math.floor(i / LAST_NAMES.length)) % LAST_NAMES.length];
    const roll = prng.next();
    const role = roll < 0.05 ? ROLE_IDS.Admin : roll < 0.25 ? ROLE_IDS.Developer : roll < 0.55 ? ROLE_IDS.Viewer : ROLE_IDS.User;
    const createdAt = rel(clock, prng.int(30, 900));
    const user = insertUser(state, { first_name: first, last_name: last, role_ids: [role] }, createdAt);
    const suffix = i >= FIRST_NAMES.length ? String(i) : '';
    user.credentials_email = emailCredentials(`${first}.${last}${suffix}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@lookerflow.example', createdAt);
    if (prng.chance(0.6)) user.credentials_email.logged_in_at = rel(clock, prng.int(0, 120));
    state.groups[GROUP_IDS['All Users']].user_ids.push(user.id);
    const team = prng.pick([GROUP_IDS.Finance, GROUP_IDS.Marketing, GROUP_IDS.Engineering]);
    state.groups[team].user_ids.push(user.id);
    if (role === ROLE_IDS.Admin) state.groups[GROUP_IDS.Admins].user_ids.push(user.id);
    created.push(user);
  }
  return created;
}

export function sharedFolder(state: EmulatorState, clock: Clock, name: string, parentId = SHARED_FOLDER_ID): FolderRecord {
  return insertFolder(state, { name, parent_id: parentId, creator_id: '1' }, rel(clock, 800));
}

/**
 * View history buckets: recently used, used 1-3 months ago, stale (90+ days),
 * never viewed (old or brand new). Returns the fields to merge into a record.
 */
export function viewHistory(prng: Prng, clock: Clock): Partial<ContentRecord> {
  const roll = prng.next();
  const createdDays = prng.int(100, 900);
  if (roll < 0.3) return usage(clock, createdDays, prng.int(0, 29), prng.int(20, 2000));
  if (roll < 0.5) return usage(clock, createdDays, prng.int(30, 89), prng.int(5, 300));
  if (roll < 0.75) return usage(clock, createdDays, prng.int(91, Math.min(createdDays - 1, 700)), prng.int(1, 80));
  if (roll < 0.9) return { created_at: rel(clock, createdDays), updated_at: rel(clock, createdDays), view_count: 0 };
  const fresh = prng.int(1, 20);
  return { created_at: rel(clock, fresh), updated_at: rel(clock, fresh), view_count: 0 };
}

export function usage(clock: Clock, createdDays: number, lastViewedDays: number, views: number): Partial<ContentRecord> {
  return {
    created_at: rel(clock, createdDays),
    updated_at: rel(clock, Math.max(lastViewedDays, Math.min(createdDays, lastViewedDays + 30))),
    last_viewed_at: rel(clock, lastViewedDays),
    last_accessed_at: rel(clock, lastViewedDays),
    view_count: views,
  };
}

export interface ContentCounts {
  dashboards: number;
  looks: number;
  /** Dashboard elements per generated dashboard (0 keeps big seeds light). */
  elementsPerDashboard: number;
}

/** Creates dashboards and looks spread over folders and owners. */
export function generateContent(state: EmulatorState, prng: Prng, clock: Clock, owners: UserRecord[], folders: FolderRecord[], queries: QueryRecord[], counts: ContentCounts): void {
  const title = (i: number) => `${prng.pick(TOPICS)} ${prng.pick(KINDS)}${i >= TOPICS.length * 2 ? ` ${i}` : ''}`;
  const place = () => {
    const owner = prng.pick(owners);
    const personal = owner.personal_folder_id && prng.chance(0.3);
    return { user_id: owner.id, folder_id: personal ? owner.personal_folder_id! : prng.pick(folders).id };
  };
  for (let i = 0; i < counts.dashboards; i++) {
    const history = viewHistory(prng, clock);
    const dashboard = insertDashboard(state, { title: title(i), ...place(), description: '' }, history.created_at!);
    Object.assign(dashboard, history, { favorite_count: prng.chance(0.1) ? prng.int(1, 5) : 0 });
    for (let e = 0; e < counts.elementsPerDashboard; e++) {
      const id = nextId(state, 'dashboard_elements');
      const query = prng.pick(queries);
      state.dashboard_elements[id] = {
        id, dashboard_id: dashboard.id, title: `${query.fields[query.fields.length - 1]} by ${query.fields[0]}`, type: 'vis',
        query_id: query.id, look_id: null, body_text: null, subtitle_text: null, note_text: null,
      };
    }
  }
  for (let i = 0; i < counts.looks; i++) {
    const history = viewHistory(prng, clock);
    const look = insertLook(state, { title: title(i), ...place(), query_id: prng.pick(queries).id }, history.created_at!);
    Object.assign(look, history, { public: prng.chance(0.05) });
  }
}
