// findFieldUsages against the emulator's demo seed: every dashboard, Look, alert and schedule
// using a field, compared with what the emulator's state says.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { FindFieldUsagesResult } from '../contracts/find-field-usages';
import { findFieldUsagesJob } from '../jobs/find-field-usages';
import { makeSdk } from './emulator-helpers';
import { runParsedJob, schemaError, writeCalls } from './job-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
before(async () => {
  stack = await stackReady;
});

const run = (input: { field: string; model?: string }) => runParsedJob<typeof findFieldUsagesJob.input, FindFieldUsagesResult>(stack, findFieldUsagesJob, input);

/** What the emulator's state says uses `field`. */
function expected(field: string) {
  const state = stack.emulator.admin.state();
  const uses = (queryId: string | null | undefined) => {
    const q = queryId ? state.queries[queryId] : undefined;
    return Boolean(q && (q.fields.includes(field) || (q.filters && field in q.filters) || q.sorts.some((s) => s.split(' ')[0] === field) || q.pivots?.includes(field)));
  };
  const looks = Object.values(state.looks).filter((l) => !l.deleted && uses(l.query_id)).map((l) => l.id);
  const dashboards = Object.values(state.dashboards)
    .filter((d) => !d.deleted && Object.values(state.dashboard_elements).some((e) => e.dashboard_id === d.id && (uses(e.query_id) || (e.look_id && uses(state.looks[e.look_id]?.query_id)))))
    .map((d) => d.id);
  const alerts = Object.values(state.alerts).filter((a) => a.field.name === field).map((a) => a.id);
  const schedules = Object.values(state.scheduled_plans)
    .filter((p) => (p.dashboard_id && dashboards.includes(p.dashboard_id)) || (p.look_id && looks.includes(p.look_id)))
    .map((p) => p.id);
  return { dashboards, looks, alerts, schedules };
}

const ids = (usages: Array<{ id: string }>) => usages.map((u) => u.id).sort();

describe('findFieldUsages', () => {
  it('finds every dashboard, Look, alert and schedule using order_items.total_revenue, reading only', async () => {
    stack.emulator.admin.clearCalls();
    const result = await run({ field: 'order_items.total_revenue' });
    const want = expected('order_items.total_revenue');
    assert.ok(want.dashboards.length > 1 && want.looks.length > 0 && want.alerts.length > 0 && want.schedules.length > 0, JSON.stringify(want));
    assert.deepEqual(ids(result.dashboards), [...want.dashboards].sort());
    assert.deepEqual(ids(result.looks), [...want.looks].sort());
    assert.deepEqual(ids(result.alerts), [...want.alerts].sort());
    assert.deepEqual(ids(result.schedules), [...want.schedules].sort());
    assert.deepEqual(result.counts, { dashboards: want.dashboards.length, looks: want.looks.length, alerts: want.alerts.length, schedules: want.schedules.length });
    const revenue = result.dashboards.find((d) => d.title === 'Revenue by Product Category')!;
    assert.ok(revenue.where.includes('fields') && revenue.tileIds!.length > 0 && revenue.folderName, JSON.stringify(revenue));
    assert.deepEqual(writeCalls(stack.emulator), []);
  });

  it('a field nothing uses: empty lists; another model: nothing from this one', async () => {
    const none = await run({ field: 'order_items.nothing_uses_this' });
    assert.deepEqual(none.counts, { dashboards: 0, looks: 0, alerts: 0, schedules: 0 });
    const otherModel = await run({ field: 'order_items.total_revenue', model: 'no_such_model' });
    assert.deepEqual({ ...otherModel.counts, alerts: 0 }, { dashboards: 0, looks: 0, alerts: 0, schedules: 0 });
  });

  it('a dashboard filter on the field, and a custom field or table calculation naming it, are usages too', async () => {
    const sdk = makeSdk(stack.emulator.baseUrl, stack.emulator.clientId, stack.emulator.clientSecret);
    const field = 'products.brand';
    const before = await run({ field });
    const filtered = await sdk.ok(sdk.create_dashboard({ title: 'Filtered by brand', folder_id: '1' }));
    await sdk.ok(sdk.create_dashboard_filter({ dashboard_id: filtered.id!, name: 'Brand', title: 'Brand', type: 'field_filter', model: 'ecommerce', explore: 'order_items', dimension: field }));
    const calculated = await sdk.ok(
      sdk.create_query({
        model: 'ecommerce',
        view: 'order_items',
        fields: ['order_items.total_revenue'],
        dynamic_fields: JSON.stringify([{ table_calculation: 'brand_label', label: 'Brand label', expression: `concat("Brand: ", \${${field}})` }]),
      }),
    );
    const look = await sdk.ok(sdk.create_look({ title: 'Revenue with a brand label', folder_id: '1', query_id: calculated.id! }));
    const after = await run({ field });
    const added = (list: Array<{ id: string; where: string[] }>, earlier: Array<{ id: string }>) => list.filter((u) => !earlier.some((e) => e.id === u.id));
    assert.deepEqual(added(after.dashboards, before.dashboards).map((d) => [d.id, d.where]), [[filtered.id, ['dashboard filter']]]);
    assert.deepEqual(added(after.looks, before.looks).map((l) => [l.id, l.where]), [[look.id, ['custom fields']]]);
  });

  it('refuses a field that is not view.field', () => {
    assert.match(schemaError(findFieldUsagesJob, { field: 'revenue' }), /view_name\.field_name/);
  });
});
