/** The real @looker/sdk-node against the emulator: auth, users, groups, folders, content. */
import assert from 'node:assert/strict';
import { DelimArray } from '@looker/sdk-rtl';
import { describe, test } from 'node:test';
import { waitFor } from '../scripts/wait-for';
import { api, assertNoSpecMismatches, loginToken, makeSdk, sdkError, startTestEmulator, useTestEmulator } from './emulator-helpers';
import { DEMO_IDS } from '../emulator';

const t = useTestEmulator();

const statusOf = (error: { documentation_url: string }) => Number(/\/4\.0\/(\d{3})\//.exec(error.documentation_url)?.[1]);

describe('auth', () => {
  test('the SDK logs in and reads me() with API credentials', async () => {
    const me = await t().sdk.ok(t().sdk.me());
    assert.equal(me.first_name, 'Admin');
    assert.equal(me.credentials_api3?.[0].client_id, t().emu.clientId);
  });

  test('no token, a bad token and a revoked token all get 401 Requires authentication', async () => {
    const none = await api(t().emu, 'GET', '/user');
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { message: 'Requires authentication.', documentation_url: 'https://cloud.google.com/looker/docs/r/err/4.0/401/get/user' });
    assert.equal((await api(t().emu, 'GET', '/user', 'nope')).status, 401);
    const token = await loginToken(t().emu);
    const viaTokenScheme = await fetch(`${t().emu.baseUrl}/api/4.0/user`, { headers: { Authorization: `token ${token}` } });
    assert.equal(viaTokenScheme.status, 200);
    t().emu.admin.revokeTokens();
    assert.equal((await api(t().emu, 'GET', '/user', token)).status, 401);
    // The SDK only re-logs in by its own clock, so a revoked session must be reset by the caller.
    assert.equal((await t().sdk.me()).ok, false);
    t().sdk.authSession.reset();
    t().userSdk.authSession.reset();
  });

  test('bad credentials answer 404; logout answers 204 without a JSON content type', async () => {
    const bad = await fetch(`${t().emu.baseUrl}/api/4.0/login?client_id=x&client_secret=y`, { method: 'POST' });
    assert.equal(bad.status, 404);
    const token = await loginToken(t().emu);
    const out = await api(t().emu, 'DELETE', '/logout', token);
    assert.equal(out.status, 204);
    assert.equal(out.headers.get('content-type'), null);
    assert.equal((await api(t().emu, 'GET', '/user', token)).status, 401);
  });

  test('the SDK logs in again once its short-lived token expires', async () => {
    const short = await startTestEmulator({ seed: 'empty', tokenTtlSeconds: 1 });
    try {
      const first = await short.sdk.ok(short.sdk.me());
      const token = (await short.sdk.authSession.getToken()).access_token!;
      await waitFor('the token to expire', async () => (await api(short.emu, 'GET', '/user', token)).status === 401 || undefined, { timeoutMs: 4000 });
      const again = await short.sdk.ok(short.sdk.me());
      assert.equal(again.id, first.id);
      assert.ok((short.emu.admin.counters().byOperation.login ?? 0) >= 2);
      assertNoSpecMismatches(short.emu);
    } finally {
      await short.close();
    }
  });

  test('sudo works for the admin and is 403 for a non-admin', async () => {
    const target = (await t().sdk.ok(t().sdk.search_users({ first_name: 'Grace', limit: 1 })))[0];
    const token = await loginToken(t().emu);
    const sudo = await api(t().emu, 'POST', `/login/${target.id}`, token);
    assert.equal(sudo.status, 200);
    const sudoToken = ((await sudo.json()) as { access_token: string }).access_token;
    const me = (await (await api(t().emu, 'GET', '/user', sudoToken)).json()) as { id: string };
    assert.equal(me.id, target.id);
    const denied = await sdkError(t().userSdk.login_user(target.id!));
    assert.equal(statusOf(denied), 403);
  });

  test('versions needs no login and lists API 4.0', async () => {
    const res = await api(t().emu, 'GET', '/versions');
    const body = (await res.json()) as { current_version: { version: string }; supported_versions: { version: string }[] };
    assert.equal(body.current_version.version, '4.0');
    assert.ok(body.supported_versions.some((v) => v.version === '4.0'));
  });
});

