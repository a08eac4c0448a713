// Content activities: find dashboards with what their tiles show, make sure a folder, a
// dashboard or a tile exists (looked up by name first, so a retry never adds a second one; a
// tile showing another query is updated),
// read who may see a piece of content, and the web address of the Looker instance.
import type { IContentMeta, IDashboard, IDashboardElement, IWriteQuery } from '@looker/sdk';
import { DelimArray } from '@looker/sdk-rtl';
import { keepProgress } from './activity-wait';
import { ensureResult, type EnsureResult } from './ensure-result';
import { findOrCreateFolder } from './folders';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';

export interface DashboardTile {
  id: string;
  title: string | null;
  /** The tile's query fields (empty for text tiles). */
  fields: string[];
  model: string | null;
  view: string | null;
}

export interface DashboardSummary {
  id: string;
  title: string;
  folderId: string | null;
  folderName: string | null;
  contentMetadataId: string | null;
  tiles: DashboardTile[];
}

export type FindDashboardsInput = { id: string } | { title: string };

export interface EnsureDashboardElementInput {
  dashboardId: string;
  title: string;
  /** The visualization, e.g. looker_bar, looker_column, table. */
  visType: string;
  query: Pick<IWriteQuery, 'model' | 'view' | 'fields' | 'filters' | 'sorts' | 'limit'>;
}

export interface AccessGrant {
  permission: 'view' | 'edit';
  groupId: string | null;
  groupName: string | null;
  userId: string | null;
  userName: string | null;
}

export interface ContentAccess {
  /** The content metadata whose grants apply (after following `inherits` upwards). */
  contentMetadataId: string;
  /** Names of the folders passed on the way up, nearest first, ending with the one that holds the grants. */
  inheritedThrough: string[];
  grants: AccessGrant[];
}

const DASHBOARD_FIELDS = 'id,title,folder_id,folder(id,name),content_metadata_id';
const TILE_FIELDS = 'id,title,query(model,view,fields)';
const ELEMENT_FIELDS = 'id,title,query(model,view,fields,filters,sorts,limit,vis_config)';
/** Ids per name lookup (all_groups / all_users by ids): short enough for any URL length limit. */
const NAMES_PER_CALL = 100;

