/**
 * Dashboards as LookML: `dashboard_lookml` writes a user-defined dashboard
 * (title, tiles with their queries, filters) as Looker does, and
 * `import_dashboard_from_lookml` / `create_dashboard_from_lookml` read such
 * LookML back into a new dashboard, so export-then-import scripts work. A
 * LookML dashboard imports as a linked copy that `sync_lookml_dashboard` refreshes.
 * Dashboard filter states are kept and named by a GUID.
 */
import { createHash } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField, missingField, notFound } from '../core/errors';
import { findOrInsertQuery, insertDashboard } from '../core/records';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import { nextId, type DashboardElementRecord, type DashboardFilterRecord, type DashboardRecord } from '../core/state';
import { findRecord, insertRecord, nextEngineId } from '../engine/store';
import { findOr404, findOr422, nowIso, sortById } from './common';
import { presentDashboard } from './dashboards';
import { parseYaml, toYaml, YamlError, type Yaml } from './lookml-yaml';

type YamlMap = { [key: string]: Yaml };

const lookmlName = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'dashboard';

function elementLookml(ctx: RequestContext, element: DashboardElementRecord): YamlMap {
  const query = element.query_id ? ctx.core.state.queries[element.query_id] : undefined;
  const out: YamlMap = { title: element.title, name: element.title ?? `element_${element.id}` };
  if (query) {
    Object.assign(out, { model: query.model, explore: query.view, type: element.type === 'vis' ? 'table' : element.type, fields: query.fields });
    if (query.sorts.length) out.sorts = query.sorts;
    if (query.limit) out.limit = Number(query.limit);
    if (query.filters && Object.keys(query.filters).length) out.filters = query.filters;
  } else {
    out.type = element.type;
    if (element.body_text) out.body_text = element.body_text;
  }
  return out;
}

function filterLookml(filter: DashboardFilterRecord): YamlMap {
  return {
    name: filter.name, title: filter.title, type: filter.type, default_value: filter.default_value,
    allow_multiple_values: filter.allow_multiple_values, required: filter.required,
    ...(filter.model ? { model: filter.model, explore: filter.explore, field: filter.dimension } : {}),
  };
}

export function dashboardLookml(ctx: RequestContext, dashboard: DashboardRecord): string {
  const { state } = ctx.core;
  const elements = sortById(Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id));
  const filters = sortById(Object.values(state.dashboard_filters).filter((f) => f.dashboard_id === dashboard.id));
  const body: YamlMap = { dashboard: lookmlName(dashboard.title), title: dashboard.title, layout: 'newspaper', preferred_viewer: 'dashboards-next' };
  if (dashboard.description) body.description = dashboard.description;
  body.elements = elements.map((e) => elementLookml(ctx, e));
  if (filters.length) body.filters = filters.map(filterLookml);
  return toYaml([body]);
}

const text = (v: Yaml | undefined): string | null => (v === undefined || v === null ? null : String(v));
const list = (v: Yaml | undefined): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** The dashboard a LookML document describes; a 422 naming `lookml` when it is not dashboard LookML. */
function parseDashboard(source: unknown): YamlMap {
  if (typeof source !== 'string' || !source.trim()) throw missingField('lookml');
  let parsed: Yaml;
  try {
    parsed = parseYaml(source);
  } catch (error) {
    throw invalidField('lookml', `Could not parse the LookML: ${error instanceof YamlError ? error.message : String(error)}`);
  }
  const doc = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('dashboard' in doc)) throw invalidField('lookml', 'The LookML does not define a dashboard (- dashboard: name)');
  return doc;
}

/** Gives a dashboard the tiles and filters a LookML document describes, replacing what it had. */
function fillFromLookml(ctx: RequestContext, dashboard: DashboardRecord, doc: YamlMap): void {
  const state = ctx.core.state;
  for (const e of Object.values(state.dashboard_elements)) if (e.dashboard_id === dashboard.id) delete state.dashboard_elements[e.id];
  for (const f of Object.values(state.dashboard_filters)) if (f.dashboard_id === dashboard.id) delete state.dashboard_filters[f.id];
  for (const item of Array.isArray(doc.elements) ? doc.elements : []) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const filters = item.filters && typeof item.filters === 'object' && !Array.isArray(item.filters)
      ? Object.fromEntries(Object.entries(item.filters).map(([k, v]) => [k, String(v ?? '')])) : null;
    const query = item.model && item.explore
      ? findOrInsertQuery(state, { model: String(item.model), view: String(item.explore), fields: list(item.fields), sorts: list(item.sorts), limit: text(item.limit), filters })
      : undefined;
    const element: DashboardElementRecord = {
      id: nextId(state, 'dashboard_elements'), dashboard_id: dashboard.id, title: text(item.title) ?? text(item.name),
      type: query ? 'vis' : text(item.type) ?? 'text', query_id: query?.id ?? null, look_id: null,
      body_text: text(item.body_text), subtitle_text: text(item.subtitle_text), note_text: text(item.note_text),
    };
    state.dashboard_elements[element.id] = element;
  }
  for (const item of Array.isArray(doc.filters) ? doc.filters : []) {
    if (!item || typeof item !== 'object' || Array.isArray(item) || !item.name) continue;
    const filter: DashboardFilterRecord = {
      id: nextId(state, 'dashboard_filters'), dashboard_id: dashboard.id, name: String(item.name), title: text(item.title) ?? String(item.name),
      type: text(item.type) ?? 'field_filter', model: text(item.model), explore: text(item.explore), dimension: text(item.field),
      default_value: text(item.default_value), row: 0, allow_multiple_values: item.allow_multiple_values !== false, required: item.required === true,
    };
    state.dashboard_filters[filter.id] = filter;
  }
  dashboard.title = text(doc.title) ?? String(doc.dashboard);
  dashboard.description = text(doc.description) ?? '';
}

