/**
 * What admin scripts written against Looker do, through the real @looker/sdk:
 * records the engine serves stay consistent with the hand-written ones
 * (groups, users, dashboards, LookML models), and what is created reads back.
 */
import { DelimArray } from '@looker/sdk-rtl';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { loginToken, sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();

describe('LookML projects, models and connections', () => {
  test('a created project is named by its name; files, deploy keys, deploy and reset answer', async () => {
    const { sdk } = t();
    const created = await sdk.ok(sdk.create_project({ name: 'marketing' }));
    assert.equal(created.id, 'marketing');
    const updated = await sdk.ok(sdk.update_project('marketing', { git_remote_url: 'git@github.com:acme/marketing.git' }));
    assert.equal(updated.git_remote_url, 'git@github.com:acme/marketing.git');
    assert.ok((await sdk.ok(sdk.all_projects())).some((p) => p.id === 'marketing'));

    const file = await sdk.ok(sdk.project_file('sales', 'sales.model.lkml'));
    assert.equal(file.type, 'model');
    assert.equal((await sdk.git_deploy_key('sales')).ok, false, 'no deploy key until one is created');
    const key = await sdk.ok(sdk.create_git_deploy_key('sales'));
    assert.match(key, /^ssh-rsa /);
    assert.equal(await sdk.ok(sdk.git_deploy_key('sales')), key);

    await sdk.ok(sdk.create_git_branch('sales', { name: 'dev-try', ref: 'main' }));
    await sdk.ok(sdk.deploy_to_production('sales'));
    await sdk.ok(sdk.reset_project_to_production('sales'));
    assert.equal((await sdk.ok(sdk.git_branch('sales'))).name, 'main', 'reset checks out production again');
  });

  test('a created connection shows its dialect; dialects, databases, schemas and features come from it', async () => {
    const { sdk } = t();
    const dialects = await sdk.ok(sdk.all_dialect_infos());
    const postgres = dialects.find((d) => d.name === 'postgres');
    assert.ok(postgres, 'postgres is among the dialects');
    assert.equal(postgres.default_port, '5432');
    const conn = await sdk.ok(sdk.create_connection({ name: 'reporting', dialect_name: 'postgres', host: 'reporting-db', port: '5432', database: 'reports', schema: 'public' }));
    assert.equal(conn.dialect?.name, 'postgres');
    assert.equal(conn.dialect?.label, postgres.label);
    assert.deepEqual(await sdk.ok(sdk.connection_databases('reporting')), ['reports']);
    assert.deepEqual((await sdk.ok(sdk.connection_schemas({ connection_name: 'reporting' }))).map((s) => s.name), ['public']);
    assert.equal((await sdk.ok(sdk.connection_features('reporting'))).dialect_name, 'postgres');
    await sdk.ok(sdk.delete_connection('reporting'));
    assert.equal((await sdk.connection('reporting')).ok, false);
  });

  test('LookML models: a created one is listed and read; a known one can be configured and deleted', async () => {
    const { sdk } = t();
    await sdk.ok(sdk.create_lookml_model({ name: 'finance_sandbox', project_name: 'sales', allowed_db_connection_names: ['crm'] }));
    const read = await sdk.ok(sdk.lookml_model('finance_sandbox'));
    assert.deepEqual([read.project_name, read.allowed_db_connection_names, read.explores], ['sales', ['crm'], []]);
    assert.ok((await sdk.ok(sdk.all_lookml_models({}))).some((m) => m.name === 'finance_sandbox'));

    const configured = await sdk.ok(sdk.update_lookml_model('sales', { allowed_db_connection_names: ['crm', 'warehouse'] }));
    assert.deepEqual(configured.allowed_db_connection_names, ['crm', 'warehouse']);
    const sales = await sdk.ok(sdk.lookml_model('sales'));
    assert.deepEqual(sales.allowed_db_connection_names, ['crm', 'warehouse']);
    assert.ok(sales.explores!.length > 0, 'its explores stay');

    await sdk.ok(sdk.delete_lookml_model('finance_sandbox'));
    assert.equal((await sdk.lookml_model('finance_sandbox')).ok, false);
    assert.ok(!(await sdk.ok(sdk.all_lookml_models({}))).some((m) => m.name === 'finance_sandbox'));
  });

  test('datagroups: listed per model, and a change reads back', async () => {
    const { sdk } = t();
    const [first] = await sdk.ok(sdk.all_datagroups());
    assert.match(first.name!, /_default_datagroup$/);
    await sdk.ok(sdk.update_datagroup(first.id!, { stale_before: 1_796_000_000 }));
    assert.equal((await sdk.ok(sdk.datagroup(first.id!))).stale_before, 1_796_000_000);
  });

  test('workspaces: production and dev, each with the projects', async () => {
    const { sdk } = t();
    const workspaces = await sdk.ok(sdk.all_workspaces());
    assert.deepEqual(workspaces.map((w) => w.id).sort(), ['dev', 'production']);
    const dev = await sdk.ok(sdk.workspace('dev'));
    assert.ok(dev.projects!.some((p) => p.id === 'sales'));
    assert.equal((await sdk.workspace('staging')).ok, false);
  });
});

describe('groups and users', () => {
  test('a group added to a group is listed there, with its name; groups search with roles and hierarchy', async () => {
    const { sdk } = t();
    const parent = await sdk.ok(sdk.create_group({ name: 'All Analysts' }));
    const finance = (await sdk.ok(sdk.search_groups({ name: 'Finance' })))[0];
    const added = await sdk.ok(sdk.add_group_group(parent.id!, { group_id: finance.id! }));
    assert.deepEqual([added.id, added.name], [finance.id, 'Finance']);
    assert.deepEqual((await sdk.ok(sdk.all_group_groups(parent.id!))).map((g) => g.name), ['Finance']);
    assert.equal((await sdk.add_group_group(parent.id!, { group_id: '999999' })).ok, false);

    const role = await sdk.ok(sdk.create_role({ name: 'Finance reader', permission_set_id: '3', model_set_id: '3' }));
    await sdk.ok(sdk.set_role_groups(role.id!, [finance.id!]));
    const [withRoles] = await sdk.ok(sdk.search_groups_with_roles({ name: 'Finance' }));
    assert.equal(withRoles.id, finance.id);
    assert.ok(withRoles.roles!.some((r) => r.name === 'Finance reader'));
    const [withHierarchy] = await sdk.ok(sdk.search_groups_with_hierarchy({ name: 'Finance' }));
    assert.deepEqual(withHierarchy.parent_group_ids, [parent.id]);
    assert.ok(withHierarchy.role_ids!.includes(role.id!));

    await sdk.ok(sdk.delete_group_from_group(parent.id!, finance.id!));
    assert.deepEqual(await sdk.ok(sdk.all_group_groups(parent.id!)), []);
  });

  test('wipeout_user_emails changes the email of a disabled user; an embed user is a real user', async () => {
    const { sdk } = t();
    const user = await sdk.ok(sdk.create_user({ first_name: 'Wipe', last_name: 'Out' }));
    await sdk.ok(sdk.create_user_credentials_email(user.id!, { email: 'wipe.out@lookerflow.example' }));
    const refused = await sdkError(sdk.wipeout_user_emails(user.id!, { email: 'gone@lookerflow.example' }));
    assert.match(refused.errors![0].message, /disabled/);
    await sdk.ok(sdk.update_user(user.id!, { is_disabled: true }));
    const changed = await sdk.ok(sdk.wipeout_user_emails(user.id!, { email: 'gone@lookerflow.example' }));
    assert.equal(changed.id, user.id);
    assert.equal(changed.email, 'gone@lookerflow.example');
    assert.equal((await sdk.ok(sdk.user(user.id!))).credentials_email?.email, 'gone@lookerflow.example');

    const embed = await sdk.ok(sdk.create_embed_user({ external_user_id: 'partner-42' }));
    assert.match(embed.id!, /^\d+$/);
    const full = await sdk.ok(sdk.user(embed.id!));
    assert.equal(full.credentials_embed![0].external_user_id, 'partner-42');
    assert.ok((await sdk.ok(sdk.search_users({ embed_user: true }))).some((u) => u.id === embed.id));
    // Taking the user out of a group removes the membership, not what the user owns.
    await sdk.ok(sdk.add_group_user('3', { user_id: embed.id! }));
    await sdk.ok(sdk.delete_group_user('3', embed.id!));
    assert.equal((await sdk.ok(sdk.all_user_credentials_embeds(embed.id!))).length, 1);
  });

  test('a service account is a user marked as one, with API credentials of its own', async () => {
    const { sdk } = t();
    const account = await sdk.ok(sdk.create_service_account({ service_account_name: 'nightly-export' }));
    assert.deepEqual([account.service_account_name, account.is_service_account, account.is_disabled], ['nightly-export', true, false]);
    await sdk.ok(sdk.create_user_credentials_api3(account.id!));
    assert.equal((await sdk.ok(sdk.update_service_account(account.id!, { is_disabled: true }))).credentials_api3!.length, 1);
    assert.equal((await sdk.ok(sdk.user(account.id!))).is_service_account, true);
    assert.deepEqual((await sdk.ok(sdk.search_users({ is_service_account: true }))).map((u) => u.id), [account.id]);
    assert.equal((await sdk.update_service_account('1', { is_disabled: true })).ok, false, 'a regular user is not a service account');
    await sdk.ok(sdk.delete_service_account(account.id!));
    assert.equal((await sdk.user(account.id!)).ok, false);
  });

  test('search_credentials_email finds users by their email', async () => {
    const { sdk } = t();
    const found = await sdk.ok(sdk.search_credentials_email({ email: 'admin@%' }));
    assert.deepEqual(found.map((c) => c.email), ['admin@lookerflow.example']);
    assert.equal(found[0].user_id, (await sdk.ok(sdk.me())).id);
  });
});

describe('user attributes and URL-encoded queries', () => {
  test('group values of a user attribute: set as a ranked list, changed, removed; members without their own value get the best-ranked one', async () => {
    const { sdk } = t();
    const attribute = await sdk.ok(sdk.create_user_attribute({ name: 'region', label: 'Region', type: 'string', default_value: 'global' }));
    const [finance, marketing] = [(await sdk.ok(sdk.search_groups({ name: 'Finance' })))[0], (await sdk.ok(sdk.search_groups({ name: 'Marketing' })))[0]];
    const member = await sdk.ok(sdk.create_user({ first_name: 'Region', last_name: 'Member' }));
    await sdk.ok(sdk.add_group_user(finance.id!, { user_id: member.id! }));
    await sdk.ok(sdk.add_group_user(marketing.id!, { user_id: member.id! }));
    const set = await sdk.ok(sdk.set_user_attribute_group_values(attribute.id!, [{ group_id: marketing.id!, value: 'emea' }, { group_id: finance.id!, value: 'us' }]));
    assert.deepEqual(set.map((v) => [v.group_id, v.value, v.rank]), [[marketing.id, 'emea', 1], [finance.id, 'us', 2]]);
    const valueOf = async () => (await sdk.ok(sdk.user_attribute_user_values({ user_id: member.id!, user_attribute_ids: new DelimArray([attribute.id!]) })))[0];
    assert.deepEqual([(await valueOf()).value, (await valueOf()).source], ['emea', 'group']);
    await sdk.ok(sdk.update_user_attribute_group_value(marketing.id!, attribute.id!, { value: 'apac' }));
    assert.equal((await valueOf()).value, 'apac');
    await sdk.ok(sdk.delete_user_attribute_group_value(marketing.id!, attribute.id!));
    assert.equal((await valueOf()).value, 'us');
    assert.deepEqual((await sdk.ok(sdk.all_user_attribute_group_values(attribute.id!))).map((v) => v.group_id), [finance.id]);
    await sdk.ok(sdk.set_user_attribute_user_value(member.id!, attribute.id!, { value: 'mine' }));
    assert.deepEqual([(await valueOf()).value, (await valueOf()).source], ['mine', 'user']);
  });

  test('run_url_encoded_query runs the query its URL describes (fields, f[...], sorts, limit)', async () => {
    const { emu } = t();
    const token = await loginToken(emu);
    const url = `${emu.baseUrl}/api/4.0/queries/models/ecommerce/views/order_items/run/json?fields=products.category,order_items.count&f[products.category]=S%25&sorts=products.category&limit=3`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const rows = (await res.json()) as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => r['products.category']), ['Shorts', 'Sleep & Lounge', 'Socks']);
  });
});

