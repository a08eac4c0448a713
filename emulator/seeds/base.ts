/**
 * What every seed starts with: root folders, the standard roles, the admin
 * API user with well-known credentials, a non-admin API user, a few groups
 * and the system user attributes.
 */
import type { Clock } from '../core/clock';
import { SHARED_FOLDER_ID, USERS_FOLDER_ID, addApiCredentials, insertFolder, insertUser } from '../core/records';
import { seedStandardResources } from './resources';
import { emptyState, nextId, type EmulatorState, type GroupRecord, type UserRecord } from '../core/state';

export const ADMIN_CLIENT_ID = 'lookerflow-emulator-id';
export const ADMIN_CLIENT_SECRET = 'lookerflow-emulator-secret';
export const USER_CLIENT_ID = 'lookerflow-emulator-user-id';
export const USER_CLIENT_SECRET = 'lookerflow-emulator-user-secret';

export const ROLE_IDS = { Admin: '1', Developer: '2', Viewer: '3', User: '4' } as const;
export const GROUP_IDS = { 'All Users': '1', Admins: '2', Finance: '3', Marketing: '4', Engineering: '5' } as const;

const ROLES: { name: keyof typeof ROLE_IDS; permissions: string[] }[] = [
  { name: 'Admin', permissions: ['administer', 'access_data', 'see_lookml_dashboards', 'see_looks', 'see_user_dashboards', 'explore', 'create_alerts', 'schedule_look_emails', 'sudo'] },
  { name: 'Developer', permissions: ['access_data', 'develop', 'see_lookml', 'see_looks', 'see_user_dashboards', 'explore', 'save_content', 'create_alerts'] },
  { name: 'Viewer', permissions: ['access_data', 'see_looks', 'see_user_dashboards', 'see_lookml_dashboards'] },
  { name: 'User', permissions: ['access_data', 'see_looks', 'see_user_dashboards', 'explore', 'save_content', 'create_alerts', 'schedule_look_emails'] },
];

export interface BaseSeed {
  state: EmulatorState;
  admin: UserRecord;
  apiUser: UserRecord;
  groups: Record<keyof typeof GROUP_IDS, GroupRecord>;
}

export function baseSeed(clock: Clock, createdAt: string = clock.now().toISOString()): BaseSeed {
  const state = emptyState();
  const shared = insertFolder(state, { name: 'Shared', parent_id: null, is_shared_root: true }, createdAt);
  const users = insertFolder(state, { name: 'Users', parent_id: null, is_users_root: true }, createdAt);
  if (shared.id !== SHARED_FOLDER_ID || users.id !== USERS_FOLDER_ID) throw new Error('root folders must be 1 and 2');

  for (const role of ROLES) {
    const id = nextId(state, 'roles');
    state.roles[id] = { id, name: role.name, permissions: role.permissions, models: ['*'], built_in: role.name === 'Admin' };
  }

  const admin = insertUser(state, { first_name: 'Admin', last_name: 'Emulator', role_ids: [ROLE_IDS.Admin] }, createdAt);
  admin.credentials_email = emailCredentials('admin@lookerflow.example', createdAt);
  addApiCredentials(state, admin, createdAt, ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET);

  const apiUser = insertUser(state, { first_name: 'Api', last_name: 'Viewer', role_ids: [ROLE_IDS.User] }, createdAt);
  apiUser.credentials_email = emailCredentials('api.viewer@lookerflow.example', createdAt);
  addApiCredentials(state, apiUser, createdAt, USER_CLIENT_ID, USER_CLIENT_SECRET);

  const groups = {} as BaseSeed['groups'];
  for (const name of Object.keys(GROUP_IDS) as (keyof typeof GROUP_IDS)[]) {
    const id = nextId(state, 'groups');
    groups[name] = state.groups[id] = { id, name, user_ids: [] };
  }
  groups['All Users'].user_ids.push(admin.id, apiUser.id);
  groups.Admins.user_ids.push(admin.id);

  for (const [name, label, type] of [
    ['email', 'Email', 'string'],
    ['first_name', 'First Name', 'string'],
    ['last_name', 'Last Name', 'string'],
    ['locale', 'Locale', 'string'],
  ]) {
    const id = nextId(state, 'user_attributes');
    state.user_attributes[id] = {
      id, name, label, type, default_value: null, value_is_hidden: false, user_can_view: true, user_can_edit: false, is_system: true, is_permanent: true,
    };
  }
  seedStandardResources(state);
  return { state, admin, apiUser, groups };
}

export function emailCredentials(email: string, createdAt: string) {
  return { email, created_at: createdAt, forced_password_reset_at_next_login: false, logged_in_at: null, password_reset_token: null, password_reset_expires_at: null };
}
