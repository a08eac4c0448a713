/** Dashboards (incl. soft delete / restore and move), their elements and filters. */
import type { IDashboard, IDashboardElement, IDashboardFilter } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField } from '../core/errors';
import { findOrInsertQuery, insertDashboard } from '../core/records';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import { nextId, type DashboardElementRecord, type DashboardFilterRecord, type DashboardRecord } from '../core/state';
import { CAN, applyTrashState, assignDefined, displayName, findOr404, findOr422, methodNotAllowed, nowIso, requireString, sortById, type Wire } from './common';
import { presentFolderBase } from './folders';
import { presentLook } from './looks';
import { presentQuery, queryFromBody } from './queries';
import { loadEngine } from '../engine';
import { ensureLayout } from '../engine/behaviours/layouts';

export function presentElement(ctx: RequestContext, element: DashboardElementRecord): Wire<IDashboardElement> {
  const { state } = ctx.core;
  const query = element.query_id ? state.queries[element.query_id] : undefined;
  const look = element.look_id ? state.looks[element.look_id] : undefined;
  return {
    can: CAN,
    body_text: element.body_text,
    body_text_as_html: element.body_text,
    dashboard_id: element.dashboard_id,
    id: element.id,
    look: look ? presentLook(ctx, look, true) : null,
    look_id: element.look_id,
    query: query ? presentQuery(ctx, query) : null,
    query_id: element.query_id,
    note_text: element.note_text,
    subtitle_text: element.subtitle_text,
    title: element.title,
    title_hidden: false,
    title_text: element.title,
    type: element.type,
    alert_count: Object.values(state.alerts).filter((a) => a.dashboard_element_id === element.id).length,
    result_maker: null,
    result_maker_id: null,
  };
}

export function presentFilter(filter: DashboardFilterRecord): Wire<IDashboardFilter> {
  return { can: CAN, ...filter, field: null, listens_to_filters: [], ui_config: null };
}

/** The layouts dashboard_dashboard_layouts lists (made on first use, like the engine's). */
function dashboardLayouts(ctx: RequestContext, dashboard: DashboardRecord): Record<string, unknown>[] {
  // Not worked out when `fields=` leaves them out (a search over thousands of dashboards).
  const fields = ctx.params.optString('fields');
  if (fields && !fields.includes('dashboard_layouts')) return [];
  const layout = ensureLayout(ctx, dashboard);
  return layout ? [loadEngine().present(ctx, 'DashboardLayout', layout)] : [];
}

export function presentDashboard(ctx: RequestContext, dashboard: DashboardRecord): Wire<IDashboard> {
  const { state } = ctx.core;
  const folder = state.folders[dashboard.folder_id];
  const owner = state.users[dashboard.user_id];
  return {
    can: CAN,
    content_favorite_id: null,
    content_metadata_id: dashboard.content_metadata_id,
    description: dashboard.description,
    hidden: dashboard.hidden,
    id: dashboard.id,
    model: dashboard.model ? { id: dashboard.model, label: dashboard.model } : undefined,
    query_timezone: null,
    readonly: dashboard.lookml,
    refresh_interval: null,
    refresh_interval_to_i: null,
    folder: folder ? presentFolderBase(state, folder) : undefined,
    title: dashboard.title,
    user_id: dashboard.user_id,
    slug: dashboard.slug,
    preferred_viewer: 'dashboards-next',
    created_at: dashboard.created_at,
    dashboard_elements: sortById(Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id)).map((e) => presentElement(ctx, e)),
    dashboard_filters: sortById(Object.values(state.dashboard_filters).filter((f) => f.dashboard_id === dashboard.id)).map(presentFilter),
    dashboard_layouts: dashboardLayouts(ctx, dashboard),
    deleted: dashboard.deleted,
    deleted_at: dashboard.deleted_at,
    deleter_id: dashboard.deleter_id,
    favorite_count: dashboard.favorite_count,
    last_accessed_at: dashboard.last_accessed_at,
    last_viewed_at: dashboard.last_viewed_at,
    updated_at: dashboard.updated_at,
    user_name: displayName(owner),
    folder_id: dashboard.folder_id,
    view_count: dashboard.view_count,
    is_owner_disabled: owner?.is_disabled ?? false,
    url: `/dashboards/${dashboard.id}`,
    lookml_link_id: dashboard.lookml_link_id ?? null,
  };
}