function newDashboard(ctx: RequestContext, doc: YamlMap, folderId: string, lookmlLinkId: string | null = null): DashboardRecord {
  findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
  const title = text(doc.title) ?? String(doc.dashboard);
  const dashboard = insertDashboard(ctx.core.state, { title, folder_id: folderId, user_id: ctx.user.id, lookml_link_id: lookmlLinkId }, nowIso(ctx));
  fillFromLookml(ctx, dashboard, doc);
  return dashboard;
}

function importDashboard(ctx: RequestContext): Reply {
  const doc = parseDashboard(ctx.body?.lookml);
  return Reply.json(presentDashboard(ctx, newDashboard(ctx, doc, String(ctx.body?.folder_id ?? ctx.user.personal_folder_id))));
}

function lookmlDashboardOr404(ctx: RequestContext): DashboardRecord {
  const dashboard = ctx.core.state.dashboards[ctx.params.string('lookml_dashboard_id')];
  if (!dashboard?.lookml) throw notFound('LookML dashboard not found');
  return dashboard;
}

export const dashboardLookmlHandlers: HandlerTable = {
  dashboard_lookml: (ctx) => {
    const dashboard = findOr404(ctx.core.state.dashboards, ctx.params.string('dashboard_id'), 'Dashboard');
    return { dashboard_id: dashboard.id, folder_id: dashboard.folder_id, lookml: dashboardLookml(ctx, dashboard) };
  },
  search_lookml_dashboards: (ctx) => {
    const { page } = search(ctx, sortById(Object.values(ctx.core.state.dashboards).filter((d) => d.lookml)), { criteria: ['folder_id', 'title', 'content_favorite_id'] });
    // The spec declares one DashboardLookml: the first match.
    if (!page.length) throw notFound('LookML dashboard not found');
    return { dashboard_id: page[0].id, folder_id: page[0].folder_id, lookml: dashboardLookml(ctx, page[0]) };
  },
  // A user-defined copy of a LookML dashboard, linked to it so a sync brings it up to date.
  import_lookml_dashboard: (ctx) => {
    const source = lookmlDashboardOr404(ctx);
    const doc = parseDashboard(dashboardLookml(ctx, source));
    return Reply.json(presentDashboard(ctx, newDashboard(ctx, doc, ctx.params.string('space_id'), source.id)), 201);
  },
  sync_lookml_dashboard: (ctx) => {
    const source = lookmlDashboardOr404(ctx);
    const doc = parseDashboard(dashboardLookml(ctx, source));
    const only = ctx.params.list('dashboard_ids');
    const linked = sortById(Object.values(ctx.core.state.dashboards)).filter((d) => d.lookml_link_id === source.id && !d.deleted && (!only || only.includes(d.id)));
    for (const dashboard of linked) fillFromLookml(ctx, dashboard, doc);
    return linked.map((d) => Number(d.id));
  },
  import_dashboard_from_lookml: importDashboard,
  create_dashboard_from_lookml: importDashboard,
  dashboard_filter_state: (ctx) => {
    const found = findRecord(ctx.core.state, 'DashboardFilterState', 'id', ctx.params.string('guid'));
    if (!found) throw notFound('Dashboard filter state not found');
    return Reply.json(found.value.state);
  },
  create_dashboard_filter_state: (ctx) => {
    const serial = nextEngineId(ctx.core.state, 'DashboardFilterState');
    const guid = createHash('sha1').update(`filter-state:${serial}:${String(ctx.body)}`).digest('hex').slice(0, 22);
    insertRecord(ctx.core.state, 'DashboardFilterState', { id: guid, state: String(ctx.body ?? '') });
    return Reply.json(guid, 201);
  },
};
