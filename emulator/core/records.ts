/**
 * Factories that insert new records with Looker's defaults and keep the
 * links consistent (content metadata, personal folders, query dedupe).
 * Used by both the handlers and the seeds.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  nextId,
  type ContentMetadataRecord,
  type DashboardRecord,
  type EmulatorState,
  type FolderRecord,
  type LookRecord,
  type QueryRecord,
  type UserRecord,
} from './state';

export const SHARED_FOLDER_ID = '1';
export const USERS_FOLDER_ID = '2';

function addContentMetadata(state: EmulatorState, fields: Omit<ContentMetadataRecord, 'id' | 'inherits' | 'inheriting_id'>): string {
  const id = nextId(state, 'content_metadata');
  const parent = fields.parent_id;
  state.content_metadata[id] = { id, inherits: parent !== null, inheriting_id: parent, ...fields };
  return id;
}

function folderMetadataId(state: EmulatorState, folderId: string | null): string | null {
  return folderId ? state.folders[folderId]?.content_metadata_id ?? null : null;
}

export function insertFolder(
  state: EmulatorState,
  fields: Pick<FolderRecord, 'name' | 'parent_id'> & Partial<FolderRecord>,
  createdAt: string,
): FolderRecord {
  const id = fields.id ?? nextId(state, 'folders');
  const content_metadata_id = addContentMetadata(state, {
    name: fields.name,
    parent_id: folderMetadataId(state, fields.parent_id),
    dashboard_id: null,
    look_id: null,
    folder_id: id,
    content_type: 'space',
  });
  const folder: FolderRecord = {
    creator_id: null,
    created_at: createdAt,
    is_personal: false,
    is_shared_root: false,
    is_users_root: false,
    ...fields,
    id,
    content_metadata_id,
  };
  state.folders[id] = folder;
  return folder;
}

export function insertUser(
  state: EmulatorState,
  fields: Pick<UserRecord, 'first_name' | 'last_name'> & Partial<UserRecord>,
  createdAt: string,
): UserRecord {
  const id = nextId(state, 'users');
  const user: UserRecord = {
    is_disabled: false,
    locale: 'en',
    role_ids: [],
    personal_folder_id: null,
    home_folder_id: null,
    created_at: createdAt,
    credentials_email: null,
    credentials_api3: [],
    attribute_values: {},
    ...fields,
    id,
  };
  state.users[id] = user;
  // Looker gives every regular user a personal folder under "Users".
  const personal = insertFolder(
    state,
    { name: `${user.first_name} ${user.last_name}`.trim() || `User ${id}`, parent_id: USERS_FOLDER_ID, creator_id: id, is_personal: true },
    createdAt,
  );
  user.personal_folder_id = personal.id;
  user.home_folder_id = personal.id;
  return user;
}

export function addApiCredentials(state: EmulatorState, user: UserRecord, createdAt: string, clientId?: string, clientSecret?: string) {
  const credential = {
    id: nextId(state, 'credentials_api3'),
    client_id: clientId ?? randomBytes(10).toString('hex'),
    client_secret: clientSecret ?? randomBytes(12).toString('hex'),
    created_at: createdAt,
    is_disabled: false,
  };
  user.credentials_api3.push(credential);
  return credential;
}

type ContentInit = Pick<DashboardRecord, 'title' | 'folder_id' | 'user_id'> & Partial<DashboardRecord>;

function contentDefaults(createdAt: string) {
  return {
    description: '',
    created_at: createdAt,
    updated_at: createdAt,
    deleted: false,
    deleted_at: null,
    deleter_id: null,
    last_viewed_at: null,
    last_accessed_at: null,
    view_count: 0,
    favorite_count: 0,
  };
}

export function insertDashboard(state: EmulatorState, fields: ContentInit, createdAt: string): DashboardRecord {
  const id = fields.id ?? nextId(state, 'dashboards');
  const content_metadata_id = addContentMetadata(state, {
    name: fields.title,
    parent_id: folderMetadataId(state, fields.folder_id),
    dashboard_id: id,
    look_id: null,
    folder_id: null,
    content_type: 'dashboard',
  });
  const dashboard: DashboardRecord = {
    ...contentDefaults(createdAt),
    slug: randomSlug(`dashboard:${id}`),
    hidden: false,
    lookml: false,
    model: null,
    ...fields,
    id,
    content_metadata_id,
  };
  state.dashboards[id] = dashboard;
  return dashboard;
}

export function insertLook(
  state: EmulatorState,
  fields: Pick<LookRecord, 'title' | 'folder_id' | 'user_id' | 'query_id'> & Partial<LookRecord>,
  createdAt: string,
): LookRecord {
  const id = nextId(state, 'looks');
  const content_metadata_id = addContentMetadata(state, {
    name: fields.title,
    parent_id: folderMetadataId(state, fields.folder_id),
    dashboard_id: null,
    look_id: id,
    folder_id: null,
    content_type: 'look',
  });
  const look: LookRecord = { ...contentDefaults(createdAt), public: false, is_run_on_load: false, ...fields, id, content_metadata_id };
  state.looks[id] = look;
  return look;
}

/** The parts of a query that make it "the same query" for deduplication. */
export type QueryInit = Pick<QueryRecord, 'model' | 'view'> & Partial<Omit<QueryRecord, 'id' | 'slug'>>;

/** Looker returns the existing query when an identical one is created again. */
export function findOrInsertQuery(state: EmulatorState, init: QueryInit): QueryRecord {
  const candidate: Omit<QueryRecord, 'id' | 'slug'> = {
    fields: [],
    pivots: null,
    filters: null,
    filter_expression: null,
    sorts: [],
    limit: null,
    column_limit: null,
    total: false,
    dynamic_fields: null,
    vis_config: null,
    query_timezone: null,
    client_id: '',
    ...init,
  };
  const key = queryKey(candidate);
  const existing = Object.values(state.queries).find((q) => queryKey(q) === key);
  if (existing) return existing;
  const id = nextId(state, 'queries');
  const slug = randomSlug(`query:${key}`);
  const query: QueryRecord = { ...candidate, id, slug, client_id: candidate.client_id || slug };
  state.queries[id] = query;
  return query;
}

function queryKey(q: Omit<QueryRecord, 'id' | 'slug'>): string {
  return JSON.stringify([
    q.model,
    q.view,
    q.fields,
    q.pivots ?? [],
    Object.entries(q.filters ?? {}).sort(),
    q.filter_expression ?? '',
    q.sorts,
    q.limit ?? '',
    q.column_limit ?? '',
    q.total,
    q.dynamic_fields ?? '',
    q.query_timezone ?? '',
    // The visualization is part of a query: the same fields shown as a bar chart are another query.
    q.vis_config ?? '',
  ]);
}

/** Deterministic short slug, so seeds produce identical state for the same seed number. */
export function randomSlug(basis: string): string {
  return createHash('sha1').update(basis).digest('base64url').slice(0, 22);
}
