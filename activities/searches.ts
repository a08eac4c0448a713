// Search activities, one page per call: the workflow drives paging, so each result stays
// small in history and a retry repeats just one page.
// `fields` defaults to a short list per kind; pass `fields` to ask for others.
import type {
  IAlert,
  IDashboard,
  IFolder,
  IGroup,
  ILook,
  IRequestSearchAlerts,
  IRequestSearchDashboards,
  IRequestSearchFolders,
  IRequestSearchGroups,
  IRequestSearchLooks,
  IRequestSearchRoles,
  IRequestSearchScheduledPlans,
  IRequestSearchUsers,
  IRole,
  IScheduledPlan,
  IUser,
  Looker40SDK,
} from '@looker/sdk';
import type { SDKResponse } from '@looker/sdk-rtl';
import type { LookerClient } from './looker-client';
import { readPage, type Page } from './paging';

export const DEFAULT_SEARCH_FIELDS = {
  users: 'id,email,first_name,last_name,display_name,is_disabled,role_ids,group_ids',
  roles: 'id,name',
  groups: 'id,name,user_count,externally_managed',
  dashboards: 'id,title,folder_id,user_id,view_count,last_viewed_at,deleted',
  looks: 'id,title,folder_id,user_id,view_count,last_viewed_at,deleted',
  folders: 'id,name,parent_id,creator_id',
  scheduledPlans: 'id,name,user_id,dashboard_id,look_id,lookml_dashboard_id,crontab,enabled',
  alerts: 'id,owner_id,dashboard_element_id,cron,is_disabled,custom_title',
} as const;

/** Criteria of a search plus the page wanted; page/per_page (deprecated) are left out. */
export type SearchInput<Request> = Omit<Request, 'page' | 'per_page' | 'limit' | 'offset'> & {
  limit?: number;
  offset?: number;
};

export function createSearchActivities({ looker }: { looker: LookerClient }) {
  async function searchPage<Request extends { fields?: string | null }, Item>(
    operation: string,
    defaultFields: string,
    input: SearchInput<Request>,
    search: (sdk: Looker40SDK, request: Request) => Promise<SDKResponse<Item[], unknown>>,
  ): Promise<Page<Item>> {
    return readPage(looker, operation, input, (sdk, page) => search(sdk, { ...input, fields: input.fields ?? defaultFields, ...page } as unknown as Request));
  }

  return {
    searchUsers: (input: SearchInput<IRequestSearchUsers>): Promise<Page<IUser>> =>
      searchPage('search_users', DEFAULT_SEARCH_FIELDS.users, input, (sdk, r) => sdk.search_users(r)),
    searchRoles: (input: SearchInput<IRequestSearchRoles>): Promise<Page<IRole>> =>
      searchPage('search_roles', DEFAULT_SEARCH_FIELDS.roles, input, (sdk, r) => sdk.search_roles(r)),
    searchGroups: (input: SearchInput<IRequestSearchGroups>): Promise<Page<IGroup>> =>
      searchPage('search_groups', DEFAULT_SEARCH_FIELDS.groups, input, (sdk, r) => sdk.search_groups(r)),
    searchDashboards: (input: SearchInput<IRequestSearchDashboards>): Promise<Page<IDashboard>> =>
      searchPage('search_dashboards', DEFAULT_SEARCH_FIELDS.dashboards, input, (sdk, r) => sdk.search_dashboards(r)),
    searchLooks: (input: SearchInput<IRequestSearchLooks>): Promise<Page<ILook>> =>
      searchPage('search_looks', DEFAULT_SEARCH_FIELDS.looks, input, (sdk, r) => sdk.search_looks(r)),
    searchFolders: (input: SearchInput<IRequestSearchFolders>): Promise<Page<IFolder>> =>
      searchPage('search_folders', DEFAULT_SEARCH_FIELDS.folders, input, (sdk, r) => sdk.search_folders(r)),
    searchScheduledPlans: (input: SearchInput<IRequestSearchScheduledPlans>): Promise<Page<IScheduledPlan>> =>
      searchPage('search_scheduled_plans', DEFAULT_SEARCH_FIELDS.scheduledPlans, input, (sdk, r) => sdk.search_scheduled_plans(r)),
    searchAlerts: (input: SearchInput<IRequestSearchAlerts>): Promise<Page<IAlert>> =>
      searchPage('search_alerts', DEFAULT_SEARCH_FIELDS.alerts, input, (sdk, r) => sdk.search_alerts(r)),
  };
}

