/** LookML metadata, queries, query tasks, render tasks and the demo seed scenarios. */
import { ResultFormat } from '@looker/sdk';
import { DelimArray } from '@looker/sdk-rtl';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { waitFor } from '../scripts/wait-for';
import { api, loginToken, sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();

const revenueByCategory = { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.total_revenue'], sorts: ['order_items.total_revenue desc'] };

describe('LookML metadata', () => {
  test('models, explores and fields with names, labels, types and categories', async () => {
    const { sdk } = t();
    const models = await sdk.ok(sdk.all_lookml_models({}));
    assert.deepEqual(models.map((m) => m.name).sort(), ['ecommerce', 'product_analytics', 'sales', 'system__activity']);
    for (const model of models) {
      for (const nav of model.explores!) {
        const explore = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: model.name!, explore_name: nav.name! }));
        assert.ok(explore.fields!.dimensions!.length > 0, `${model.name}::${nav.name} has dimensions`);
      }
    }
    const orderItems = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: 'ecommerce', explore_name: 'order_items' }));
    const revenue = orderItems.fields!.measures!.find((f) => f.name === 'order_items.total_revenue')!;
    assert.equal(revenue.label, 'Order Items Total Revenue');
    assert.equal(revenue.label_short, 'Total Revenue');
    assert.equal(revenue.view, 'order_items');
    assert.equal(revenue.category, 'measure');
    assert.ok(orderItems.fields!.dimensions!.some((f) => f.name === 'products.category'));
    assert.equal((await sdkError(sdk.lookml_model('nope'))).message.includes('nope'), true);
  });
});

describe('queries', () => {
  test('create_query returns the existing id for an identical query', async () => {
    const { sdk } = t();
    const first = await sdk.ok(sdk.create_query(revenueByCategory));
    const second = await sdk.ok(sdk.create_query({ ...revenueByCategory }));
    assert.equal(second.id, first.id);
    const other = await sdk.ok(sdk.create_query({ ...revenueByCategory, limit: '5' }));
    assert.notEqual(other.id, first.id);
    assert.equal((await sdk.ok(sdk.query_for_slug(first.slug!))).id, first.id);
  });

  test('revenue by category: deterministic, some categories above 100k and some below', async () => {
    const { sdk } = t();
    const rows = (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body: revenueByCategory }))) as unknown as Record<string, number>[];
    assert.equal(rows.length, 12);
    const revenues = rows.map((r) => r['order_items.total_revenue']);
    assert.ok(revenues.some((r) => r > 100_000) && revenues.some((r) => r < 100_000));
    assert.deepEqual([...revenues].sort((a, b) => b - a), revenues, 'sorted desc');
    const again = await sdk.ok(sdk.run_inline_query({ result_format: 'json', body: revenueByCategory }));
    assert.deepEqual(again, rows);
  });

  test('filters (>N, N to M, lists, wildcards), limit as a string, sorts', async () => {
    const { sdk } = t();
    const run = async (filters: Record<string, string>, extra = {}) =>
      (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body: { ...revenueByCategory, filters, ...extra } }))) as unknown as Record<string, any>[];
    assert.ok((await run({ 'order_items.total_revenue': '>100000' })).every((r) => r['order_items.total_revenue'] > 100000));
    assert.ok((await run({ 'order_items.total_revenue': '50000 to 150000' })).every((r) => r['order_items.total_revenue'] >= 50000 && r['order_items.total_revenue'] <= 150000));
    assert.deepEqual((await run({ 'products.category': 'Jeans,Swim' })).map((r) => r['products.category']).sort(), ['Jeans', 'Swim']);
    assert.deepEqual((await run({ 'products.category': 'S%' })).map((r) => r['products.category']).sort(), ['Shorts', 'Sleep & Lounge', 'Socks', 'Suits', 'Sweaters', 'Swim']);
    assert.equal((await run({}, { limit: '3' })).length, 3);
    const byName = await run({}, { sorts: ['products.category'] });
    assert.equal(byName[0]['products.category'], 'Accessories');
  });

  test('text formats: csv, md, txt, sql, json_detail', async () => {
    const { sdk } = t();
    const query = await sdk.ok(sdk.create_query({ ...revenueByCategory, limit: '2' }));
    const csv = await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'csv' }));
    assert.match(String(csv), /^Products Category,Order Items Total Revenue\n/);
    assert.equal(String(csv).trim().split('\n').length, 3);
    assert.match(String(await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'md' }))), /^\| Products Category \| Order Items Total Revenue \|/);
    assert.match(String(await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'txt' }))), /\t/);
    assert.match(String(await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'sql' }))), /SELECT/);
    const detail = (await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'json_detail' }))) as any;
    assert.equal(detail.fields.measures[0].name, 'order_items.total_revenue');
    assert.equal(typeof detail.data[0]['order_items.total_revenue'].value, 'number');
  });

  test('an unknown field is a 400 naming the field', async () => {
    const error = await sdkError(t().sdk.run_inline_query({ result_format: 'json', body: { model: 'ecommerce', view: 'order_items', fields: ['order_items.nope'] } }));
    assert.match(error.message, /Unknown field "order_items\.nope"/);
    assert.match(error.documentation_url, /\/400\//);
  });
});

