/**
 * The content validator: looks and tiles whose query names a model, explore
 * or field the LookML does not have; and the schedules of a folder's content.
 */
import type { HandlerTable, RequestContext } from '../core/context';
import type { QueryRecord } from '../core/state';
import { findExplore, findModel } from '../data/catalogue';
import { findOr404 } from './common';
import { presentPlan } from './scheduled-plans';

/** Looker's wording for what is wrong with a query, or nothing. */
function queryProblems(query: QueryRecord | undefined): string[] {
  if (!query) return [];
  if (!findModel(query.model)) return [`Unknown model "${query.model}"`];
  const explore = findExplore(query.model, query.view);
  if (!explore) return [`Unknown explore "${query.view}" in model "${query.model}"`];
  const known = new Set(explore.fields.map((f) => f.name));
  const named = [...query.fields, ...Object.keys(query.filters ?? {}), ...query.sorts.map((s) => s.split(/\s+/)[0])];
  return [...new Set(named.filter((f) => f && !known.has(f)))].map((f) => `Unknown field "${f}" in explore "${query.view}"`);
}

function errorsOf(messages: string[], query: QueryRecord) {
  return messages.map((message) => ({ message, field_name: null, model_name: query.model, explore_name: query.view, removable: true }));
}

export const contentValidationHandlers: HandlerTable = {
  content_validation: (ctx: RequestContext) => {
    const started = performance.now();
    const { state } = ctx.core;
    const folders = ctx.params.list('space_ids');
    const inScope = (folderId: string) => !folders || folders.includes(folderId);
    const looks = Object.values(state.looks).filter((l) => !l.deleted && inScope(l.folder_id));
    const dashboards = new Map(Object.values(state.dashboards).filter((d) => !d.deleted && !d.lookml && inScope(d.folder_id)).map((d) => [d.id, d]));
    const elements = Object.values(state.dashboard_elements).filter((e) => dashboards.has(e.dashboard_id));
    const content_with_errors: unknown[] = [];
    for (const look of looks) {
      const query = state.queries[look.query_id];
      const problems = queryProblems(query);
      if (problems.length) content_with_errors.push({ id: `look:${look.id}`, look: { id: look.id, title: look.title, short_url: `/x/${look.id}`, folder: { id: look.folder_id, name: state.folders[look.folder_id]?.name ?? '' } }, errors: errorsOf(problems, query!) });
    }
    for (const element of elements) {
      const query = element.query_id ? state.queries[element.query_id] : undefined;
      const problems = queryProblems(query);
      const dashboard = dashboards.get(element.dashboard_id)!;
      if (problems.length) {
        content_with_errors.push({
          id: `dashboard_element:${element.id}`,
          dashboard: { id: dashboard.id, title: dashboard.title, description: dashboard.description, folder: { id: dashboard.folder_id, name: state.folders[dashboard.folder_id]?.name ?? '' } },
          dashboard_element: { id: element.id, dashboard_id: dashboard.id, title: element.title, type: element.type, query_id: element.query_id, look_id: element.look_id },
          errors: errorsOf(problems, query!),
        });
      }
    }
    return {
      content_with_errors,
      computation_time: Math.round(performance.now() - started) / 1000,
      total_looks_validated: looks.length,
      total_dashboard_elements_validated: elements.length,
      total_dashboard_filters_validated: Object.values(state.dashboard_filters).filter((f) => dashboards.has(f.dashboard_id)).length,
      total_scheduled_plans_validated: Object.keys(state.scheduled_plans).length,
      total_alerts_validated: Object.keys(state.alerts).length,
      total_explores_validated: null,
    };
  },
  scheduled_plans_for_space: (ctx) => {
    const { state } = ctx.core;
    const folder = findOr404(state.folders, ctx.params.string('space_id'), 'Folder');
    const inFolder = (plan: { dashboard_id: string | null; look_id: string | null }) =>
      (plan.dashboard_id && state.dashboards[plan.dashboard_id]?.folder_id === folder.id) || (plan.look_id && state.looks[plan.look_id]?.folder_id === folder.id);
    return Object.values(state.scheduled_plans).filter(inFolder).map((p) => presentPlan(ctx, p));
  },
};
