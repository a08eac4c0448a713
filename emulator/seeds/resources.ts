/**
 * State for resources the spec-driven engine serves (connections, LookML
 * projects and their branches and files, datagroups, color collections,
 * themes, boards, permission and model sets, reference lists). Values may
 * be partial: every response is completed to its model.
 */
import type { Clock } from '../core/clock';
import type { EmulatorState } from '../core/state';
import { insertRecord } from '../engine/store';
import { dialectInfos } from '../engine/behaviours/dialects';
import { settingsOf } from '../engine/behaviours/settings';
import { CATALOGUE } from '../data/catalogue';

const CONNECTIONS = [
  { name: 'warehouse', dialect_name: 'bigquery_standard_sql', host: 'bigquery.googleapis.com', database: 'analytics', schema: 'thelook' },
  { name: 'crm', dialect_name: 'postgres', host: 'crm-db.internal', port: '5432', database: 'crm', schema: 'public' },
  { name: 'events', dialect_name: 'snowflake', host: 'acme.snowflakecomputing.com', database: 'EVENTS', schema: 'RAW' },
  { name: 'looker', dialect_name: 'mysql', host: 'localhost', port: '3306', database: 'looker', schema: 'looker' },
];

const PALETTE = (id: string, colors: string[]) => ({ id, label: 'Categorical', type: 'Categorical', colors });

export const DEFAULT_COLOR_COLLECTION_ID = 'lookerflow-classic';


/** What every Looker has: standard color collections, a default theme, permission and model sets, locales, timezones. */
export function seedStandardResources(state: EmulatorState): void {
  insertRecord(state, 'ColorCollection', {
    id: DEFAULT_COLOR_COLLECTION_ID, label: 'Lookerflow Classic',
    categoricalPalettes: [PALETTE('lookerflow-classic-categorical-0', ['#1A73E8', '#12B5CB', '#E52592', '#E8710A', '#F9AB00', '#7CB342'])],
    sequentialPalettes: [], divergingPalettes: [],
  });
  insertRecord(state, 'ColorCollection', {
    id: 'lookerflow-dark', label: 'Lookerflow Dark',
    categoricalPalettes: [PALETTE('lookerflow-dark-categorical-0', ['#0B1F3A', '#1E3A5F', '#3C6E91', '#6FA3C7', '#A7CCE5'])],
    sequentialPalettes: [], divergingPalettes: [],
  });
  insertRecord(state, 'Theme', { id: '1', name: 'Looker', settings: { background_color: '#f6f8fa', font_family: 'Roboto', color_collection_id: DEFAULT_COLOR_COLLECTION_ID, show_filters_bar: true, show_title: true } });
  Object.assign(settingsOf(state), { default_color_collection_id: DEFAULT_COLOR_COLLECTION_ID, default_theme_id: '1' });
  for (const role of Object.values(state.roles)) {
    insertRecord(state, 'PermissionSet', { id: role.id, name: role.name, permissions: role.permissions, built_in: role.built_in, all_access: role.permissions.includes('administer') });
    insertRecord(state, 'ModelSet', { id: role.id, name: role.name, models: role.models, built_in: role.built_in, all_access: role.models.includes('*') });
  }
  const permissions = [...new Set(Object.values(state.roles).flatMap((r) => r.permissions))].sort();
  for (const permission of permissions) insertRecord(state, 'Permission', { permission, parent: null, description: permission.replace(/_/g, ' ') });
  insertRecord(state, 'ApiSession', { workspace_id: 'production', sudo_user_id: null });
  for (const id of ['production', 'dev']) insertRecord(state, 'Workspace', { id });
  for (const dialect of dialectInfos()) insertRecord(state, 'DialectInfo', dialect);
  for (const [name, label] of [['en', 'English'], ['de_DE', 'German'], ['fr_FR', 'French'], ['ja_JP', 'Japanese']]) insertRecord(state, 'Locale', { code: name, native_name: label, english_name: label });
  for (const [value, label, group] of [['UTC', 'UTC', 'Etc'], ['America/New_York', 'New York', 'America'], ['Europe/London', 'London', 'Europe'], ['Asia/Tokyo', 'Tokyo', 'Asia']]) insertRecord(state, 'Timezone', { value, label, group });
}