describe('query tasks', () => {
  test('added -> complete; results 202 (no JSON content type) then 200; multi_results', async () => {
    const { sdk, emu } = t();
    emu.admin.configure({ queryDurationMs: 400 });
    try {
      const query = await sdk.ok(sdk.create_query(revenueByCategory));
      const task = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.json, source: 'test-suite' } }));
      assert.equal(task.status, 'added');
      const token = await loginToken(emu);
      const pending = await api(emu, 'GET', `/query_tasks/${task.id}/results`, token);
      assert.equal(pending.status, 202);
      assert.equal(pending.headers.get('content-type'), null);
      assert.equal(await pending.text(), '');
      const multiPending = await sdk.ok(sdk.query_task_multi_results(new DelimArray([task.id!])));
      assert.ok(['added', 'running'].includes((multiPending as any)[task.id!].status));
      await waitFor('query task to complete', async () => (await sdk.ok(sdk.query_task(task.id!))).status === 'complete' || undefined);
      const rows = (await sdk.ok(sdk.query_task_results(task.id!))) as unknown as unknown[];
      assert.equal(rows.length, 12);
      const multi = (await sdk.ok(sdk.query_task_multi_results(new DelimArray([task.id!])))) as any;
      assert.equal(multi[task.id!].status, 'complete');
      assert.equal(multi[task.id!].data.length, 12);
    } finally {
      emu.admin.configure({ queryDurationMs: 60 });
    }
  });

  test('a task on a query with an unknown field ends in error', async () => {
    const { sdk } = t();
    const query = await sdk.ok(sdk.create_query({ model: 'ecommerce', view: 'order_items', fields: ['order_items.bogus'] }));
    const task = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.json } }));
    await waitFor('query task to error', async () => (await sdk.ok(sdk.query_task(task.id!))).status === 'error' || undefined);
    const multi = (await sdk.ok(sdk.query_task_multi_results(new DelimArray([task.id!])))) as any;
    assert.match(multi[task.id!].errors[0].message, /order_items\.bogus/);
  });

  test('kill_query kills a running task (204) and queued tasks wait for the concurrency cap', async () => {
    const { sdk, emu } = t();
    emu.admin.configure({ queryDurationMs: 5000, maxConcurrentQueriesPerUser: 1 });
    try {
      const query = await sdk.ok(sdk.create_query(revenueByCategory));
      const first = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.json } }));
      const second = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.json } }));
      await waitFor('first task to run', async () => (await sdk.ok(sdk.query_task(first.id!))).status === 'running' || undefined);
      assert.equal((await sdk.ok(sdk.query_task(second.id!))).status, 'added', 'second waits for a free slot');
      const kill = await api(emu, 'DELETE', `/running_queries/${first.id}`, await loginToken(emu));
      assert.equal(kill.status, 204);
      assert.equal(kill.headers.get('content-type'), null);
      assert.equal((await sdk.ok(sdk.query_task(first.id!))).status, 'killed');
      await sdk.ok(sdk.kill_query(second.id!));
    } finally {
      emu.admin.configure({ queryDurationMs: 60, maxConcurrentQueriesPerUser: 15 });
    }
  });

  test('results expire after the configured time (404)', async () => {
    const { sdk, emu } = t();
    emu.admin.configure({ queryResultTtlMs: 50 });
    try {
      const query = await sdk.ok(sdk.create_query(revenueByCategory));
      const task = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.csv } }));
      await waitFor('results to expire', async () => (await sdk.ok(sdk.query_task(task.id!))).status === 'expired' || undefined);
      const res = await api(emu, 'GET', `/query_tasks/${task.id}/results`, await loginToken(emu));
      assert.equal(res.status, 404);
    } finally {
      emu.admin.configure({ queryResultTtlMs: 600_000 });
    }
  });
});