describe('instance settings', () => {
  test('help resources, support access and a forced password reset for everyone read back', async () => {
    const { sdk } = t();
    assert.equal((await sdk.ok(sdk.update_internal_help_resources({ enabled: true }))).enabled, true);
    assert.equal((await sdk.ok(sdk.internal_help_resources())).enabled, true);
    const opened = await sdk.ok(sdk.enable_support_access({ duration_in_seconds: 3600 }));
    assert.equal(opened.open, true);
    assert.equal((await sdk.ok(sdk.support_access_status())).open, true);
    assert.ok(new Date(opened.open_until!).getTime() > Date.now());
    await sdk.ok(sdk.disable_support_access());
    assert.equal((await sdk.ok(sdk.support_access_status())).open, false);
    await sdk.ok(sdk.force_password_reset_at_next_login_for_all_users());
    assert.equal((await sdk.ok(sdk.user_credentials_email('5'))).forced_password_reset_at_next_login, true);
  });
});

describe('SQL Runner', () => {
  test('a SQL query shows its connection; running it counts the run and answers rows in the asked format', async () => {
    const { sdk } = t();
    const query = await sdk.ok(sdk.create_sql_query({ connection_name: 'warehouse', sql: "select 1 as one, 'a' as letter" }));
    assert.equal(query.connection?.name, 'warehouse');
    assert.deepEqual(await sdk.ok(sdk.run_sql_query(query.slug!, 'json')), [{ one: 1, letter: 'a' }]);
    assert.equal(await sdk.ok(sdk.run_sql_query(query.slug!, 'csv')), 'one,letter\n1,a\n');
    assert.equal((await sdk.ok(sdk.sql_query(query.slug!))).run_count, 2);
    const onTable = await sdk.ok(sdk.create_sql_query({ model_name: 'ecommerce', sql: 'select * from order_items' }));
    assert.equal(onTable.connection?.name, 'warehouse', "a model's connection");
    assert.deepEqual(await sdk.ok(sdk.run_sql_query(onTable.slug!, 'json')), []);
    const refused = await sdkError(sdk.create_sql_query({ connection_name: 'nope', sql: 'select 1' }));
    assert.deepEqual(refused.errors!.map((e) => e.field), ['connection_name']);
  });
});

