/**
 * The `demo` seed: a believable Looker instance to play with.
 * Scenario content is created first so its ids are stable:
 *   dashboard 1 "Daily Active Users" (element "DAU", events.daily_active_users)
 *   dashboard 2 "Q4 Board Financials" in the restricted "Board" folder
 *   dashboards 3 and 4 "Customer Churn ..." 
 *   dashboard 5 "Revenue by Product Category", look 1 "Revenue by Product Category"
 *   dashboard 6 "Legacy Marketing Funnel 2019" (unused for 400 days)
 *   LookML dashboards `ecommerce::overview`, `sales::pipeline`, `product_analytics::engagement`
 * then ~50 users, ~120 dashboards, ~80 looks, schedules (some owned by a
 * disabled user) and alerts.
 */
import type { Clock } from '../core/clock';
import { Prng } from '../core/prng';
import { insertDashboard, insertLook, insertUser } from '../core/records';
import { nextId, type DashboardRecord, type EmulatorState, type QueryRecord, type UserRecord } from '../core/state';
import { GROUP_IDS, ROLE_IDS, baseSeed, emailCredentials } from './base';
import { seedResources } from './resources';
import { generateContent, generateUsers, rel, sharedFolder, standardQueries, usage } from './generate';

export const DEMO_IDS = {
  dauDashboard: '1',
  boardDashboard: '2',
  churnDashboards: ['3', '4'],
  revenueDashboard: '5',
  staleDashboard: '6',
  revenueLook: '1',
  lookmlDashboards: ['ecommerce::overview', 'sales::pipeline', 'product_analytics::engagement'],
} as const;

function addElement(state: EmulatorState, dashboard: DashboardRecord, title: string, query: QueryRecord): string {
  const id = nextId(state, 'dashboard_elements');
  state.dashboard_elements[id] = {
    id, dashboard_id: dashboard.id, title, type: 'vis', query_id: query.id, look_id: null, body_text: null, subtitle_text: null, note_text: null,
  };
  return id;
}