describe('routing and errors', () => {
  test('an operation without a hand-written handler is served by the resource engine, not 501', async () => {
    const token = await loginToken(t().emu);
    const res = await api(t().emu, 'GET', '/boards', token);
    assert.equal(res.status, 200);
    const boards = (await res.json()) as { id: string; title: string }[];
    assert.ok(boards.some((b) => b.title === 'Executive Home'));
  });

  test('a known path with a method Looker does not serve answers 404, not 405', async () => {
    const res = await api(t().emu, 'PUT', '/user', await loginToken(t().emu), {});
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { message: string }).message, 'Not found');
  });

  test('an engine-served operation with a bad body answers 422 naming the field (validation comes before behaviour)', async () => {
    const res = await api(t().emu, 'POST', '/boards', await loginToken(t().emu), { title: 42 });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { message: string; errors: { field: string }[] };
    assert.deepEqual([body.message, body.errors.map((e) => e.field)], ['Validation Failed', ['title']]);
  });

  test('unknown paths answer 404 JSON Error', async () => {
    const res = await api(t().emu, 'GET', '/no/such/thing', await loginToken(t().emu));
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { message: string }).message, 'Not found');
  });

  test('malformed JSON is a 400, a schema violation a 422 ValidationError', async () => {
    const token = await loginToken(t().emu);
    const malformed = await fetch(`${t().emu.baseUrl}/api/4.0/groups`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{' });
    assert.equal(malformed.status, 400);
    const invalid = await api(t().emu, 'POST', '/users', token, { first_name: 42 });
    assert.equal(invalid.status, 422);
    const body = (await invalid.json()) as { message: string; errors: { field: string; code: string; documentation_url: string }[] };
    assert.equal(body.message, 'Validation Failed');
    assert.equal(body.errors[0].field, 'first_name');
    assert.match(body.errors[0].documentation_url, /\/422\/post\/users$/);
  });

  test('fields= trims responses, with spaces and nested selections', async () => {
    const user = await t().sdk.ok(t().sdk.me('id, first_name'));
    assert.deepEqual(Object.keys(user).sort(), ['first_name', 'id']);
    const dash = await t().sdk.ok(t().sdk.dashboard(DEMO_IDS.dauDashboard, 'id,title,dashboard_elements(id,title)'));
    assert.deepEqual(Object.keys(dash).sort(), ['dashboard_elements', 'id', 'title']);
    assert.deepEqual(Object.keys(dash.dashboard_elements![0]).sort(), ['id', 'title']);
  });
});

