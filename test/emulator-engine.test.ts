/** The real @looker/sdk against the emulator's spec-driven resource engine and the areas it opened. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CertificationStatus } from '@looker/sdk';
import { DEMO_IDS } from '../emulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../emulator/core/spec';
import { loadEngine } from '../emulator/engine';
import { coverage } from '../emulator/engine/coverage';
import { HANDLERS } from '../emulator/handlers';
import { api, loginToken, sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();

describe('seeded resources', () => {
  test('the demo seed has connections, projects, datagroups, two color collections and a board', async () => {
    const { sdk } = t();
    assert.deepEqual((await sdk.ok(sdk.all_connections())).map((c) => c.name).sort(), ['crm', 'events', 'looker', 'warehouse']);
    assert.deepEqual((await sdk.ok(sdk.all_projects())).map((p) => p.id).sort(), ['ecommerce', 'product_analytics', 'sales']);
    assert.ok((await sdk.ok(sdk.all_datagroups())).some((d) => d.name === 'ecommerce_default_datagroup'));
    assert.equal((await sdk.ok(sdk.all_color_collections())).length, 2);
    const [board] = await sdk.ok(sdk.all_boards());
    assert.equal(board.title, 'Executive Home');
    assert.equal(board.board_sections![0].board_items!.length, 2);
    assert.equal(board.board_sections![0].board_items![0].title, 'Daily Active Users');
  });
});

describe('generic resources', () => {
  test('boards: create fills every declared property, patch merges, search pages with Link and X-Total-Count, fields trims, delete removes the sections', async () => {
    const { sdk, emu } = t();
    const board = await sdk.ok(sdk.create_board({ title: 'Ops Home', description: 'for on-call' }));
    assert.match(board.id!, /^\d+$/);
    for (const key of ['can', 'content_metadata_id', 'created_at', 'deleted_at', 'board_sections', 'section_order', 'updated_at', 'user_id', 'primary_homepage']) assert.ok(key in board, key);
    assert.equal(board.user_id, (await sdk.ok(sdk.me())).id);
    const section = await sdk.ok(sdk.create_board_section({ board_id: board.id!, title: 'Incidents' }));
    const patched = await sdk.ok(sdk.update_board(board.id!, { description: 'for on-call engineers' }));
    assert.equal(patched.title, 'Ops Home');
    assert.equal(patched.description, 'for on-call engineers');
    assert.equal(patched.board_sections![0].id, section.id);

    const token = await loginToken(emu);
    const page = await api(emu, 'GET', '/boards/search?title=ops%25&limit=1&offset=0&fields=id,title', token);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-total-count'), '1');
    assert.match(page.headers.get('link') ?? '', /rel="first"/);
    assert.deepEqual(await page.json(), [{ id: board.id, title: 'Ops Home' }]);

    await sdk.ok(sdk.delete_board(board.id!));
    assert.equal((await sdk.board(board.id!)).ok, false);
    const gone = await sdkError(sdk.board_section(section.id!));
    assert.equal(gone.message, 'BoardSection not found');
  });

  test('a child under a parent that does not exist is a 404', async () => {
    const error = await sdkError(t().sdk.all_git_branches('no_such_project'));
    assert.match(error.documentation_url, /\/404\//);
  });
});

describe('themes and color collections', () => {
  test('validate_theme answers 422 with field errors for an unsafe font family, 204 for a valid theme', async () => {
    const { sdk } = t();
    const error = await sdkError(sdk.validate_theme({ name: 'brand', settings: { font_family: 'Arial;', background_color: '#fff' } }));
    assert.equal(error.message, 'Validation Failed');
    assert.deepEqual(error.errors!.map((e) => e.field), ['settings.font_family']);
    assert.equal((await sdk.validate_theme({ name: 'brand', settings: { font_family: 'Arial, sans-serif', background_color: '#ffffff' } })).ok, true);
    const refused = await sdkError(sdk.create_theme({ name: 'bad name', settings: { tile_background_color: 'not a color!' } }));
    assert.deepEqual(refused.errors!.map((e) => e.field).sort(), ['name', 'settings.tile_background_color']);
  });

  test('the default color collection can be read and changed; created collections are custom', async () => {
    const { sdk } = t();
    assert.equal((await sdk.ok(sdk.default_color_collection())).id, 'lookerflow-classic');
    assert.equal((await sdk.ok(sdk.set_default_color_collection('lookerflow-dark'))).label, 'Lookerflow Dark');
    assert.equal((await sdk.ok(sdk.default_color_collection())).id, 'lookerflow-dark');
    const custom = await sdk.ok(sdk.create_color_collection({ label: 'Brand', categoricalPalettes: [{ label: 'Brand', type: 'Categorical', colors: ['#112233'] }] }));
    assert.deepEqual((await sdk.ok(sdk.color_collections_custom())).map((c) => c.id), [custom.id]);
    assert.equal((await sdk.ok(sdk.color_collections_standard())).length, 2);
    await sdk.ok(sdk.set_default_color_collection('lookerflow-classic'));
    assert.equal((await sdk.ok(sdk.default_theme())).name, 'Looker');
  });
});

describe('roles, users and credentials', () => {
  test('roles are created from permission and model sets, assigned to groups and users, and deleting one removes its assignments', async () => {
    const { sdk } = t();
    const permissionSet = await sdk.ok(sdk.create_permission_set({ name: 'Analysts', permissions: ['access_data', 'see_looks', 'explore'] }));
    const modelSet = await sdk.ok(sdk.create_model_set({ name: 'Ecommerce only', models: ['ecommerce'] }));
    const role = await sdk.ok(sdk.create_role({ name: 'Analyst', permission_set_id: permissionSet.id!, model_set_id: modelSet.id! }));
    assert.deepEqual(role.permission_set!.permissions, ['access_data', 'see_looks', 'explore']);
    assert.deepEqual(role.model_set!.models, ['ecommerce']);

    const groups = await sdk.ok(sdk.set_role_groups(role.id!, ['3', '4']));
    assert.deepEqual(groups.map((g) => g.name), ['Finance', 'Marketing']);
    assert.deepEqual((await sdk.ok(sdk.role_groups(role.id!))).map((g) => g.id), ['3', '4']);
    const [person] = await sdk.ok(sdk.search_users({ first_name: 'Grace', limit: 1 }));
    const financeMember = await sdk.ok(sdk.create_user({ first_name: 'Fin', last_name: 'Member' }));
    await sdk.ok(sdk.add_group_user('3', { user_id: financeMember.id! }));
    assert.ok((await sdk.ok(sdk.user_roles({ user_id: financeMember.id! }))).some((r) => r.id === role.id), 'a role set on a group reaches its members');
    assert.deepEqual(await sdk.ok(sdk.user_roles({ user_id: financeMember.id!, direct_association_only: true })), []);
    await sdk.ok(sdk.set_role_users(role.id!, [person.id!]));
    assert.ok((await sdk.ok(sdk.user_roles({ user_id: person.id! }))).some((r) => r.id === role.id));
    assert.deepEqual((await sdk.ok(sdk.role_users({ role_id: role.id! }))).map((u) => u.id), [person.id]);

    await sdk.ok(sdk.delete_role(role.id!));
    assert.ok(!(await sdk.ok(sdk.user_roles({ user_id: person.id! }))).some((r) => r.id === role.id));
    assert.equal((await sdk.role_groups(role.id!)).ok, false);
  });

  test("a user's sessions are its live API tokens; deleting one logs that token out", async () => {
    const { sdk, emu } = t();
    const me = await sdk.ok(sdk.me());
    const token = await loginToken(emu);
    const sessions = await sdk.ok(sdk.all_user_sessions(me.id!));
    assert.ok(sessions.length >= 2);
    const newest = sessions.at(-1)!;
    assert.equal((await sdk.ok(sdk.user_session(me.id!, newest.id!))).credentials_type, 'api3');
    assert.equal((await api(emu, 'GET', '/user', token)).status, 200);
    await sdk.ok(sdk.delete_user_session(me.id!, newest.id!));
    assert.equal((await api(emu, 'GET', '/user', token)).status, 401);
  });

  test('search_users_names matches full names with wildcards', async () => {
    const found = await t().sdk.ok(t().sdk.search_users_names({ pattern: 'admin emu%' }));
    assert.deepEqual(found.map((u) => u.display_name), ['Admin Emulator']);
  });

  test('API credentials of a user: create shows the secret once, list, set the purpose, delete', async () => {
    const { sdk } = t();
    const user = await sdk.ok(sdk.create_user({ first_name: 'Cred', last_name: 'Holder' }));
    const created = await sdk.ok(sdk.create_user_credentials_api3(user.id!));
    assert.ok(created.client_secret);
    const listed = await sdk.ok(sdk.all_user_credentials_api3s(user.id!));
    assert.deepEqual(listed.map((c) => [c.id, 'client_secret' in c]), [[created.id, false]]);
    assert.equal((await sdk.ok(sdk.update_user_credentials_api3(user.id!, created.id!, { purpose: 'nightly export' }))).purpose, 'nightly export');
    assert.equal((await sdk.ok(sdk.user_credentials_api3(user.id!, created.id!))).purpose, 'nightly export');
    await sdk.ok(sdk.delete_user_credentials_api3(user.id!, created.id!));
    assert.deepEqual(await sdk.ok(sdk.all_user_credentials_api3s(user.id!)), []);
    assert.equal((await sdk.user_credentials_totp(user.id!)).ok, false, 'no TOTP credentials until created');
    await sdk.ok(sdk.create_user_credentials_totp(user.id!, {}));
    assert.equal((await sdk.ok(sdk.user_credentials_totp(user.id!))).type, null);
  });
});

describe('content', () => {
  test('search_content finds dashboards and looks by words; thumbnails come as SVG or PNG', async () => {
    const { sdk, emu } = t();
    const hits = await sdk.ok(sdk.search_content({ terms: 'revenue product', types: 'dashboard,look' }));
    assert.deepEqual(hits.map((h) => [h.type, h.content_id]).sort(), [['dashboard', DEMO_IDS.revenueDashboard], ['look', DEMO_IDS.revenueLook]]);
    const svg = await sdk.ok(sdk.content_thumbnail({ type: 'dashboard', resource_id: DEMO_IDS.dauDashboard }));
    assert.match(String(svg), /^<svg[^>]*>.*Daily Active Users/);
    const png = await fetch(`${emu.baseUrl}/api/4.0/content_thumbnail/look/${DEMO_IDS.revenueLook}?format=png&width=64&height=48`, { headers: { Authorization: `Bearer ${await loginToken(emu)}` } });
    assert.equal(png.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(bytes.readUInt32BE(16), 64);
    assert.equal((await sdk.content_thumbnail({ type: 'dashboard', resource_id: '999999' })).ok, false);
  });

  test('every dashboard has a layout with one component per tile', async () => {
    const { sdk } = t();
    const [layout] = await sdk.ok(sdk.dashboard_dashboard_layouts(DEMO_IDS.dauDashboard));
    assert.equal(layout.active, true);
    assert.equal(layout.dashboard_title, 'Daily Active Users');
    const elements = await sdk.ok(sdk.dashboard_dashboard_elements(DEMO_IDS.dauDashboard));
    assert.deepEqual(layout.dashboard_layout_components!.map((c) => c.dashboard_element_id), elements.map((e) => e.id));
    const component = layout.dashboard_layout_components![0];
    const moved = await sdk.ok(sdk.update_dashboard_layout_component(component.id!, { row: 12, width: 24 }));
    assert.deepEqual([moved.row, moved.width, moved.element_title], [12, 24, elements[0].title]);
  });

  test('a created dashboard, look and user carry every declared property, and properties sent come back', async () => {
    const { sdk } = t();
    const dashboard = await sdk.ok(sdk.create_dashboard({ title: 'Complete', folder_id: '3', background_color: '#123456', crossfilter_enabled: true }));
    assert.equal(dashboard.background_color, '#123456');
    assert.equal(dashboard.crossfilter_enabled, true);
    assert.equal((await sdk.ok(sdk.dashboard(dashboard.id!))).background_color, '#123456');
    const seeded = await sdk.ok(sdk.look(DEMO_IDS.revenueLook));
    const look = await sdk.ok(sdk.create_look({ title: 'Complete look', query_id: seeded.query_id!, folder_id: '3' }));
    const user = await sdk.ok(sdk.create_user({ first_name: 'Complete', last_name: 'User' }));
    const spec = loadSpec();
    // Dashboard 55, LookWithQuery 36 and User 41 declared properties, every one present.
    for (const [model, value] of [['Dashboard', dashboard], ['LookWithQuery', look], ['User', user], ['LookWithQuery', seeded], ['User', await sdk.ok(sdk.me())]] as const) {
      const missing = Object.keys(spec.schemas[model].properties as object).filter((k) => !(k in value));
      assert.deepEqual(missing, [], `${model} lacks ${missing.join(', ')}`);
    }
  });

  test('copy_dashboard copies tiles, filters and sent properties; certification is kept; folder children can be searched', async () => {
    const { sdk } = t();
    const source = await sdk.ok(sdk.create_dashboard({ title: 'To copy', folder_id: '3', background_color: '#abcdef' }));
    await sdk.ok(sdk.create_dashboard_element({ body: { dashboard_id: source.id!, type: 'text', title: 'Note', body_text: 'hello' } }));
    const copy = await sdk.ok(sdk.copy_dashboard(source.id!));
    assert.notEqual(copy.id, source.id);
    assert.equal(copy.title, 'To copy (copy)');
    assert.equal(copy.background_color, '#abcdef');
    assert.equal((await sdk.ok(sdk.dashboard_dashboard_elements(copy.id!))).length, 1);
    const elsewhere = await sdk.ok(sdk.copy_dashboard(source.id!, '4'));
    assert.deepEqual([elsewhere.title, elsewhere.folder_id], ['To copy', '4']);
    const look = await sdk.ok(sdk.copy_look(DEMO_IDS.revenueLook, '4'));
    assert.equal(look.query_id, (await sdk.ok(sdk.look(DEMO_IDS.revenueLook))).query_id);

    await sdk.ok(sdk.update_dashboard_certification(source.id!, { certification_status: CertificationStatus.certified, notes: 'checked' }));
    assert.equal((await sdk.ok(sdk.dashboard(source.id!))).certification_metadata?.certification_status, 'certified');
    const children = await sdk.ok(sdk.folder_children_search({ folder_id: '1', name: 'fin%' }));
    assert.deepEqual(children.map((f) => f.name), ['Finance']);
  });

  test('completing a response to its model leaves the stored record as it was', async () => {
    const { sdk, emu } = t();
    const [stored] = Object.values(emu.admin.state().alerts);
    const before = structuredClone(stored.destinations);
    const alert = await sdk.ok(sdk.get_alert(stored.id));
    assert.ok(alert.destinations!.every((d) => 'action_hub_integration_id' in d));
    assert.deepEqual(emu.admin.state().alerts[stored.id].destinations, before);
  });

  test('create_query accepts "filters": [] as no filters', async () => {
    const { emu } = t();
    const res = await api(emu, 'POST', '/queries', await loginToken(emu), { model: 'ecommerce', view: 'order_items', fields: ['order_items.count'], filters: [] });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { filters: unknown }).filters, {});
  });

  test('a crontab schedule has its next_run_at', async () => {
    const { sdk } = t();
    const plan = await sdk.ok(sdk.create_scheduled_plan({ name: 'Monday DAU', dashboard_id: DEMO_IDS.dauDashboard, crontab: '0 9 * * 1', timezone: 'America/New_York', scheduled_plan_destination: [{ type: 'email', format: 'wysiwyg_pdf', address: 'ops@lookerflow.example' }] }));
    const next = new Date(plan.next_run_at!);
    assert.ok(next.getTime() > Date.now());
    assert.equal(next.getUTCDay(), 1);
    assert.ok([13, 14].includes(next.getUTCHours()), `9:00 New York is 13:00 or 14:00 UTC, got ${next.toISOString()}`);
  });
});

describe('coverage', () => {
  test('no operation is left without behaviour, and the README table says how each is served', () => {
    const counts = coverage(loadSpec(), HANDLERS, loadEngine());
    assert.equal(counts.none, 0);
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const row = (label: string) => Number(new RegExp(`\\| ${label}[^|]*\\| (\\d+) \\|`).exec(readme)?.[1]);
    assert.deepEqual(
      [row('hand-written handlers'), row('engine, operation-specific'), row('engine, generic resource rules'), row('engine, generic action'), row('no behaviour')],
      [counts.handWritten, counts.engineSpecific, counts.engineResource, counts.engineAction, counts.none],
    );
  });
});

describe('versions and the spec document', () => {
  test('/versions answers at the server root without a token, and its swagger_url serves the spec', async () => {
    const { emu, sdk } = t();
    const root = await fetch(`${emu.baseUrl}/versions`);
    assert.equal(root.status, 200);
    const versions = (await root.json()) as { current_version: { swagger_url: string }; looker_release_version: string };
    const swagger = await fetch(versions.current_version.swagger_url);
    assert.equal(swagger.status, 200);
    const document = (await swagger.json()) as { openapi: string; paths: object };
    assert.ok(Object.keys(document.paths).length > 300);
    assert.equal(document.openapi, '3.0.0');
    const viaSdk = (await sdk.ok(sdk.api_spec('4.0', 'swagger'))) as unknown;
    const parsed = (typeof viaSdk === 'string' ? JSON.parse(viaSdk) : viaSdk) as { info: { version: string; 'x-looker-release-version': string } };
    assert.equal(parsed.info['x-looker-release-version'], versions.looker_release_version);
    assert.equal((await sdk.api_spec('3.1', 'swagger')).ok, false);
  });
});
