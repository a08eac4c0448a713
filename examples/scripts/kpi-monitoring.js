// Schedule a dashboard every day and alert when its KPI drops: the dashboard found by title, its
// tile showing the field, then a daily schedule and an alert on that tile, each found first and
// made only when missing, so a second run writes nothing.
// Looker calls: search_dashboards, dashboard_dashboard_elements, me,
// scheduled_plans_for_dashboard, create_scheduled_plan, search_alerts, create_alert.
// input: { title: "Daily Active Users", field: "events.daily_active_users", below: 10000,
//          cron: "0 9 * * *", timezone: "America/New_York", email: "growth@company.com" }
const dashboard = (await looker.search_dashboards({ title: input.title, fields: 'id,title' }))[0];
if (!dashboard) throw new Error(`no dashboard titled ${input.title}`);
const tiles = await looker.dashboard_dashboard_elements({ dashboard_id: dashboard.id, fields: 'id,title,query' });
const tile = tiles.find((e) => (e.query?.fields ?? []).includes(input.field));
if (!tile) throw new Error(`no tile of ${input.title} shows ${input.field}`);
const me = await looker.me({ fields: 'id' });

const name = `${dashboard.title} daily`;
let plan = (await looker.scheduled_plans_for_dashboard({ dashboard_id: dashboard.id, fields: 'id,name' })).find((p) => p.name === name);
if (!plan) plan = await looker.create_scheduled_plan({
  body: {
    name, dashboard_id: dashboard.id, crontab: input.cron, timezone: input.timezone, enabled: true,
    scheduled_plan_destination: [{ type: 'email', format: 'wysiwyg_pdf', address: input.email, apply_formatting: true, apply_vis: true }],
  },
});

let alert = (await looker.search_alerts({ fields: 'id,owner_id,dashboard_element_id,field,comparison_type,threshold' })).find(
  (a) => a.owner_id === me.id && a.dashboard_element_id === tile.id && a.field?.name === input.field && a.comparison_type === 'LESS_THAN' && a.threshold === input.below,
);
if (!alert) alert = await looker.create_alert({
  body: {
    dashboard_element_id: tile.id, owner_id: me.id, field: { name: input.field, title: tile.title }, comparison_type: 'LESS_THAN',
    threshold: input.below, cron: input.cron, destinations: [{ destination_type: 'EMAIL', email_address: input.email }],
  },
});
return { dashboardId: dashboard.id, scheduledPlanId: plan.id, alertId: alert.id };