function dashboardOr404(ctx: RequestContext): DashboardRecord {
  return findOr404(ctx.core.state.dashboards, ctx.params.string('dashboard_id'), 'Dashboard');
}

const WRITABLE_DASHBOARD_FIELDS = ['title', 'description', 'hidden', 'slug'] as const;

/** Soft delete/restore, reassignment and folder moves go through here. */
function applyDashboardUpdate(ctx: RequestContext, dashboard: DashboardRecord, body: Record<string, any>): void {
  if (dashboard.lookml) throw methodNotAllowed('LookML dashboards cannot be modified through the API');
  assignDefined(dashboard, body, WRITABLE_DASHBOARD_FIELDS);
  if (body.folder_id !== undefined && body.folder_id !== null) dashboard.folder_id = findOr422(ctx.core.state.folders, body.folder_id, 'folder_id', 'Folder').id;
  if (body.user_id !== undefined && body.user_id !== null) dashboard.user_id = findOr422(ctx.core.state.users, body.user_id, 'user_id', 'User').id;
  applyTrashState(ctx, dashboard, body.deleted);
}

function elementOr404(ctx: RequestContext): DashboardElementRecord {
  return findOr404(ctx.core.state.dashboard_elements, ctx.params.string('dashboard_element_id'), 'Dashboard element');
}

/** Checks the ids a tile names; a tile sent with an inline query gets that query (made or found) as its query_id. */
function assertElementRefs(ctx: RequestContext, body: Record<string, any>) {
  if (!body.query_id && body.query && typeof body.query === 'object') body.query_id = findOrInsertQuery(ctx.core.state, queryFromBody(body.query)).id;
  if (body.query_id) findOr422(ctx.core.state.queries, body.query_id, 'query_id', 'Query');
  if (body.look_id) findOr422(ctx.core.state.looks, body.look_id, 'look_id', 'Look');
}

const WRITABLE_ELEMENT_FIELDS = ['title', 'type', 'query_id', 'look_id', 'body_text', 'subtitle_text', 'note_text'] as const;
const WRITABLE_FILTER_FIELDS = ['name', 'title', 'type', 'model', 'explore', 'dimension', 'default_value', 'row', 'allow_multiple_values', 'required'] as const;

