/**
 * The emulator's whole world as plain JSON-friendly records, so it can be
 * snapshotted for test assertions and persisted to a file as-is.
 * Records hold what Looker stores; derived fields (folder objects, element
 * lists, display names...) are computed by the presenters in handlers/.
 */

import type { DeliveryRecord, HistoryRecord } from './activity-records';

export type { DeliveryRecord, HistoryRecord } from './activity-records';

export interface ApiCredentialRecord {
  id: string;
  client_id: string;
  client_secret: string;
  created_at: string;
  is_disabled: boolean;
}

export interface EmailCredentialRecord {
  email: string;
  created_at: string;
  forced_password_reset_at_next_login: boolean;
  logged_in_at: string | null;
  password_reset_token: string | null;
  password_reset_expires_at: string | null;
}

export interface UserRecord {
  id: string;
  first_name: string;
  last_name: string;
  is_disabled: boolean;
  locale: string;
  role_ids: string[];
  personal_folder_id: string | null;
  home_folder_id: string | null;
  created_at: string;
  credentials_email: EmailCredentialRecord | null;
  credentials_api3: ApiCredentialRecord[];
  /** A service account (created through /users/service_accounts). */
  is_service_account?: boolean;
  /** user_attribute_id -> value set directly on the user */
  attribute_values: Record<string, string>;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: string[];
  models: string[];
  built_in: boolean;
  /** Groups whose members get this role. */
  group_ids?: string[];
  /** Engine PermissionSet / ModelSet the role was made from (seed roles use their own id). */
  permission_set_id?: string;
  model_set_id?: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  user_ids: string[];
  /** Groups included in this one (add_group_group). */
  group_ids?: string[];
}

export interface FolderRecord {
  id: string;
  name: string;
  parent_id: string | null;
  creator_id: string | null;
  created_at: string;
  is_personal: boolean;
  is_shared_root: boolean;
  is_users_root: boolean;
  content_metadata_id: string;
}

/** Fields shared by dashboards and looks (both live in folders and get viewed). */
export interface ContentRecord {
  id: string;
  title: string;
  description: string;
  folder_id: string;
  user_id: string;
  created_at: string;
  updated_at: string;
  deleted: boolean;
  deleted_at: string | null;
  deleter_id: string | null;
  last_viewed_at: string | null;
  last_accessed_at: string | null;
  view_count: number;
  favorite_count: number;
  content_metadata_id: string;
}

export interface DashboardRecord extends ContentRecord {
  slug: string;
  hidden: boolean;
  /** LookML dashboards have ids like `model::name` and can never be trashed. */
  lookml: boolean;
  model: string | null;
  /** The LookML dashboard this one was imported from; a sync brings it up to date. */
  lookml_link_id?: string | null;
}

export interface LookRecord extends ContentRecord {
  query_id: string;
  public: boolean;
  is_run_on_load: boolean;
}

export interface DashboardElementRecord {
  id: string;
  dashboard_id: string;
  title: string | null;
  type: string;
  query_id: string | null;
  look_id: string | null;
  body_text: string | null;
  subtitle_text: string | null;
  note_text: string | null;
}

export interface DashboardFilterRecord {
  id: string;
  dashboard_id: string;
  name: string;
  title: string;
  type: string;
  model: string | null;
  explore: string | null;
  dimension: string | null;
  default_value: string | null;
  row: number;
  allow_multiple_values: boolean;
  required: boolean;
}

export interface QueryRecord {
  id: string;
  slug: string;
  model: string;
  view: string;
  fields: string[];
  pivots: string[] | null;
  filters: Record<string, string> | null;
  filter_expression: string | null;
  sorts: string[];
  limit: string | null;
  column_limit: string | null;
  total: boolean;
  dynamic_fields: string | null;
  vis_config: Record<string, unknown> | null;
  query_timezone: string | null;
  client_id: string;
}

export interface QueryTaskRecord {
  id: string;
  query_id: string;
  user_id: string;
  result_format: string;
  source: string | null;
  look_id: string | null;
  dashboard_id: string | null;
  /** Real (wall clock) epoch ms: status is a pure function of these and the current time. */
  created_ms: number;
  start_ms: number;
  end_ms: number;
  killed_ms: number | null;
  /** Set when the query cannot run (e.g. unknown field); the task ends in `error`. */
  error: string | null;
}

export interface RenderTaskRecord {
  id: string;
  user_id: string;
  result_format: 'pdf' | 'png' | 'jpg';
  width: number;
  height: number;
  dashboard_id: string | null;
  lookml_dashboard_id: string | null;
  look_id: string | null;
  query_id: string | null;
  dashboard_element_id: string | null;
  dashboard_style: string | null;
  dashboard_filters: string | null;
  created_at: string;
  created_ms: number;
  duration_ms: number;
  fails: boolean;
}