export function demoSeed(seedNumber: number, clock: Clock): EmulatorState {
  const prng = new Prng(seedNumber);
  const { state, admin } = baseSeed(clock, rel(clock, 1000));
  const [revenueByCategory, ordersByDay, ordersByStatus, revenueByCountry, usersBySource, pipelineByStage, winRate, dau, wau] = standardQueries(state);

  const folders = {
    finance: sharedFolder(state, clock, 'Finance'),
    marketing: sharedFolder(state, clock, 'Marketing'),
    sales: sharedFolder(state, clock, 'Sales'),
    product: sharedFolder(state, clock, 'Product'),
    executive: sharedFolder(state, clock, 'Executive'),
    archive: sharedFolder(state, clock, 'Archive'),
  };
  const board = sharedFolder(state, clock, 'Board', folders.executive.id);
  const emea = sharedFolder(state, clock, 'EMEA', folders.sales.id);

  // The Board folder does not inherit access: only Finance (view) and Admins (edit) see it.
  const boardMeta = state.content_metadata[board.content_metadata_id];
  boardMeta.inherits = false;
  boardMeta.inheriting_id = null;
  for (const [groupId, permission] of [[GROUP_IDS.Finance, 'view'], [GROUP_IDS.Admins, 'edit']] as const) {
    const id = nextId(state, 'content_metadata_access');
    state.content_metadata_access[id] = { id, content_metadata_id: board.content_metadata_id, permission_type: permission, group_id: groupId, user_id: null };
  }

  // Scenario content first: stable ids 1..6.
  const dauDashboard = insertDashboard(state, { title: 'Daily Active Users', folder_id: folders.product.id, user_id: admin.id, description: 'DAU across platforms' }, rel(clock, 400));
  Object.assign(dauDashboard, usage(clock, 400, 0, 5400));
  const dauElement = addElement(state, dauDashboard, 'DAU', dau);
  addElement(state, dauDashboard, 'Weekly Active Users by Platform', wau);

  const boardDashboard = insertDashboard(state, { title: 'Q4 Board Financials', folder_id: board.id, user_id: admin.id, description: 'Quarterly results for the board' }, rel(clock, 200));
  Object.assign(boardDashboard, usage(clock, 200, 12, 48));
  const boardRevenueElement = addElement(state, boardDashboard, 'Revenue by Category', revenueByCategory);
  addElement(state, boardDashboard, 'Pipeline by Stage', pipelineByStage);

  const churn1 = insertDashboard(state, { title: 'Customer Churn Analysis', folder_id: folders.marketing.id, user_id: admin.id }, rel(clock, 300));
  Object.assign(churn1, usage(clock, 300, 3, 310));
  addElement(state, churn1, 'Users by Traffic Source', usersBySource);
  const churn2 = insertDashboard(state, { title: 'Customer Churn - Monthly Review', folder_id: folders.finance.id, user_id: admin.id }, rel(clock, 500));
  Object.assign(churn2, usage(clock, 500, 130, 22));
  addElement(state, churn2, 'Orders by Status', ordersByStatus);

  const revenueDashboard = insertDashboard(state, { title: 'Revenue by Product Category', folder_id: folders.finance.id, user_id: admin.id }, rel(clock, 600));
  Object.assign(revenueDashboard, usage(clock, 600, 1, 2200));
  addElement(state, revenueDashboard, 'Total Revenue by Category', revenueByCategory);
  addElement(state, revenueDashboard, 'Revenue by Country', revenueByCountry);

  const stale = insertDashboard(state, { title: 'Legacy Marketing Funnel 2019', folder_id: folders.archive.id, user_id: admin.id }, rel(clock, 1500));
  Object.assign(stale, usage(clock, 1500, 400, 75));
  addElement(state, stale, 'Orders per Day', ordersByDay);

  const revenueLook = insertLook(state, { title: 'Revenue by Product Category', folder_id: folders.finance.id, user_id: admin.id, query_id: revenueByCategory.id }, rel(clock, 600));
  Object.assign(revenueLook, usage(clock, 600, 2, 900));

  // LookML dashboards: string ids, never trashed; two of them long unused.
  const lookmlDays = [5, 200, 365];
  DEMO_IDS.lookmlDashboards.forEach((id, i) => {
    const [model, name] = id.split('::');
    const title = `${name.charAt(0).toUpperCase()}${name.slice(1)} (${model})`;
    const d = insertDashboard(state, { id, title, folder_id: folders.executive.id, user_id: admin.id, lookml: true, model, slug: name }, rel(clock, 700));
    Object.assign(d, usage(clock, 700, lookmlDays[i], 100 - i * 40));
  });

  // People: ~50 users, one disabled (who still owns schedules).
  const people = generateUsers(state, prng, clock, 46);
  const departed = insertUser(state, { first_name: 'Olivia', last_name: 'Departed', role_ids: [ROLE_IDS.User], is_disabled: true }, rel(clock, 800));
  departed.credentials_email = emailCredentials('olivia.departed@lookerflow.example', rel(clock, 800));
  state.groups[GROUP_IDS['All Users']].user_ids.push(departed.id);
  state.groups[GROUP_IDS.Marketing].user_ids.push(departed.id);

  const owners: UserRecord[] = [admin, ...people, departed];
  const contentFolders = [folders.finance, folders.marketing, folders.sales, folders.product, folders.archive, emea];
  const queries = [revenueByCategory, ordersByDay, ordersByStatus, revenueByCountry, usersBySource, pipelineByStage, winRate, dau, wau];
  generateContent(state, prng, clock, owners, contentFolders, queries, { dashboards: 114, looks: 79, elementsPerDashboard: 2 });

  // A few items already in the Trash.
  const generated = Object.values(state.dashboards).filter((d) => Number(d.id) > 6);
  for (const d of generated.slice(0, 4)) Object.assign(d, { deleted: true, deleted_at: rel(clock, 10), deleter_id: admin.id });

  addSchedules(state, prng, clock, [admin, ...people.slice(0, 6)], departed, generated);
  addAlerts(state, clock, admin, departed, dauElement, boardRevenueElement);
  seedResources(state, clock);
  return state;
}

