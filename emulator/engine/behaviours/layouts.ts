/**
 * Dashboard layouts: Looker gives every dashboard an active "newspaper"
 * layout with one component per tile. The engine creates them on first use,
 * and adds components for tiles added since.
 */
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors';
import type { DashboardRecord } from '../../core/state';
import type { Behaviour, ResourceEngine } from '../engine';
import { collection, insertRecord, nextEngineId } from '../store';

const GRID_COLUMNS = 24;
const TILE = { width: 8, height: 6 };

type Value = Record<string, unknown>;

/** Indexes of a collection by a property, rebuilt when the collection changes (so presenting many dashboards stays linear). */
const indexes = new WeakMap<object, { size: number; byKey: Map<string, Value[]> }>();

function indexBy(records: { value: Value }[], key: string): Map<string, Value[]> {
  const cached = indexes.get(records);
  if (cached && cached.size === records.length) return cached.byKey;
  const byKey = new Map<string, Value[]>();
  for (const r of records) {
    const k = String(r.value[key]);
    byKey.set(k, [...(byKey.get(k) ?? []), r.value]);
  }
  indexes.set(records, { size: records.length, byKey });
  return byKey;
}

/** Inserts a record and keeps the collection's index current (one rebuild per insert would be quadratic). */
function insertIndexed(ctx: RequestContext, model: string, key: string, value: Value): void {
  const records = collection(ctx.core.state, model);
  const byKey = indexBy(records, key);
  insertRecord(ctx.core.state, model, value);
  byKey.set(String(value[key]), [...(byKey.get(String(value[key])) ?? []), value]);
  indexes.set(records, { size: records.length, byKey });
}

/** The dashboard's layout, made (with a component per tile not yet placed) when missing. */
export function ensureLayout(ctx: RequestContext, dashboard: DashboardRecord): Value | undefined {
  if (dashboard.lookml) return undefined;
  const state = ctx.core.state;
  let layout = indexBy(collection(state, 'DashboardLayout'), 'dashboard_id').get(dashboard.id)?.[0];
  if (!layout) {
    layout = { id: nextEngineId(state, 'DashboardLayout'), dashboard_id: dashboard.id, type: 'newspaper', active: true, column_width: null, width: null, deleted: false, label: null, description: null, order: 0 };
    insertIndexed(ctx, 'DashboardLayout', 'dashboard_id', layout);
  }
  const placed = new Set((indexBy(collection(state, 'DashboardLayoutComponent'), 'dashboard_layout_id').get(String(layout.id)) ?? []).map((c) => String(c.dashboard_element_id)));
  const elements = Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id);
  elements.forEach((element, index) => {
    if (placed.has(element.id)) return;
    const perRow = GRID_COLUMNS / TILE.width;
    insertIndexed(ctx, 'DashboardLayoutComponent', 'dashboard_layout_id', {
      id: nextEngineId(state, 'DashboardLayoutComponent'), dashboard_layout_id: layout!.id, dashboard_element_id: element.id,
      row: Math.floor(index / perRow) * TILE.height, column: (index % perRow) * TILE.width, width: TILE.width, height: TILE.height, deleted: false,
    });
  });
  return layout;
}

export function ensureLayouts(ctx: RequestContext): void {
  for (const dashboard of Object.values(ctx.core.state.dashboards)) ensureLayout(ctx, dashboard);
}

/** Components show their tile's title and type, and disappear with the tile. */
export function presentComponent(ctx: RequestContext, value: Record<string, unknown>): Record<string, unknown> | undefined {
  const element = ctx.core.state.dashboard_elements[String(value.dashboard_element_id)];
  if (!element) return undefined;
  return { ...value, element_title: element.title, element_title_hidden: false, vis_type: element.type };
}

export function presentLayout(ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>): Record<string, unknown> {
  const components = (indexBy(collection(ctx.core.state, 'DashboardLayoutComponent'), 'dashboard_layout_id').get(String(value.id)) ?? [])
    .map((c) => presentComponent(ctx, c))
    .filter((c): c is Record<string, unknown> => !!c)
    .map((c) => engine.present(ctx, 'DashboardLayoutComponent', c));
  return { ...value, dashboard_title: ctx.core.state.dashboards[String(value.dashboard_id)]?.title ?? null, dashboard_layout_components: components };
}

const withLayouts = (inner: Behaviour): Behaviour => (ctx, engine) => {
  ensureLayouts(ctx);
  return inner(ctx, engine);
};

export const layoutBehaviours: Record<string, Behaviour> = {
  dashboard_dashboard_layouts: withLayouts((ctx, engine) => {
    const id = ctx.params.string('dashboard_id');
    if (!ctx.core.state.dashboards[id]) throw notFound('Dashboard not found');
    return engine.generic(ctx);
  }),
  dashboard_layout: withLayouts((ctx, engine) => engine.generic(ctx)),
  update_dashboard_layout: withLayouts((ctx, engine) => engine.generic(ctx)),
  delete_dashboard_layout: withLayouts((ctx, engine) => engine.generic(ctx)),
  dashboard_layout_component: withLayouts((ctx, engine) => engine.generic(ctx)),
  update_dashboard_layout_component: withLayouts((ctx, engine) => engine.generic(ctx)),
  dashboard_layout_dashboard_layout_components: withLayouts((ctx, engine) => engine.generic(ctx)),
};
