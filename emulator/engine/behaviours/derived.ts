/** Properties Looker derives from other records when it shows one (a board's sections, a layout's components). */
import type { RequestContext } from '../../core/context';
import type { ResourceEngine } from '../engine';
import { collection } from '../store';
import { presentComponent, presentLayout } from './layouts';

export type Derive = (ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>) => Record<string, unknown>;

function children(ctx: RequestContext, engine: ResourceEngine, model: string, key: string, id: unknown) {
  return collection(ctx.core.state, model)
    .filter((r) => String(r.value[key]) === String(id))
    .map((r) => engine.present(ctx, model, r.value));
}

function boardItem(ctx: RequestContext, value: Record<string, unknown>): Record<string, unknown> {
  const { dashboards, looks } = ctx.core.state;
  const content = value.dashboard_id ? dashboards[String(value.dashboard_id)] : value.look_id ? looks[String(value.look_id)] : undefined;
  if (!content) return value;
  const kind = value.dashboard_id ? 'dashboards' : 'looks';
  return { ...value, title: value.title ?? content.title, description: content.description || null, view_count: content.view_count, favorite_count: content.favorite_count, content_metadata_id: content.content_metadata_id, content_updated_at: content.updated_at, url: `/${kind}/${content.id}` };
}

export const DERIVED: Record<string, Derive> = {
  Board: (ctx, engine, value) => ({ ...value, board_sections: children(ctx, engine, 'BoardSection', 'board_id', value.id) }),
  BoardSection: (ctx, engine, value) => ({ ...value, board_items: children(ctx, engine, 'BoardItem', 'board_section_id', value.id) }),
  BoardItem: (ctx, _engine, value) => boardItem(ctx, value),
  DashboardLayout: (ctx, engine, value) => presentLayout(ctx, engine, value),
  DashboardLayoutComponent: (ctx, _engine, value) => presentComponent(ctx, value) ?? value,
};
