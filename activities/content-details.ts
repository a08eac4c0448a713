// One dashboard or Look by id, with what an agent plans with: its folder, owner, filters and
// tiles (each tile's query: model, explore, fields, filters, sorts), or a Look's query.
import type { IDashboard, IDashboardElement, ILookWithQuery } from '@looker/sdk';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { queryDefinition, type LookQuery } from './looks';

export interface ContentOwner {
  folderId: string | null;
  folderName: string | null;
  /** Looker's user_id of the content: who created it and owns it. */
  ownerId: string | null;
  ownerName: string | null;
}

export interface TileDetail {
  id: string;
  title: string | null;
  type: string | null;
  /** The tile's query, or the query of the Look it shows; null for text tiles. */
  query: LookQuery | null;
  lookId: string | null;
}

export interface ContentDetail extends ContentOwner {
  id: string;
  title: string;
  description: string | null;
  createdAt: string | null;
  lastUpdatedBy: string | null;
  viewCount: number | null;
  lastViewedAt: string | null;
  /** Dashboards: their filters and tiles. */
  filters?: Array<{ name: string; title: string | null; field: string | null; defaultValue: string | null }>;
  tiles?: TileDetail[];
  /** Looks: their query. */
  query?: LookQuery;
}

const QUERY = 'query(model,view,fields,filters,sorts,pivots,limit)';
const COMMON = 'id,title,description,folder_id,folder(name),user_id,user_name,created_at,view_count,last_viewed_at,deleted';

export function ownerOf(item: Pick<IDashboard, 'folder_id' | 'folder' | 'user_id' | 'user_name'>): ContentOwner {
  return { folderId: item.folder_id ?? null, folderName: item.folder?.name ?? null, ownerId: item.user_id ?? null, ownerName: item.user_name ?? null };
}

function common(item: IDashboard | ILookWithQuery): Omit<ContentDetail, 'lastUpdatedBy'> {
  return {
    id: String(item.id),
    title: item.title ?? '',
    description: item.description ?? null,
    ...ownerOf(item),
    createdAt: item.created_at ? String(item.created_at) : null,
    viewCount: item.view_count ?? null,
    lastViewedAt: item.last_viewed_at ? String(item.last_viewed_at) : null,
  };
}

function tile(element: IDashboardElement): TileDetail {
  const query = element.query ?? element.look?.query;
  return { id: String(element.id), title: element.title ?? null, type: element.type ?? null, query: query ? queryDefinition(query) : null, lookId: element.look_id ?? null };
}

export function createContentDetailActivities({ looker }: { looker: LookerClient }) {
  return {
    /** The dashboard or Look with this id, or null when there is none (or it is in the Trash). */
    async contentDetails(input: { kind: 'dashboard' | 'look'; id: string }): Promise<ContentDetail | null> {
      if (input.kind === 'dashboard') {
        const fields = `${COMMON},last_updater_name,dashboard_filters(name,title,dimension,default_value),dashboard_elements(id,title,type,look_id,${QUERY},look(${QUERY}))`;
        const d = await ifFound(looker.call('dashboard', (sdk) => sdk.dashboard(input.id, fields)), undefined);
        if (!d || d.deleted) return null;
        return {
          ...common(d),
          lastUpdatedBy: d.last_updater_name ?? null,
          filters: (d.dashboard_filters ?? []).map((f) => ({ name: f.name ?? '', title: f.title ?? null, field: f.dimension ?? null, defaultValue: f.default_value ?? null })),
          tiles: (d.dashboard_elements ?? []).map(tile),
        };
      }
      const look = await ifFound(looker.call('look', (sdk) => sdk.look(input.id, `${COMMON},${QUERY}`)), undefined);
      if (!look || look.deleted) return null;
      return { ...common(look), lastUpdatedBy: null, query: queryDefinition(look.query) };
    },
  };
}