export const dashboardHandlers: HandlerTable = {
  all_dashboards: (ctx) =>
    sortById(Object.values(ctx.core.state.dashboards).filter((d) => !d.deleted)).map((d) => {
      const { dashboard_elements, dashboard_filters, dashboard_layouts, ...base } = presentDashboard(ctx, d);
      return base;
    }),

  dashboard: (ctx) => presentDashboard(ctx, dashboardOr404(ctx)),

  search_dashboards: (ctx) => {
    const records = sortById(Object.values(ctx.core.state.dashboards).filter((d) => !d.lookml));
    // Looker leaves trashed dashboards out unless `deleted` is asked for.
    const scoped = ctx.params.has('deleted') ? records : records.filter((d) => !d.deleted);
    const { page, reply } = search(ctx, scoped, {
      criteria: ['id', 'slug', 'title', 'description', 'content_favorite_id', 'folder_id', 'deleted', 'user_id', 'view_count', 'content_metadata_id', 'last_viewed_at'],
      custom: { not_owned_by: () => true },
    });
    return reply(page.map((d) => presentDashboard(ctx, d)));
  },

  create_dashboard: (ctx) => {
    const body = ctx.body ?? {};
    const title = requireString(body, 'title');
    const folderId = body.folder_id ?? ctx.user.personal_folder_id;
    findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
    const dashboard = insertDashboard(ctx.core.state, { title, folder_id: folderId, user_id: ctx.user.id }, nowIso(ctx));
    assignDefined(dashboard, body, WRITABLE_DASHBOARD_FIELDS);
    return presentDashboard(ctx, dashboard);
  },

  update_dashboard: (ctx) => {
    const dashboard = dashboardOr404(ctx);
    applyDashboardUpdate(ctx, dashboard, ctx.body ?? {});
    return presentDashboard(ctx, dashboard);
  },

  delete_dashboard: (ctx) => {
    const dashboard = dashboardOr404(ctx);
    if (dashboard.lookml) throw methodNotAllowed('LookML dashboards cannot be deleted');
    const { state } = ctx.core;
    delete state.dashboards[dashboard.id];
    for (const element of Object.values(state.dashboard_elements)) if (element.dashboard_id === dashboard.id) delete state.dashboard_elements[element.id];
    return Reply.empty(204);
  },

  move_dashboard: (ctx) => {
    const dashboard = dashboardOr404(ctx);
    const folderId = ctx.params.string('folder_id');
    findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
    if (dashboard.folder_id === folderId) throw invalidField('folder_id', `Dashboard is already in folder ${folderId}`);
    applyDashboardUpdate(ctx, dashboard, { folder_id: folderId });
    return presentDashboard(ctx, dashboard);
  },

  dashboard_dashboard_elements: (ctx) => {
    const dashboard = dashboardOr404(ctx);
    return sortById(Object.values(ctx.core.state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id)).map((e) => presentElement(ctx, e));
  },

  search_dashboard_elements: (ctx) => {
    const { page, reply } = search(ctx, sortById(Object.values(ctx.core.state.dashboard_elements)), {
      criteria: ['dashboard_id', 'look_id', 'title', 'deleted'],
      custom: { deleted: () => true },
    });
    return reply(page.map((e) => presentElement(ctx, e)));
  },

  dashboard_element: (ctx) => presentElement(ctx, elementOr404(ctx)),

  create_dashboard_element: (ctx) => {
    const body = ctx.body ?? {};
    const dashboard = findOr422(ctx.core.state.dashboards, requireString(body, 'dashboard_id'), 'dashboard_id', 'Dashboard');
    if (dashboard.lookml) throw methodNotAllowed('LookML dashboards cannot be modified through the API');
    assertElementRefs(ctx, body);
    const element: DashboardElementRecord = {
      id: nextId(ctx.core.state, 'dashboard_elements'),
      dashboard_id: dashboard.id,
      title: null,
      type: body.type ?? 'vis',
      query_id: null,
      look_id: null,
      body_text: null,
      subtitle_text: null,
      note_text: null,
    };
    assignDefined(element, body, WRITABLE_ELEMENT_FIELDS);
    ctx.core.state.dashboard_elements[element.id] = element;
    return presentElement(ctx, element);
  },

  update_dashboard_element: (ctx) => {
    const element = elementOr404(ctx);
    assertElementRefs(ctx, ctx.body ?? {});
    assignDefined(element, ctx.body, WRITABLE_ELEMENT_FIELDS);
    return presentElement(ctx, element);
  },

  delete_dashboard_element: (ctx) => {
    const element = elementOr404(ctx);
    delete ctx.core.state.dashboard_elements[element.id];
    return Reply.empty(204);
  },

  dashboard_dashboard_filters: (ctx) => {
    const dashboard = dashboardOr404(ctx);
    return sortById(Object.values(ctx.core.state.dashboard_filters).filter((f) => f.dashboard_id === dashboard.id)).map(presentFilter);
  },

  dashboard_filter: (ctx) => presentFilter(findOr404(ctx.core.state.dashboard_filters, ctx.params.string('dashboard_filter_id'), 'Dashboard filter')),

  create_dashboard_filter: (ctx) => {
    const body = ctx.body ?? {};
    const dashboard = findOr422(ctx.core.state.dashboards, requireString(body, 'dashboard_id'), 'dashboard_id', 'Dashboard');
    const filter: DashboardFilterRecord = {
      id: nextId(ctx.core.state, 'dashboard_filters'),
      dashboard_id: dashboard.id,
      name: requireString(body, 'name'),
      title: requireString(body, 'title'),
      type: requireString(body, 'type'),
      model: null,
      explore: null,
      dimension: null,
      default_value: null,
      row: 0,
      allow_multiple_values: true,
      required: false,
    };
    assignDefined(filter, body, WRITABLE_FILTER_FIELDS);
    ctx.core.state.dashboard_filters[filter.id] = filter;
    return presentFilter(filter);
  },

  update_dashboard_filter: (ctx) => {
    const filter = findOr404(ctx.core.state.dashboard_filters, ctx.params.string('dashboard_filter_id'), 'Dashboard filter');
    assignDefined(filter, ctx.body, WRITABLE_FILTER_FIELDS);
    return presentFilter(filter);
  },

  delete_dashboard_filter: (ctx) => {
    const filter = findOr404(ctx.core.state.dashboard_filters, ctx.params.string('dashboard_filter_id'), 'Dashboard filter');
    delete ctx.core.state.dashboard_filters[filter.id];
    return Reply.empty(204);
  },
};

