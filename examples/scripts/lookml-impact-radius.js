// LookML impact radius: before renaming or removing a field, which dashboards, Looks, alerts and
// schedules use it (in a query's fields, filters or sorts, on a tile directly or through a Look).
// Reads only. One read per dashboard and per Look, two at a time: all the lanes of `parallel`
// share one allowance of steps between two waits, so each does little work per answer; and
// `.filter(Boolean)` runs natively, where `.filter((x) => x)` would spend steps per item.
// Looker calls: all_looks, look, scheduled_plans_for_look, all_dashboards,
// dashboard_dashboard_elements, scheduled_plans_for_dashboard, search_alerts.
// input: { field: "order_items.total_revenue" }
const field = String(input.field);
if (field.split('.').length !== 2) throw new Error('input.field looks like view_name.field_name');
// One native search per query rather than a loop over its parts: the field, quoted and followed
// by a quote or a space, in its fields, filters or sorts ("view.field desc") as JSON. (Only those
// parts: the interpreter charges JSON.stringify a step per value it writes, and a RegExp a step
// per character it reads.)
const quoted = `"${field}"`;
const spaced = `"${field} `;
const mentions = (json) => json.includes(quoted) || json.includes(spaced);
const uses = (q) => !!q && mentions(JSON.stringify([q.fields, q.filters, q.sorts]));

const schedules = [];
const looks = (await parallel(await looker.all_looks({ fields: 'id' }), 2, async (l) => {
  const look = await looker.look({ look_id: l.id, fields: 'id,title,query' });
  if (!uses(look.query)) return null;
  schedules.push(...(await looker.scheduled_plans_for_look({ look_id: look.id, all_users: true, fields: 'id,name,look_id' })));
  return { id: look.id, title: look.title };
})).filter(Boolean);
const lookIds = looks.map((l) => l.id);

// A tile uses the field in its own query, or shows one of those Looks.
const tileUses = (e) => uses(e.query) || lookIds.includes(e.look_id);
// Each lane records what it found as it goes: a pass over every result afterwards would be one
// long stretch of steps with no Looker call in between.
const dashboardIds = [];
const elements = [];
const dashboards = (await parallel(await looker.all_dashboards({ fields: 'id,title' }), 2, async (d) => {
  const tiles = await looker.dashboard_dashboard_elements({ dashboard_id: d.id, fields: 'id,title,query,look_id' });
  const hits = tiles.filter(tileUses);
  if (!hits.length) return null;
  dashboardIds.push(d.id);
  elements.push(...hits.map((e) => e.id));
  schedules.push(...(await looker.scheduled_plans_for_dashboard({ dashboard_id: d.id, all_users: true, fields: 'id,name,dashboard_id' })));
  return { id: d.id, title: d.title, tiles: hits.map((e) => e.title) };
})).filter(Boolean);

// Returned as Looker answers them (fields picked in the call): a map over them would cost steps.
const alerts = (await looker.search_alerts({ all_owners: true, fields: 'id,field,dashboard_element_id,owner_id' }))
  .filter((a) => a.field?.name === field || elements.includes(a.dashboard_element_id));
return { field, dashboards, looks, alerts, schedules };
