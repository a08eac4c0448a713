/** The real @looker/sdk against the emulator's admin areas: connections, projects, content validation, embedding, suggestions. */
import assert from 'node:assert/strict';
import { DelimArray } from '@looker/sdk-rtl';
import { describe, test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();

describe('connections and projects', () => {
  test('test_connection passes; tables and columns come from the LookML on that connection', async () => {
    const { sdk } = t();
    const results = await sdk.ok(sdk.test_connection('warehouse', new DelimArray(['connect', 'query'])));
    assert.deepEqual(results.map((r) => [r.name, r.status]), [['connect', 'success'], ['query', 'success']]);
    const [schema] = await sdk.ok(sdk.connection_tables({ connection_name: 'warehouse' }));
    assert.equal(schema.name, 'thelook');
    assert.ok(schema.tables!.some((table) => table.name === 'order_items'));
    const columns = await sdk.ok(sdk.connection_search_columns({ connection_name: 'warehouse', column_name: 'status' }));
    assert.ok(columns.some((c) => c.table_name === 'order_items' && c.column_name === 'status'));
    assert.equal((await sdk.test_connection('nope')).ok, false);
  });

  test('git branches: create checks out, git_branch shows the current one; validation results are cached', async () => {
    const { sdk } = t();
    assert.equal((await sdk.ok(sdk.git_branch('sales'))).name, 'main');
    await sdk.ok(sdk.create_git_branch('sales', { name: 'dev-fix', ref: 'main' }));
    assert.equal((await sdk.ok(sdk.git_branch('sales'))).name, 'dev-fix');
    assert.deepEqual((await sdk.ok(sdk.all_git_branches('sales'))).map((b) => b.name).sort(), ['dev-fix', 'main']);
    await sdk.ok(sdk.update_git_branch('sales', { name: 'main' }));
    assert.equal((await sdk.ok(sdk.git_branch('sales'))).name, 'main');
    const validation = await sdk.ok(sdk.validate_project('sales'));
    assert.deepEqual(validation.errors, []);
    const cached = await sdk.ok(sdk.project_validation_results('sales'));
    assert.equal(cached.project_digest, validation.project_digest);
    assert.equal(cached.stale, false);
    const tests = await sdk.ok(sdk.run_lookml_test({ project_id: 'sales' }));
    assert.ok(tests.length > 0 && tests.every((r) => r.success));
  });
});

describe('admin areas', () => {
  test('content_validation reports a look whose query names a field the LookML lacks', async () => {
    const { sdk } = t();
    const clean = await sdk.ok(sdk.content_validation({}));
    assert.ok(clean.total_looks_validated! > 0);
    const query = await sdk.ok(sdk.create_query({ model: 'ecommerce', view: 'order_items', fields: ['order_items.no_such_field'] }));
    const look = await sdk.ok(sdk.create_look({ title: 'Broken look', query_id: query.id!, folder_id: '3' }));
    const report = await sdk.ok(sdk.content_validation({}));
    const broken = report.content_with_errors!.find((c) => c.look?.id === look.id);
    assert.match(broken!.errors![0].message!, /Unknown field "order_items.no_such_field"/);
    assert.equal(report.content_with_errors!.length, clean.content_with_errors!.length + 1);
  });

  test('scheduled_plans_for_space lists the schedules of the folder\'s dashboards and looks', async () => {
    const { sdk } = t();
    const dashboard = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
    const plans = await sdk.ok(sdk.scheduled_plans_for_space(dashboard.folder_id!));
    assert.ok(plans.length > 0);
    assert.ok(plans.every((p) => p.dashboard_id === DEMO_IDS.dauDashboard || p.dashboard_id || p.look_id));
  });

  test('embed URLs are signed for /embed/ targets and refused for others', async () => {
    const { sdk, emu } = t();
    const { url } = await sdk.ok(sdk.create_sso_embed_url({ target_url: `${emu.baseUrl}/embed/dashboards/1`, external_user_id: 'ext-1', permissions: ['access_data'], models: ['ecommerce'] }));
    assert.match(url!, /\/login\/embed\/%2Fembed%2Fdashboards%2F1\?.*signature=/);
    const refused = await sdkError(sdk.create_sso_embed_url({ target_url: 'https://elsewhere.example/dashboards/1', external_user_id: 'ext-1' }));
    assert.deepEqual(refused.errors!.map((e) => e.field), ['target_url']);
  });

  test('field value suggestions come from the values the LookML knows', async () => {
    const { sdk } = t();
    const all = await sdk.ok(sdk.model_fieldname_suggestions({ model_name: 'ecommerce', view_name: 'order_items', field_name: 'order_items.status' }));
    assert.ok(all.suggestions!.length > 1);
    const some = await sdk.ok(sdk.model_fieldname_suggestions({ model_name: 'ecommerce', view_name: 'order_items', field_name: 'order_items.status', term: all.suggestions![0].slice(0, 3) }));
    assert.ok(some.suggestions!.includes(all.suggestions![0]));
    assert.equal((await sdk.model_fieldname_suggestions({ model_name: 'ecommerce', view_name: 'order_items', field_name: 'nope' })).ok, false);
  });

  test('permissions, the session workspace and legacy features are there', async () => {
    const { sdk } = t();
    assert.ok((await sdk.ok(sdk.all_permissions())).some((p) => p.permission === 'administer'));
    assert.equal((await sdk.ok(sdk.session())).workspace_id, 'production');
    assert.equal((await sdk.ok(sdk.update_session({ workspace_id: 'dev' }))).workspace_id, 'dev');
    await sdk.ok(sdk.update_session({ workspace_id: 'production' }));
    const feature = await sdk.ok(sdk.update_legacy_feature('2', { enabled_locally: false }));
    assert.equal(feature.enabled_locally, false);
  });
});