function addSchedules(state: EmulatorState, prng: Prng, clock: Clock, owners: UserRecord[], departed: UserRecord, dashboards: DashboardRecord[]) {
  const plan = (name: string, owner: UserRecord, target: { dashboard_id?: string; look_id?: string; lookml_dashboard_id?: string }, crontab: string) => {
    const id = nextId(state, 'scheduled_plans');
    const createdAt = rel(clock, prng.int(20, 400));
    state.scheduled_plans[id] = {
      id, name, user_id: owner.id,
      dashboard_id: target.dashboard_id ?? null, look_id: target.look_id ?? null, lookml_dashboard_id: target.lookml_dashboard_id ?? null, query_id: null,
      crontab, datagroup: null, timezone: 'UTC', enabled: true, run_as_recipient: false, require_results: false, require_no_results: false,
      require_change: false, send_all_results: false, filters_string: null, dashboard_filters: null, include_links: true,
      pdf_paper_size: null, pdf_landscape: false, long_tables: false, created_at: createdAt, updated_at: createdAt,
      last_run_at: rel(clock, 1), run_once: false,
      destinations: [{
        id: nextId(state, 'scheduled_plan_destinations'), type: 'email', format: target.look_id ? 'csv' : 'wysiwyg_pdf',
        address: owner.credentials_email?.email ?? 'reports@lookerflow.example', apply_formatting: true, apply_vis: true, parameters: null, message: null,
      }],
    };
  };
  plan('Daily DAU digest', owners[0], { dashboard_id: DEMO_IDS.dauDashboard }, '0 8 * * *');
  plan('Board financials weekly', owners[0], { dashboard_id: DEMO_IDS.boardDashboard }, '0 7 * * 1');
  plan('Revenue look to finance', owners[0], { look_id: DEMO_IDS.revenueLook }, '0 6 * * *');
  plan('E-commerce overview', owners[0], { lookml_dashboard_id: 'ecommerce::overview' }, '0 9 * * 1');
  for (const [i, owner] of owners.slice(1).entries()) plan(`Team report ${i + 1}`, owner, { dashboard_id: prng.pick(dashboards).id }, `${i * 5} 9 * * *`);
  // Schedules still owned by a user who has left: candidates for reassignment.
  plan('Churn review (departed owner)', departed, { dashboard_id: DEMO_IDS.churnDashboards[0] }, '0 10 1 * *');
  plan('Marketing funnel (departed owner)', departed, { dashboard_id: DEMO_IDS.staleDashboard }, '30 10 * * 1');
  plan('Weekly pipeline (departed owner)', departed, { dashboard_id: prng.pick(dashboards).id }, '0 11 * * 5');
}

function addAlerts(state: EmulatorState, clock: Clock, admin: UserRecord, departed: UserRecord, dauElement: string, revenueElement: string) {
  const alert = (owner: UserRecord, elementId: string, field: { title: string; name: string }, comparison: string, threshold: number, cron: string) => {
    const id = nextId(state, 'alerts');
    state.alerts[id] = {
      id, comparison_type: comparison, cron, threshold, owner_id: owner.id, field: { ...field, filter: [] },
      destinations: [{ destination_type: 'EMAIL', email_address: owner.credentials_email?.email ?? 'alerts@lookerflow.example' }],
      dashboard_element_id: elementId, lookml_dashboard_id: null, query_id: state.dashboard_elements[elementId].query_id,
      custom_title: null, description: null, is_disabled: false, disabled_reason: null, is_public: false, applied_dashboard_filters: [],
    };
  };
  void clock;
  alert(admin, dauElement, { title: 'Daily Active Users', name: 'events.daily_active_users' }, 'LESS_THAN', 1000, '0 9 * * *');
  alert(admin, revenueElement, { title: 'Total Revenue', name: 'order_items.total_revenue' }, 'GREATER_THAN', 100000, '0 8 * * 1');
  alert(departed, dauElement, { title: 'Daily Active Users', name: 'events.daily_active_users' }, 'DECREASES_BY', 20, '0 */6 * * *');
}
