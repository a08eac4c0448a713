/**
 * Dashboard layouts: Looker gives every dashboard an active "newspaper"
 * layout with one component per tile. The engine creates them on first use,
 * and adds components for tiles added since.
 */
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors';
import type { Behaviour, ResourceEngine } from '../engine';
import { collection, insertRecord, nextEngineId } from '../store';

const GRID_COLUMNS = 24;
const TILE = { width: 8, height: 6 };

export function ensureLayouts(ctx: RequestContext): void {
  const state = ctx.core.state;
  const layouts = collection(state, 'DashboardLayout');
  const components = collection(state, 'DashboardLayoutComponent');
  const byDashboard = new Map(layouts.map((r) => [String(r.value.dashboard_id), r.value]));
  const placed = new Set(components.map((r) => `${String(r.value.dashboard_layout_id)}:${String(r.value.dashboard_element_id)}`));
  for (const dashboard of Object.values(state.dashboards)) {
    if (dashboard.lookml) continue;
    let layout = byDashboard.get(dashboard.id);
    if (!layout) {
      layout = { id: nextEngineId(state, 'DashboardLayout'), dashboard_id: dashboard.id, type: 'newspaper', active: true, column_width: null, width: null, deleted: false, label: null, description: null, order: 0 };
      insertRecord(state, 'DashboardLayout', layout);
    }
    const elements = Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id);
    elements.forEach((element, index) => {
      if (placed.has(`${String(layout!.id)}:${element.id}`)) return;
      const perRow = GRID_COLUMNS / TILE.width;
      insertRecord(state, 'DashboardLayoutComponent', {
        id: nextEngineId(state, 'DashboardLayoutComponent'), dashboard_layout_id: layout!.id, dashboard_element_id: element.id,
        row: Math.floor(index / perRow) * TILE.height, column: (index % perRow) * TILE.width, width: TILE.width, height: TILE.height, deleted: false,
      });
    });
  }
}

/** Components show their tile's title and type, and disappear with the tile. */
export function presentComponent(ctx: RequestContext, value: Record<string, unknown>): Record<string, unknown> | undefined {
  const element = ctx.core.state.dashboard_elements[String(value.dashboard_element_id)];
  if (!element) return undefined;
  return { ...value, element_title: element.title, element_title_hidden: false, vis_type: element.type };
}

export function presentLayout(ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>): Record<string, unknown> {
  const components = collection(ctx.core.state, 'DashboardLayoutComponent')
    .filter((r) => String(r.value.dashboard_layout_id) === String(value.id))
    .map((r) => presentComponent(ctx, r.value))
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
