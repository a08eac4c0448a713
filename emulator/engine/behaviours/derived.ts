/** Properties Looker derives from other records when it shows one (a board's sections, a layout's components). */
import type { RequestContext } from '../../core/context';
import type { ResourceEngine } from '../engine';
import { collection } from '../store';
import { dialectOf } from './dialects';
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

/** A favorite names the dashboard or Look its content metadata stands for. */
function favorite(ctx: RequestContext, value: Record<string, unknown>): Record<string, unknown> {
  const { content_metadata, dashboards, looks } = ctx.core.state;
  const meta = content_metadata[String(value.content_metadata_id)];
  const dashboard = meta?.dashboard_id ? dashboards[meta.dashboard_id] : undefined;
  const look = meta?.look_id ? looks[meta.look_id] : undefined;
  const base = (c: { id: string; title: string; description: string; user_id: string; content_metadata_id: string }) =>
    ({ id: c.id, title: c.title, description: c.description, user_id: c.user_id, content_metadata_id: c.content_metadata_id });
  return {
    ...value,
    dashboard_id: dashboard?.id ?? null,
    look_id: look?.id ?? null,
    ...(dashboard ? { dashboard: { ...base(dashboard), hidden: dashboard.hidden, slug: dashboard.slug, preferred_viewer: 'dashboards-next' } } : {}),
    ...(look ? { look: base(look) } : {}),
  };
}

export const DERIVED: Record<string, Derive> = {
  Board: (ctx, engine, value) => ({ ...value, board_sections: children(ctx, engine, 'BoardSection', 'board_id', value.id) }),
  BoardSection: (ctx, engine, value) => ({ ...value, board_items: children(ctx, engine, 'BoardItem', 'board_section_id', value.id) }),
  BoardItem: (ctx, _engine, value) => boardItem(ctx, value),
  DashboardLayout: (ctx, engine, value) => presentLayout(ctx, engine, value),
  DashboardLayoutComponent: (ctx, _engine, value) => presentComponent(ctx, value) ?? value,
  ContentFavorite: (ctx, _engine, value) => favorite(ctx, value),
  DBConnection: (_ctx, _engine, value) => ({ ...value, dialect: dialectOf(value) }),
  // Every workspace holds every project (a developer's branch or production).
  Workspace: (ctx, engine, value) => ({ ...value, projects: collection(ctx.core.state, 'Project').map((r) => engine.present(ctx, 'Project', r.value)) }),
};