describe('render tasks', () => {
  const waitForSuccess = (id: string) =>
    waitFor('render to finish', async () => {
      const { status } = await t().sdk.ok(t().sdk.render_task(id));
      return status === 'success' || status === 'failure' ? status : undefined;
    });

  test('dashboard PDF: 202 with Retry-After while rendering, then a valid PDF', async () => {
    const { sdk, emu } = t();
    const task = await sdk.ok(sdk.create_dashboard_render_task({ dashboard_id: DEMO_IDS.boardDashboard, result_format: 'pdf', width: 1280, height: 800, body: { dashboard_style: 'tiled' } }));
    assert.equal(task.status, 'enqueued_for_query');
    const token = await loginToken(emu);
    const early = await api(emu, 'GET', `/render_tasks/${task.id}/results`, token);
    assert.equal(early.status, 202);
    assert.ok(Number(early.headers.get('retry-after')) >= 1);
    assert.equal(early.headers.get('content-type'), null);
    assert.equal(await waitForSuccess(task.id!), 'success');
    const res = await api(emu, 'GET', `/render_tasks/${task.id}/results`, token);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    assert.match(pdf, /^%PDF-1\.4/);
    assert.match(pdf, /Q4 Board Financials/);
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    assert.equal(pdf.slice(xref, xref + 4), 'xref');
    assert.match(pdf, /%%EOF\n$/);
  });

  test('look PNG and tile JPG are valid images of the requested size', async () => {
    const { sdk, emu } = t();
    const png = await sdk.ok(sdk.create_look_render_task(DEMO_IDS.revenueLook, 'png', 64, 48));
    await waitForSuccess(png.id!);
    const pngRes = await api(emu, 'GET', `/render_tasks/${png.id}/results`, await loginToken(emu));
    assert.equal(pngRes.headers.get('content-type'), 'image/png');
    const pngBytes = Buffer.from(await pngRes.arrayBuffer());
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(pngBytes.readUInt32BE(16), 64);
    assert.equal(pngBytes.readUInt32BE(20), 48);
    const idatLength = pngBytes.readUInt32BE(33);
    assert.equal(inflateSync(pngBytes.subarray(41, 41 + idatLength)).length, 48 * (1 + 64 * 3));

    const dashboard = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
    const jpg = await sdk.ok(sdk.create_dashboard_element_render_task(dashboard.dashboard_elements![0].id!, 'jpg', 100, 30));
    await waitForSuccess(jpg.id!);
    const jpgRes = await api(emu, 'GET', `/render_tasks/${jpg.id}/results`, await loginToken(emu));
    assert.equal(jpgRes.headers.get('content-type'), 'image/jpeg');
    const jpgBytes = Buffer.from(await jpgRes.arrayBuffer());
    assert.deepEqual([...jpgBytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.deepEqual([...jpgBytes.subarray(-2)], [0xff, 0xd9]);
    const sof = jpgBytes.indexOf(Buffer.from([0xff, 0xc0]));
    assert.equal(jpgBytes.readUInt16BE(sof + 5), 30);
    assert.equal(jpgBytes.readUInt16BE(sof + 7), 100);
  });

  test('width/height are required, unknown dashboards are 404, faults make renders fail', async () => {
    const { sdk, emu } = t();
    const missing = await api(emu, 'POST', `/render_tasks/dashboards/${DEMO_IDS.dauDashboard}/pdf?width=800`, await loginToken(emu), {});
    assert.equal(missing.status, 422);
    assert.equal(((await missing.json()) as any).errors[0].field, 'height');
    const ghost = await sdkError(sdk.create_dashboard_render_task({ dashboard_id: '999999', result_format: 'pdf', width: 800, height: 600, body: {} }));
    assert.match(ghost.documentation_url, /\/404\//);
    emu.admin.injectFault({ kind: 'render-failure', count: 1 });
    const task = await sdk.ok(sdk.create_query_render_task((await sdk.ok(sdk.create_query(revenueByCategory))).id!, 'png', 10, 10));
    assert.equal(await waitForSuccess(task.id!), 'failure');
  });
});

describe('demo seed scenarios', () => {
  test('the DAU dashboard has a DAU tile on a DAU measure', async () => {
    const { sdk } = t();
    const [dau] = await sdk.ok(sdk.search_dashboards({ title: 'Daily Active Users' }));
    assert.equal(dau.id, DEMO_IDS.dauDashboard);
    const tile = dau.dashboard_elements!.find((e) => e.title === 'DAU')!;
    assert.ok(tile.query!.fields!.includes('events.daily_active_users'));
    const rows = (await sdk.ok(sdk.run_query({ query_id: tile.query_id!, result_format: 'json' }))) as unknown as Record<string, number>[];
    assert.equal(rows.length, 30);
    assert.ok(rows.every((r) => r['events.daily_active_users'] > 0));
  });

  test('Q4 Board Financials sits in a folder with group-based access', async () => {
    const { sdk } = t();
    const [board] = await sdk.ok(sdk.search_dashboards({ title: 'Q4 Board Financials' }));
    const folder = await sdk.ok(sdk.folder(board.folder_id!));
    const meta = await sdk.ok(sdk.content_metadata(folder.content_metadata_id!));
    assert.equal(meta.inherits, false);
    const accesses = await sdk.ok(sdk.all_content_metadata_accesses(meta.id!));
    const groups = await sdk.ok(sdk.all_groups({}));
    const names = accesses.map((a) => `${groups.find((g) => g.id === a.group_id)?.name}:${a.permission_type}`).sort();
    assert.deepEqual(names, ['Admins:edit', 'Finance:view']);
  });

  test('at least two Customer Churn dashboards; ~50 users; one disabled user owns schedules', async () => {
    const { sdk } = t();
    assert.ok((await sdk.ok(sdk.search_dashboards({ title: '%customer churn%' }))).length >= 2);
    const users = await sdk.ok(sdk.all_users({}));
    assert.ok(users.length >= 45 && users.length <= 60);
    const disabled = await sdk.ok(sdk.search_users({ is_disabled: true }));
    assert.equal(disabled.length, 1);
    const plans = await sdk.ok(sdk.all_scheduled_plans({ all_users: true }));
    assert.ok(plans.filter((p) => p.user_id === disabled[0].id).length >= 2);
    assert.ok((await sdk.ok(sdk.search_dashboards({ limit: 500 }))).length >= 100);
  });

  test('stale content is found through system__activity content_usage, from real state', async () => {
    const { sdk } = t();
    const body = {
      model: 'system__activity',
      view: 'content_usage',
      fields: ['content_usage.content_title', 'content_usage.content_type', 'content_usage.last_accessed_date', 'content_usage.days_since_last_accessed', 'dashboard.id', 'look.id', 'dashboard.deleted_date', 'look.deleted_date'],
      filters: { 'content_usage.days_since_last_accessed': '>90', 'content_usage.content_type': 'dashboard,look' },
      limit: '5000',
    };
    const rows = (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body }))) as unknown as Record<string, any>[];
    assert.ok(rows.length > 20);
    assert.ok(rows.every((r) => r['content_usage.days_since_last_accessed'] > 90));
    assert.ok(rows.some((r) => r['dashboard.id'] === DEMO_IDS.staleDashboard));
    assert.ok(rows.some((r) => r['look.id'] !== null));
    assert.ok(!rows.some((r) => r['dashboard.id'] === DEMO_IDS.dauDashboard));
    assert.ok(rows.some((r) => String(r['dashboard.id']).includes('::')), 'LookML dashboards appear too');

    // Trashing one shows up in the next run: rows come from live state.
    const stale = rows.find((r) => r['dashboard.id'] && !String(r['dashboard.id']).includes('::') && !r['dashboard.deleted_date'])!;
    await sdk.ok(sdk.update_dashboard(stale['dashboard.id'], { deleted: true }));
    const after = (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body }))) as unknown as Record<string, any>[];
    assert.ok(after.find((r) => r['dashboard.id'] === stale['dashboard.id'])!['dashboard.deleted_date']);
  });
});