describe('users, credentials, roles, attributes, groups', () => {
  test('create, credentials email (409 on a taken email), reset link, roles, disable, delete', async () => {
    const { sdk } = t();
    const user = await sdk.ok(sdk.create_user({ first_name: 'Nina', last_name: 'New', locale: 'en' }));
    assert.ok(user.personal_folder_id);
    const creds = await sdk.ok(sdk.create_user_credentials_email(user.id!, { email: 'nina.new@lookerflow.example' }));
    assert.equal(creds.email, 'nina.new@lookerflow.example');
    const taken = await sdkError(sdk.create_user_credentials_email((await sdk.ok(sdk.create_user({ first_name: 'Other' }))).id!, { email: 'NINA.new@lookerflow.example' }));
    assert.equal(statusOf(taken), 409);
    const reset = await sdk.ok(sdk.send_user_credentials_email_password_reset(user.id!));
    assert.match(reset.password_reset_url!, /^http:\/\/.+\/password\/reset\//);
    const found = await sdk.ok(sdk.user_for_credential('email', 'nina.new@lookerflow.example'));
    assert.equal(found.id, user.id);

    const roles = await sdk.ok(sdk.all_roles({}));
    assert.deepEqual(['Admin', 'Developer', 'Viewer', 'User'].every((n) => roles.some((r) => r.name === n)), true);
    const viewer = roles.find((r) => r.name === 'Viewer')!;
    const set = await sdk.ok(sdk.set_user_roles(user.id!, [viewer.id!]));
    assert.deepEqual(set.map((r) => r.name), ['Viewer']);
    assert.deepEqual((await sdk.ok(sdk.user_roles({ user_id: user.id! }))).map((r) => r.id), [viewer.id]);
    const badRole = await sdkError(sdk.set_user_roles(user.id!, ['999']));
    assert.equal(statusOf(badRole), 422);

    const disabled = await sdk.ok(sdk.update_user(user.id!, { is_disabled: true }));
    assert.equal(disabled.is_disabled, true);
    const search = await sdk.ok(sdk.search_users({ email: 'nina.new@lookerflow.example', is_disabled: true }));
    assert.deepEqual(search.map((u) => u.id), [user.id]);

    await sdk.ok(sdk.delete_user_credentials_email(user.id!));
    assert.equal(statusOf(await sdkError(sdk.user_credentials_email(user.id!))), 404);
    await sdk.ok(sdk.delete_user(user.id!));
    assert.equal(statusOf(await sdkError(sdk.user(user.id!))), 404);
  });

  test('user attributes: create (409 on duplicate), set, list and delete a user value', async () => {
    const { sdk } = t();
    const attribute = await sdk.ok(sdk.create_user_attribute({ name: 'region', label: 'Region', type: 'string' }));
    assert.equal(statusOf(await sdkError(sdk.create_user_attribute({ name: 'region', label: 'Region', type: 'string' }))), 409);
    assert.ok((await sdk.ok(sdk.all_user_attributes({}))).some((a) => a.name === 'region'));
    const me = await sdk.ok(sdk.me());
    const value = await sdk.ok(sdk.set_user_attribute_user_value(me.id!, attribute.id!, { value: 'EMEA' }));
    assert.equal(value.value, 'EMEA');
    const values = await sdk.ok(sdk.user_attribute_user_values({ user_id: me.id!, user_attribute_ids: new DelimArray([attribute.id!]) }));
    assert.equal(values[0].value, 'EMEA');
    await sdk.ok(sdk.delete_user_attribute_user_value(me.id!, attribute.id!));
    assert.deepEqual(await sdk.ok(sdk.user_attribute_user_values({ user_id: me.id!, user_attribute_ids: new DelimArray([attribute.id!]) })), []);
  });

  test('groups: create (409 on duplicate name), add/list/remove users, search', async () => {
    const { sdk } = t();
    const group = await sdk.ok(sdk.create_group({ name: 'Data Stewards' }));
    assert.equal(statusOf(await sdkError(sdk.create_group({ name: 'data stewards' }))), 409);
    const me = await sdk.ok(sdk.me());
    await sdk.ok(sdk.add_group_user(group.id!, { user_id: me.id! }));
    assert.deepEqual((await sdk.ok(sdk.all_group_users({ group_id: group.id! }))).map((u) => u.id), [me.id]);
    assert.equal((await sdk.ok(sdk.group(group.id!))).user_count, 1);
    assert.equal((await sdk.ok(sdk.search_groups({ name: 'data%' })))[0].id, group.id);
    await sdk.ok(sdk.delete_group_user(group.id!, me.id!));
    assert.deepEqual(await sdk.ok(sdk.all_group_users({ group_id: group.id! })), []);
    assert.equal(statusOf(await sdkError(sdk.add_group_user(group.id!, { user_id: '99999' }))), 404);
  });
});

describe('folders, dashboards, elements, looks, content access', () => {
  test('folders: shared root 1, create, children, search, 422 on a missing parent', async () => {
    const { sdk } = t();
    const root = await sdk.ok(sdk.folder('1'));
    assert.equal(root.is_shared_root, true);
    const folder = await sdk.ok(sdk.create_folder({ name: 'Cleanup Staging', parent_id: '1' }));
    assert.ok((await sdk.ok(sdk.folder_children({ folder_id: '1' }))).some((f) => f.id === folder.id));
    assert.equal((await sdk.ok(sdk.search_folders({ name: 'cleanup staging' })))[0].id, folder.id);
    assert.equal(statusOf(await sdkError(sdk.create_folder({ name: 'x', parent_id: '999999' }))), 422);
  });

  test('dashboards: create, elements, soft delete / restore, move (must differ), 405 on LookML', async () => {
    const { sdk } = t();
    const folder = await sdk.ok(sdk.create_folder({ name: 'Dash Tests', parent_id: '1' }));
    const dash = await sdk.ok(sdk.create_dashboard({ title: 'Ops Board', folder_id: folder.id! }));
    const duplicateTitle = await sdk.ok(sdk.create_dashboard({ title: 'Ops Board', folder_id: folder.id! }));
    assert.notEqual(duplicateTitle.id, dash.id);
    const query = await sdk.ok(sdk.create_query({ model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.count'] }));
    const element = await sdk.ok(sdk.create_dashboard_element({ body: { dashboard_id: dash.id!, title: 'Orders', type: 'vis', query_id: query.id! } }));
    await sdk.ok(sdk.update_dashboard_element(element.id!, { title: 'Orders by category' }));
    const elements = await sdk.ok(sdk.dashboard_dashboard_elements(dash.id!));
    assert.deepEqual(elements.map((e) => e.title), ['Orders by category']);
    assert.deepEqual(await sdk.ok(sdk.dashboard_dashboard_filters(dash.id!)), []);

    const trashed = await sdk.ok(sdk.update_dashboard(dash.id!, { deleted: true }));
    assert.equal(trashed.deleted, true);
    assert.ok(trashed.deleted_at);
    const inTrash = await sdk.ok(sdk.search_dashboards({ id: dash.id!, deleted: 'true' }));
    assert.equal(inTrash.length, 1);
    assert.equal((await sdk.ok(sdk.search_dashboards({ id: dash.id! }))).length, 0);
    const restored = await sdk.ok(sdk.update_dashboard(dash.id!, { deleted: false }));
    assert.equal(restored.deleted, false);
    assert.equal(restored.deleted_at, null);

    assert.equal(statusOf(await sdkError(sdk.move_dashboard(dash.id!, folder.id!))), 422);
    const moved = await sdk.ok(sdk.move_dashboard(dash.id!, '1'));
    assert.equal(moved.folder_id, '1');
    assert.equal(moved.folder?.id, '1');

    await sdk.ok(sdk.delete_dashboard_element(element.id!));
    assert.deepEqual(await sdk.ok(sdk.dashboard_dashboard_elements(dash.id!)), []);
    assert.equal(statusOf(await sdkError(sdk.update_dashboard('ecommerce::overview', { deleted: true }))), 405);
    assert.equal(statusOf(await sdkError(sdk.dashboard('424242'))), 404);
  });

  test('looks: create, soft delete, search deleted, move', async () => {
    const { sdk } = t();
    const query = await sdk.ok(sdk.create_query({ model: 'sales', view: 'opportunities', fields: ['opportunities.stage', 'opportunities.count'] }));
    const look = await sdk.ok(sdk.create_look({ title: 'Stage counts', query_id: query.id!, folder_id: '1' }));
    assert.equal(look.query?.id, query.id);
    await sdk.ok(sdk.update_look(look.id!, { deleted: true }));
    assert.equal((await sdk.ok(sdk.search_looks({ id: look.id!, deleted: true }))).length, 1);
    await sdk.ok(sdk.update_look(look.id!, { deleted: false }));
    const folder = await sdk.ok(sdk.create_folder({ name: 'Looks Tests', parent_id: '1' }));
    const moved = await sdk.ok(sdk.move_look(look.id!, folder.id!));
    assert.equal(moved.folder_id, folder.id);
    assert.ok((await sdk.ok(sdk.folder_looks(folder.id!))).some((l) => l.id === look.id));
  });

  test('content metadata and access grants', async () => {
    const { sdk } = t();
    const folder = await sdk.ok(sdk.create_folder({ name: 'Restricted Tests', parent_id: '1' }));
    const meta = await sdk.ok(sdk.content_metadata(folder.content_metadata_id!));
    assert.equal(meta.folder_id, folder.id);
    const group = await sdk.ok(sdk.create_group({ name: 'Auditors' }));
    const access = await sdk.ok(sdk.create_content_metadata_access({ content_metadata_id: meta.id!, permission_type: 'view' as never, group_id: group.id! }));
    assert.equal(access.group_id, group.id);
    const accesses = await sdk.ok(sdk.all_content_metadata_accesses(meta.id!));
    assert.deepEqual(accesses.map((a) => a.group_id), [group.id]);
    const children = await sdk.ok(sdk.all_content_metadatas('1'.replace('1', (await sdk.ok(sdk.folder('1'))).content_metadata_id!)));
    assert.ok(children.some((c) => c.id === meta.id));
  });

  test('a second SDK user works side by side', async () => {
    const other = makeSdk(t().emu.baseUrl, t().emu.userClientId, t().emu.userClientSecret);
    const me = await other.ok(other.me());
    assert.equal(me.first_name, 'Api');
  });
});
