/** Copying dashboards and looks, and certifying them, on the records the content handlers keep. */
import type { HandlerTable, RequestContext } from '../core/context';
import { insertDashboard, insertLook } from '../core/records';
import { Reply } from '../core/reply';
import { nextId, type ContentRecord } from '../core/state';
import { findOr404, findOr422, nowIso } from './common';
import { presentDashboard } from './dashboards';
import { presentLook } from './looks';

/** Looker keeps the title in another folder and adds " (copy)" beside the original. */
function copyTitle(ctx: RequestContext, source: ContentRecord, folderId: string, kind: 'dashboards' | 'looks'): string {
  const taken = new Set(Object.values(ctx.core.state[kind]).filter((c) => c.folder_id === folderId && !c.deleted).map((c) => c.title));
  let title = source.title;
  for (let n = 1; taken.has(title); n++) title = n === 1 ? `${source.title} (copy)` : `${source.title} (copy ${n})`;
  return title;
}

function targetFolder(ctx: RequestContext, source: ContentRecord): string {
  const folderId = ctx.params.optString('folder_id') ?? source.folder_id;
  findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
  return folderId;
}

/** Properties remembered beside a record (e.g. `background_color`) travel with the copy. */
function copyExtras(ctx: RequestContext, model: string, fromId: string, toId: string): void {
  const extras = ctx.core.state.extras?.[model]?.[fromId];
  if (extras) ctx.core.state.extras![model][toId] = structuredClone(extras);
}

function certify(ctx: RequestContext, model: string, id: string): void {
  const state = ctx.core.state;
  state.extras ??= {};
  const byId = (state.extras[model] ??= {});
  const certification = { ...(ctx.body ?? {}), user_id: ctx.user.id, updated_at: nowIso(ctx) };
  byId[id] = { ...byId[id], certification_metadata: certification };
}

export const contentCopyHandlers: HandlerTable = {
  copy_dashboard: (ctx) => {
    const { state } = ctx.core;
    const source = findOr404(state.dashboards, ctx.params.string('dashboard_id'), 'Dashboard');
    const folderId = targetFolder(ctx, source);
    const { id: _id, content_metadata_id: _meta, slug: _slug, ...fields } = source;
    const copy = insertDashboard(state, { ...fields, title: copyTitle(ctx, source, folderId, 'dashboards'), folder_id: folderId, user_id: ctx.user.id, lookml: false, view_count: 0, favorite_count: 0, last_viewed_at: null, last_accessed_at: null }, nowIso(ctx));
    for (const element of Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === source.id)) {
      const id = nextId(state, 'dashboard_elements');
      state.dashboard_elements[id] = { ...element, id, dashboard_id: copy.id };
    }
    for (const filter of Object.values(state.dashboard_filters).filter((f) => f.dashboard_id === source.id)) {
      const id = nextId(state, 'dashboard_filters');
      state.dashboard_filters[id] = { ...filter, id, dashboard_id: copy.id };
    }
    copyExtras(ctx, 'Dashboard', source.id, copy.id);
    return presentDashboard(ctx, copy);
  },
  copy_look: (ctx) => {
    const { state } = ctx.core;
    const source = findOr404(state.looks, ctx.params.string('look_id'), 'Look');
    const folderId = targetFolder(ctx, source);
    const { id: _id, content_metadata_id: _meta, ...fields } = source;
    const copy = insertLook(state, { ...fields, title: copyTitle(ctx, source, folderId, 'looks'), folder_id: folderId, user_id: ctx.user.id, view_count: 0, favorite_count: 0, last_viewed_at: null, last_accessed_at: null }, nowIso(ctx));
    copyExtras(ctx, 'LookWithQuery', source.id, copy.id);
    return presentLook(ctx, copy, true);
  },
  update_dashboard_certification: (ctx) => {
    const dashboard = findOr404(ctx.core.state.dashboards, ctx.params.string('dashboard_id'), 'Dashboard');
    certify(ctx, 'Dashboard', dashboard.id);
    return presentDashboard(ctx, dashboard);
  },
  update_look_certification: (ctx) => {
    const look = findOr404(ctx.core.state.looks, ctx.params.string('look_id'), 'Look');
    certify(ctx, 'LookWithQuery', look.id);
    certify(ctx, 'Look', look.id);
    return Reply.json(presentLook(ctx, look, false));
  },
};
