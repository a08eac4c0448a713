// Where a field is used, one page of one kind of content per call (the workflow drives the
// paging): dashboards (their tiles' queries, the Looks they show, and their filters), Looks, alerts,
// and the schedules that deliver the dashboards and Looks found.
import type { IQuery } from '@looker/sdk';
import type { LookerClient } from './looker-client';
import { readPage } from './paging';

export type FieldUsageKind = 'dashboards' | 'looks' | 'alerts' | 'schedules';

export interface FieldUsage {
  id: string;
  title: string | null;
  /** Where the field appears: `fields`, `filters`, `sorts`, `pivots`, `custom fields`, `custom filter`, `dashboard filter`, `alert`, or `delivers dashboard 3`. */
  where: string[];
  folderName?: string | null;
  /** Dashboards: the tiles that use it, by id. */
  tileIds?: string[];
  dashboardElementId?: string | null;
  ownerId?: string | null;
}

export interface FieldUsagePageInput {
  kind: FieldUsageKind;
  field: string;
  /** Only queries on this model. */
  model?: string;
  offset?: number;
  /** Schedules: those delivering these dashboards and Looks. */
  dashboardIds?: string[];
  lookIds?: string[];
}

const QUERY_FIELDS = 'model,fields,filters,sorts,pivots,filter_expression,dynamic_fields';
const QUERY = `query(${QUERY_FIELDS})`;

/** Where `field` appears in a query, or [] (also for a query on another model). */
export function fieldPlaces(query: IQuery | null | undefined, field: string, model?: string): string[] {
  if (!query || (model && query.model !== model)) return [];
  const places: string[] = [];
  if (query.fields?.includes(field)) places.push('fields');
  if (query.filters && field in query.filters) places.push('filters');
  if (query.sorts?.some((sort) => sort.split(' ')[0] === field)) places.push('sorts');
  if (query.pivots?.includes(field)) places.push('pivots');
  // Custom fields, table calculations and custom filters name a field as ${view.field}.
  if (query.dynamic_fields?.includes(`\${${field}}`)) places.push('custom fields');
  if (query.filter_expression?.includes(`\${${field}}`)) places.push('custom filter');
  return places;
}

export function createFieldUsageActivities({ looker }: { looker: LookerClient }) {
  return {
    /** The usages on one page of `kind`, and where the next page starts (null: last page). */
    async fieldUsagePage(input: FieldUsagePageInput): Promise<{ usages: FieldUsage[]; nextOffset: number | null }> {
      const wanted = { offset: input.offset ?? 0 };
      const { field, model } = input;
      if (input.kind === 'dashboards') {
        const page = await readPage(looker, 'search_dashboards', wanted, (sdk, p) =>
          sdk.search_dashboards({ deleted: 'false', fields: `id,title,folder(name),dashboard_filters(dimension,model),dashboard_elements(id,${QUERY},look(${QUERY}))`, ...p }),
        );
        const usages = page.items.flatMap((d) => {
          const tiles = (d.dashboard_elements ?? []).map((e) => ({ id: String(e.id), where: [...fieldPlaces(e.query, field, model), ...fieldPlaces(e.look?.query, field, model)] }));
          const using = tiles.filter((t) => t.where.length);
          const filtering = (d.dashboard_filters ?? []).some((f) => f.dimension === field && (!model || f.model === model));
          if (!using.length && !filtering) return [];
          const where = [...new Set([...using.flatMap((t) => t.where), ...(filtering ? ['dashboard filter'] : [])])];
          return [{ id: String(d.id), title: d.title ?? null, folderName: d.folder?.name ?? null, where, tileIds: using.map((t) => t.id) }];
        });
        return { usages, nextOffset: page.nextOffset };
      }
      if (input.kind === 'looks') {
        // A search answers Looks without their queries: each distinct query is read once.
        const page = await readPage(looker, 'search_looks', wanted, (sdk, p) => sdk.search_looks({ deleted: false, fields: 'id,title,folder(name),query_id', ...p }));
        const queryIds = [...new Set(page.items.map((l) => l.query_id).filter((id): id is string => Boolean(id)))];
        const queries = new Map(
          await Promise.all(queryIds.map(async (id) => [id, await looker.call('query', (sdk) => sdk.query(id, QUERY_FIELDS))] as const)),
        );
        const usages = page.items
          .map((l) => ({ id: String(l.id), title: l.title ?? null, folderName: l.folder?.name ?? null, where: fieldPlaces(l.query_id ? queries.get(l.query_id) : undefined, field, model) }))
          .filter((u) => u.where.length);
        return { usages, nextOffset: page.nextOffset };
      }
      if (input.kind === 'alerts') {
        const page = await readPage(looker, 'search_alerts', wanted, (sdk, p) =>
          sdk.search_alerts({ all_owners: true, fields: 'id,custom_title,field(name,title),dashboard_element_id,owner_id', ...p }),
        );
        const usages = page.items
          .filter((a) => a.field?.name === field)
          .map((a) => ({ id: String(a.id), title: a.custom_title ?? a.field?.title ?? null, where: ['alert'], dashboardElementId: a.dashboard_element_id ?? null, ownerId: a.owner_id ?? null }));
        return { usages, nextOffset: page.nextOffset };
      }
      const dashboards = new Set(input.dashboardIds ?? []);
      const looks = new Set(input.lookIds ?? []);
      const page = await readPage(looker, 'search_scheduled_plans', wanted, (sdk, p) =>
        sdk.search_scheduled_plans({ all_users: true, fields: 'id,name,user_id,dashboard_id,look_id', ...p }),
      );
      const usages = page.items.flatMap((plan) => {
        const where = plan.dashboard_id && dashboards.has(String(plan.dashboard_id)) ? `delivers dashboard ${plan.dashboard_id}` : plan.look_id && looks.has(String(plan.look_id)) ? `delivers Look ${plan.look_id}` : undefined;
        return where ? [{ id: String(plan.id), title: plan.name ?? null, where: [where], ownerId: plan.user_id ?? null }] : [];
      });
      return { usages, nextOffset: page.nextOffset };
    },
  };
}
