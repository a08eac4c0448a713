// Dashboard performance profiler: runs every tile's query as an asynchronous query task, then
// ranks the tiles by the runtime Looker recorded for them in System Activity. Reads only.
// Looker calls: dashboard, dashboard_dashboard_elements, create_query_task (polled until the
// rows are ready), query (System Activity history).
// input: { dashboardId: "1", concurrency?: 4 }
const dashboard = await looker.dashboard({ dashboard_id: input.dashboardId, fields: 'id,title' });
const elements = await looker.dashboard_dashboard_elements({ dashboard_id: input.dashboardId, fields: 'id,title,query_id,look_id,look' });
// A tile shows a query directly, or a Look's query.
const tiles = elements
  .map((e) => ({ id: e.id, title: e.title, queryId: e.query_id ?? e.look?.query_id ?? null }))
  .filter((t) => t.queryId);

let done = 0;
const runs = await parallel(tiles, input.concurrency ?? 4, async (tile) => {
  const result = await looker.create_query_task({ body: { query_id: tile.queryId, result_format: 'json' } });
  progress(++done, tiles.length, tile.title);
  return { ...tile, rows: result.rowCount };
});

// The runtimes Looker measured for these queries today.
const history = await looker.query({
  model: 'system__activity',
  explore: 'history',
  fields: ['query.id', 'history.max_runtime', 'history.query_run_count'],
  filters: { 'query.id': [...new Set(tiles.map((t) => t.queryId))].join(','), 'history.created_date': 'today' },
  limit: 500,
});
const runtime = {};
for (const row of history.rows) runtime[String(row['query.id'])] = row['history.max_runtime'];

const ranked = runs
  .map((t) => ({ tile: t.title, elementId: t.id, queryId: t.queryId, rows: t.rows, seconds: runtime[String(t.queryId)] ?? null }))
  .sort((a, b) => (b.seconds ?? -1) - (a.seconds ?? -1));
return { dashboard: dashboard.title, tiles: ranked.length, slowest: ranked };
