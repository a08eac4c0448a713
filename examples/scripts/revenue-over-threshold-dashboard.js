// Revenue by product category, and a dashboard of the categories over a threshold: Looker filters
// the rows (a filter on a measure), the dashboard is found by its title or made, and its tile
// added when it has none, so a second run writes nothing.
// Looker calls: query (fields checked first), me, search_dashboards, create_dashboard,
// dashboard_dashboard_elements, create_query, create_dashboard_element.
// input: { threshold?: 100000, title?: "Categories over 100k" }
const threshold = input?.threshold ?? 100000;
const title = input?.title ?? 'Categories over 100k';
const query = {
  model: 'ecommerce',
  view: 'order_items',
  fields: ['products.category', 'order_items.total_revenue'],
  filters: { 'order_items.total_revenue': `>${threshold}` },
  sorts: ['order_items.total_revenue desc'],
};
const { rows } = await looker.query({ ...query, explore: query.view, limit: 500 });
if (!rows.length) return { rows, dashboard: null };

let dashboard = (await looker.search_dashboards({ title, fields: 'id,title' }))[0];
if (!dashboard) {
  const me = await looker.me({ fields: 'id,personal_folder_id' });
  dashboard = await looker.create_dashboard({ body: { title, folder_id: me.personal_folder_id } });
}
const tiles = dashboard.planned ? [] : await looker.dashboard_dashboard_elements({ dashboard_id: dashboard.id, fields: 'id' });
if (!tiles.length) {
  const saved = await looker.create_query({ body: { ...query, limit: '500' } });
  await looker.create_dashboard_element({ body: { dashboard_id: dashboard.id, query_id: saved.id, title: `Revenue over ${threshold}`, type: 'vis' } });
}
return { rows, dashboardId: dashboard.id };