/** `webUrl`: Looker's web address (web-url.ts), resolved once per worker. */
export function createContentActivities({ looker, webUrl }: { looker: LookerClient; webUrl: () => Promise<string> }) {
  function dashboardById(id: string): Promise<IDashboard | undefined> {
    return ifFound(looker.call('dashboard', (sdk) => sdk.dashboard(id, DASHBOARD_FIELDS)), undefined);
  }

  async function dashboardsByTitle(title: string, folderId?: string): Promise<IDashboard[]> {
    const found = await looker.call('search_dashboards', (sdk) =>
      sdk.search_dashboards({ title, folder_id: folderId, fields: DASHBOARD_FIELDS, limit: 50 }),
    );
    // Search treats _ and % as wildcards and ignores case: keep exact titles (ignoring case).
    return found.filter((d) => d.title?.toLowerCase() === title.toLowerCase());
  }

  async function summarize(dashboard: IDashboard): Promise<DashboardSummary> {
    const elements: IDashboardElement[] = await looker.call('dashboard_dashboard_elements', (sdk) =>
      sdk.dashboard_dashboard_elements(dashboard.id!, TILE_FIELDS),
    );
    return {
      id: dashboard.id!,
      title: dashboard.title ?? '',
      folderId: dashboard.folder_id ?? null,
      folderName: dashboard.folder?.name ?? null,
      contentMetadataId: dashboard.content_metadata_id ?? null,
      tiles: elements.map((e) => ({
        id: e.id!,
        title: e.title ?? null,
        fields: e.query?.fields ?? [],
        model: e.query?.model ?? null,
        view: e.query?.view ?? null,
      })),
    };
  }

  async function findElement(dashboardId: string, title: string): Promise<IDashboardElement | undefined> {
    const elements = await looker.call('dashboard_dashboard_elements', (sdk) => sdk.dashboard_dashboard_elements(dashboardId, ELEMENT_FIELDS));
    return elements.find((e) => e.title === title);
  }

  /**
   * Names of groups or users by id, NAMES_PER_CALL ids per call (one call per grant would make a
   * content with many grants too slow for one attempt); ids Looker no longer knows are left out.
   * Heartbeat details carry how far it got.
   */
  async function namesById(kind: 'group' | 'user', ids: string[], progress: { groupNames: number; userNames: number }): Promise<Map<string, string | null>> {
    const names = new Map<string, string | null>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += NAMES_PER_CALL) {
      const chunk = new DelimArray(unique.slice(start, start + NAMES_PER_CALL));
      const limit = NAMES_PER_CALL;
      if (kind === 'group') {
        for (const g of await looker.call('all_groups', (sdk) => sdk.all_groups({ ids: chunk, fields: 'id,name', limit }))) names.set(g.id!, g.name ?? null);
      } else {
        for (const u of await looker.call('all_users', (sdk) => sdk.all_users({ ids: chunk, fields: 'id,display_name', limit }))) names.set(u.id!, u.display_name ?? null);
      }
      progress[kind === 'group' ? 'groupNames' : 'userNames'] = Math.min(unique.length, start + NAMES_PER_CALL);
    }
    return names;
  }

  return {
    /** The Looker web address for links, e.g. https://mycompany.looker.com. */
    lookerWebUrl: (): Promise<string> => webUrl(),

    /** Dashboards by id (0 or 1) or by exact title (any number), with their tiles. */
    async findDashboards(input: FindDashboardsInput): Promise<DashboardSummary[]> {
      const found = 'id' in input ? [await dashboardById(input.id)].filter((d) => d !== undefined) : await dashboardsByTitle(input.title);
      return Promise.all(found.map(summarize));
    },

    /** A folder with this name under `parentId` (names are unique per parent in Looker). */
    ensureFolder(input: { name: string; parentId: string }): Promise<EnsureResult> {
      return findOrCreateFolder(looker, input.name, input.parentId);
    },

    /** A dashboard with this title in the folder. */
    async ensureDashboard(input: { title: string; folderId: string }): Promise<EnsureResult> {
      const [existing] = await dashboardsByTitle(input.title, input.folderId);
      if (existing) return ensureResult(existing.id!, 'unchanged');
      const dashboard = await looker.call('create_dashboard', (sdk) => sdk.create_dashboard({ title: input.title, folder_id: input.folderId }));
      return ensureResult(dashboard.id!, 'created');
    },

    /**
     * A tile with this title on the dashboard, showing the query as `visType`. A tile whose query
     * or visualization differs gets a new query (Looker's queries are immutable) in place.
     */
    async ensureDashboardElement(input: EnsureDashboardElementInput): Promise<EnsureResult> {
      const existing = await findElement(input.dashboardId, input.title);
      if (existing && showsQuery(existing, input)) return ensureResult(existing.id!, 'unchanged');
      const query = await looker.call('create_query', (sdk) =>
        sdk.create_query({ ...input.query, vis_config: { type: input.visType } }, 'id'),
      );
      if (existing) {
        await looker.call('update_dashboard_element', (sdk) => sdk.update_dashboard_element(existing.id!, { query_id: query.id! }, 'id'));
        return ensureResult(existing.id!, 'updated');
      }
      const element = await looker.call('create_dashboard_element', (sdk) =>
        sdk.create_dashboard_element({ body: { dashboard_id: input.dashboardId, title: input.title, type: 'vis', query_id: query.id! } }),
      );
      return ensureResult(element.id!, 'created');
    },

    /** Who may see or edit content: follows `inherits` up to the metadata that holds the grants. */
    async contentAccess(input: { contentMetadataId: string }): Promise<ContentAccess> {
      const inheritedThrough: string[] = [];
      let metadata: IContentMeta = await looker.call('content_metadata', (sdk) => sdk.content_metadata(input.contentMetadataId));
      while (metadata.inherits && metadata.parent_id) {
        const parentId = metadata.parent_id;
        metadata = await looker.call('content_metadata', (sdk) => sdk.content_metadata(parentId));
        inheritedThrough.push(metadata.name ?? `content ${metadata.id}`);
      }
      const accesses = await looker.call('all_content_metadata_accesses', (sdk) => sdk.all_content_metadata_accesses(metadata.id!));
      const progress = { contentMetadataId: metadata.id!, grants: accesses.length, groupNames: 0, userNames: 0 };
      keepProgress(progress);
      const groupNames = await namesById('group', accesses.flatMap((a) => (a.group_id ? [a.group_id] : [])), progress);
      const userNames = await namesById('user', accesses.flatMap((a) => (a.user_id ? [a.user_id] : [])), progress);
      const grants: AccessGrant[] = accesses.map((access) => ({
        permission: access.permission_type === 'edit' ? 'edit' : 'view',
        groupId: access.group_id ?? null,
        groupName: access.group_id ? (groupNames.get(access.group_id) ?? null) : null,
        userId: access.user_id ?? null,
        userName: access.user_id ? (userNames.get(access.user_id) ?? null) : null,
      }));
      return { contentMetadataId: metadata.id!, inheritedThrough, grants };
    },
  };
}

/** Does the tile show this query (same model, view, fields, filters, sorts, limit) as `visType`? */
function showsQuery(element: IDashboardElement, input: EnsureDashboardElementInput): boolean {
  const shown = element.query;
  if (!shown) return false;
  const wanted = input.query;
  const list = (values: string[] | null | undefined) => JSON.stringify(values ?? []);
  const filters = (values: Record<string, unknown> | null | undefined) => JSON.stringify(Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return (
    shown.model === wanted.model &&
    shown.view === wanted.view &&
    list(shown.fields) === list(wanted.fields) &&
    filters(shown.filters) === filters(wanted.filters) &&
    list(shown.sorts) === list(wanted.sorts) &&
    (shown.limit ?? null) === (wanted.limit ?? null) &&
    shown.vis_config?.type === input.visType
  );
}