/** The demo instance's connections, LookML projects, datagroups, boards and legacy features. */
export function seedResources(state: EmulatorState, clock: Clock): void {
  const now = clock.now().toISOString();
  for (const c of CONNECTIONS) {
    insertRecord(state, 'DBConnection', {
      ...c, port: c.port ?? null, username: 'looker', created_at: now, user_id: '1', pdts_enabled: true, uses_oauth: false, sql_runner_precache_tables: true,
      snippets: [], max_connections: 30, tmp_db_name: 'looker_scratch',
    });
  }
  for (const model of CATALOGUE.filter((m) => m.name !== 'system__activity')) {
    const project = model.project_name;
    insertRecord(state, 'Project', {
      id: project, name: project, uses_git: true, git_remote_url: `git@github.com:acme/${project}.git`, git_service_name: 'github',
      git_production_branch_name: 'main', pull_request_mode: 'links', validation_required: true, allow_warnings: true, is_example: false,
      deploy_secret: null, unset_deploy_secret: false,
    });
    insertRecord(state, 'GitBranch', { name: 'main', remote: 'origin', remote_name: 'main', is_production: true, is_local: true, is_remote: true, readonly: true, ref: 'a1b2c3d', remote_ref: 'a1b2c3d', project_id: project }, { project_id: project });
    insertRecord(state, 'ProjectFile', { id: `${project}.model.lkml`, path: `${project}.model.lkml`, title: `${project}.model.lkml`, type: 'model', extension: '.lkml', mime_type: 'text/x-lookml', editable: true, project_id: project }, { project_id: project });
    for (const explore of model.explores) {
      insertRecord(state, 'ProjectFile', { id: `views/${explore.name}.view.lkml`, path: `views/${explore.name}.view.lkml`, title: `${explore.name}.view.lkml`, type: 'view', extension: '.lkml', mime_type: 'text/x-lookml', editable: true, project_id: project }, { project_id: project });
    }
    insertRecord(state, 'LookmlTest', { name: `${project}_row_count_positive`, model_name: model.name, explore_name: model.explores[0]?.name ?? null, query_url_params: 'fields=count', file: `${project}.model.lkml`, line: 12 }, { project_id: project });
    insertRecord(state, 'Datagroup', { id: String((state.resources!.Datagroup?.length ?? 0) + 1), model_name: model.name, name: `${model.name}_default_datagroup`, trigger_check_at: Math.floor(clock.now().getTime() / 1000), trigger_value: '2026-01-01', triggered_at: 0, stale_before: 0 });
  }
  insertRecord(state, 'Board', { id: '1', title: 'Executive Home', description: 'What leadership looks at first', user_id: '1', created_at: now, updated_at: now, section_order: ['1'] });
  insertRecord(state, 'BoardSection', { id: '1', board_id: '1', title: 'Company KPIs', description: null, created_at: now, updated_at: now, item_order: ['1', '2'] });
  insertRecord(state, 'BoardItem', { id: '1', board_section_id: '1', dashboard_id: '1', title: 'Daily Active Users', order: 1 });
  insertRecord(state, 'BoardItem', { id: '2', board_section_id: '1', look_id: '1', title: 'Revenue by Product Category', order: 2 });
  for (const [id, name, enabled] of [['1', 'Legacy Dashboards', false], ['2', 'Legacy Look Sharing', true]] as const) insertRecord(state, 'LegacyFeature', { id, name, description: `${name} (deprecated)`, enabled_locally: enabled, enabled, disallowed_as_of_version: '26.0', disable_on_upgrade_to_version: '27.0', end_of_life_version: '28.0', documentation_url: 'https://cloud.google.com/looker/docs/legacy-features', approximate_disable_date: null, approximate_end_of_life_date: null, has_disabled_on_upgrade: false });
}