export interface ScheduledPlanDestinationRecord {
  id: string;
  type: string;
  format: string | null;
  address: string | null;
  apply_formatting: boolean;
  apply_vis: boolean;
  parameters: string | null;
  message: string | null;
}

export interface ScheduledPlanRecord {
  id: string;
  name: string;
  user_id: string;
  dashboard_id: string | null;
  look_id: string | null;
  lookml_dashboard_id: string | null;
  query_id: string | null;
  crontab: string | null;
  datagroup: string | null;
  timezone: string | null;
  enabled: boolean;
  run_as_recipient: boolean;
  require_results: boolean;
  require_no_results: boolean;
  require_change: boolean;
  send_all_results: boolean;
  filters_string: string | null;
  dashboard_filters: string | null;
  include_links: boolean;
  pdf_paper_size: string | null;
  pdf_landscape: boolean;
  long_tables: boolean;
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
  run_once: boolean;
  destinations: ScheduledPlanDestinationRecord[];
}

export interface AlertRecord {
  id: string;
  comparison_type: string;
  cron: string;
  threshold: number;
  owner_id: string;
  field: { title: string; name: string; filter?: unknown[] | null };
  destinations: { destination_type: string; email_address?: string | null; action_hub_integration_id?: string | null; action_hub_form_params_json?: string | null }[];
  dashboard_element_id: string | null;
  lookml_dashboard_id: string | null;
  query_id: string | null;
  custom_title: string | null;
  description: string | null;
  is_disabled: boolean;
  disabled_reason: string | null;
  is_public: boolean;
  applied_dashboard_filters: unknown[] | null;
  /** Users who follow the alert. */
  follower_ids?: string[];
}

export interface UserAttributeRecord {
  id: string;
  name: string;
  label: string;
  type: string;
  default_value: string | null;
  value_is_hidden: boolean;
  user_can_view: boolean;
  user_can_edit: boolean;
  is_system: boolean;
  is_permanent: boolean;
}

export interface ContentMetadataRecord {
  id: string;
  name: string;
  parent_id: string | null;
  dashboard_id: string | null;
  look_id: string | null;
  folder_id: string | null;
  content_type: 'space' | 'dashboard' | 'look';
  inherits: boolean;
  inheriting_id: string | null;
}

export interface ContentMetadataAccessRecord {
  id: string;
  content_metadata_id: string;
  permission_type: 'view' | 'edit';
  group_id: string | null;
  user_id: string | null;
}

export interface EmulatorState {
  /** Next numeric id per collection, so ids are stable for a given seed. */
  nextIds: Record<string, number>;
  users: Record<string, UserRecord>;
  roles: Record<string, RoleRecord>;
  groups: Record<string, GroupRecord>;
  folders: Record<string, FolderRecord>;
  dashboards: Record<string, DashboardRecord>;
  dashboard_elements: Record<string, DashboardElementRecord>;
  dashboard_filters: Record<string, DashboardFilterRecord>;
  looks: Record<string, LookRecord>;
  queries: Record<string, QueryRecord>;
  query_tasks: Record<string, QueryTaskRecord>;
  render_tasks: Record<string, RenderTaskRecord>;
  scheduled_plans: Record<string, ScheduledPlanRecord>;
  alerts: Record<string, AlertRecord>;
  user_attributes: Record<string, UserAttributeRecord>;
  content_metadata: Record<string, ContentMetadataRecord>;
  content_metadata_access: Record<string, ContentMetadataAccessRecord>;
  history: Record<string, HistoryRecord>;
  deliveries: Record<string, DeliveryRecord>;
  /** Records of the spec-driven engine, by model name (see emulator/engine/store.ts). */
  resources?: Record<string, { links: Record<string, string>; value: Record<string, unknown> }[]>;
  /**
   * Body properties a hand-written handler does not keep (e.g. a dashboard's
   * `background_color`), by model and id, shown again in later responses.
   */
  extras?: Record<string, Record<string, Record<string, unknown>>>;
}

export type CollectionName = Exclude<keyof EmulatorState, 'nextIds'>;

export function emptyState(): EmulatorState {
  return {
    nextIds: {},
    users: {},
    roles: {},
    groups: {},
    folders: {},
    dashboards: {},
    dashboard_elements: {},
    dashboard_filters: {},
    looks: {},
    queries: {},
    query_tasks: {},
    render_tasks: {},
    scheduled_plans: {},
    alerts: {},
    user_attributes: {},
    content_metadata: {},
    content_metadata_access: {},
    history: {},
    deliveries: {},
    resources: {},
    extras: {},
  };
}

/** Allocates the next id of a collection ('1', '2', ...). */
export function nextId(state: EmulatorState, collection: CollectionName | 'credentials_api3' | 'scheduled_plan_destinations'): string {
  const id = state.nextIds[collection] ?? 1;
  state.nextIds[collection] = id + 1;
  return String(id);
}