describe('dashboards and LookML', () => {
  test('a dashboard exported as LookML imports as a new dashboard readable like any other', async () => {
    const { sdk } = t();
    const exported = await sdk.ok(sdk.dashboard_lookml(DEMO_IDS.dauDashboard));
    assert.match(exported.lookml!, /- dashboard: daily_active_users\n\s+title: Daily Active Users/);
    const imported = await sdk.ok(sdk.import_dashboard_from_lookml({ folder_id: '4', lookml: exported.lookml! }));
    assert.notEqual(imported.id, DEMO_IDS.dauDashboard);
    const read = await sdk.ok(sdk.dashboard(imported.id!));
    assert.deepEqual([read.title, read.folder_id], ['Daily Active Users', '4']);
    const original = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
    const tiles = (d: typeof read) => d.dashboard_elements!.map((e) => [e.title, e.query?.model, e.query?.view, e.query?.fields, e.query?.filters ?? {}]);
    assert.deepEqual(tiles(read), tiles(original));
    const refused = await sdkError(sdk.import_dashboard_from_lookml({ folder_id: '4', lookml: 'not lookml' }));
    assert.deepEqual(refused.errors!.map((e) => e.field), ['lookml']);
    assert.match(refused.errors![0].message, /LookML/);
  });

  test('a LookML dashboard is found by search, imported as a linked copy, and a sync restores the copy', async () => {
    const { sdk } = t();
    const found = await sdk.ok(sdk.search_lookml_dashboards({ title: '%overview%' }));
    assert.equal(found.dashboard_id, 'ecommerce::overview');
    assert.match(found.lookml!, /^- dashboard: /);
    const copy = await sdk.ok(sdk.import_lookml_dashboard('ecommerce::overview', '4'));
    assert.equal(copy.lookml_link_id, 'ecommerce::overview');
    const source = await sdk.ok(sdk.dashboard('ecommerce::overview'));
    assert.deepEqual([copy.title, copy.dashboard_elements!.length], [source.title, source.dashboard_elements!.length]);
    await sdk.ok(sdk.update_dashboard(copy.id!, { title: 'Changed by hand' }));
    await sdk.ok(sdk.create_dashboard_element({ body: { dashboard_id: copy.id!, type: 'text', title: 'Added by hand', body_text: 'x' } }));
    assert.deepEqual(await sdk.ok(sdk.sync_lookml_dashboard({ lookml_dashboard_id: 'ecommerce::overview' })), [Number(copy.id)]);
    const synced = await sdk.ok(sdk.dashboard(copy.id!));
    assert.deepEqual([synced.title, synced.dashboard_elements!.length], [source.title, source.dashboard_elements!.length]);
    assert.equal((await sdk.import_lookml_dashboard(DEMO_IDS.dauDashboard, '4')).ok, false, 'a user-defined dashboard is not a LookML one');
  });

  test('a dashboard carries the layouts dashboard_dashboard_layouts lists; a tile made with an inline query gets that query', async () => {
    const { sdk } = t();
    const dashboard = await sdk.ok(sdk.create_dashboard({ title: 'Built by a script', folder_id: '3' }));
    const tile = await sdk.ok(sdk.create_dashboard_element({ body: { dashboard_id: dashboard.id!, type: 'looker_column', title: 'Orders', query: { model: 'ecommerce', view: 'order_items', fields: ['order_items.count'] } } }));
    assert.deepEqual(tile.query?.fields, ['order_items.count']);
    assert.equal(tile.query_id, tile.query?.id);
    const read = await sdk.ok(sdk.dashboard(dashboard.id!));
    const layouts = await sdk.ok(sdk.dashboard_dashboard_layouts(dashboard.id!));
    assert.deepEqual(read.dashboard_layouts!.map((l) => l.id), layouts.map((l) => l.id));
    assert.deepEqual(read.dashboard_layouts![0].dashboard_layout_components!.map((c) => c.dashboard_element_id), [tile.id]);
  });

  test('a dashboard filter state sent as a JSON string is saved', async () => {
    const { sdk } = t();
    const state = JSON.stringify({ 'order_items.created_date': '7 days' });
    const result = await sdk.create_dashboard_filter_state(state);
    assert.equal(result.ok, true, JSON.stringify(result));
    const guid = result.ok ? (result.value as unknown as string) : '';
    assert.equal(await sdk.ok(sdk.dashboard_filter_state(guid)), state);
  });

  test('a favorite of a dashboard names that dashboard', async () => {
    const { sdk } = t();
    const dashboard = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
    const favorite = await sdk.ok(sdk.create_content_favorite({ user_id: (await sdk.ok(sdk.me())).id!, content_metadata_id: dashboard.content_metadata_id! }));
    assert.equal(favorite.dashboard_id, dashboard.id);
    assert.equal(favorite.dashboard?.title, 'Daily Active Users');
    assert.equal(favorite.look_id, null);
  });
});
