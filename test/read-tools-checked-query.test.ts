// runInlineQuery checks its fields and runs the query in one activity, against an explore the
// worker caches: the explore is read once for many queries, a field added to the LookML since
// is found by a fresh read, and an unknown field is refused before any query is created. The
// worker remembers query ids, so a query run again costs no create_query.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { findExplore } from '../emulator/data/catalogue';
import { measure } from '../emulator/data/fields';
import { jobFailedWith, useFreshLookerStack } from './fresh-stack';

const stack = useFreshLookerStack();
const QUERY = { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 5 };
const calls = (operation: string) => stack().emulator.admin.counters().byOperation[operation] ?? 0;

describe('runInlineQuery: field guard and query in one activity', () => {
  it('reads the explore once for several queries', async () => {
    for (let i = 0; i < 3; i++) {
      const result = await stack().runJob<{ rowCount: number }>('runInlineQuery', QUERY);
      assert.ok(result.rowCount > 0);
    }
    assert.ok(calls('lookml_model_explore') <= 1, `${calls('lookml_model_explore')} explore reads`);
    assert.equal(calls('create_query_task'), 3);
  });

  it('a query run again skips create_query; one Looker no longer knows (an instance reset) is created anew', async () => {
    await stack().runJob('runInlineQuery', QUERY);
    const created = calls('create_query');
    await stack().runJob('runInlineQuery', QUERY);
    assert.equal(calls('create_query'), created, 'the query id was remembered');
    stack().emulator.admin.reset();
    const result = await stack().runJob<{ rowCount: number }>('runInlineQuery', QUERY);
    assert.ok(result.rowCount > 0);
    assert.equal(calls('create_query'), created + 1, 'created again after the reset');
  });

  it('a field deployed after the explore was cached is found by a fresh read, not refused', async () => {
    await stack().runJob('runInlineQuery', QUERY);
    const explore = findExplore('ecommerce', 'order_items')!;
    explore.fields.push(measure('order_items.total_deployed_later', 'Total Deployed Later', 'sum', [1, 10]));
    after(() => void explore.fields.pop());
    const readsBefore = calls('lookml_model_explore');
    const result = await stack().runJob<{ rowCount: number }>('runInlineQuery', { ...QUERY, fields: ['products.category', 'order_items.total_deployed_later'] });
    assert.ok(result.rowCount > 0);
    assert.equal(calls('lookml_model_explore'), readsBefore + 1, 'one fresh read of the explore');
  });

  it('an unknown field is refused with the nearest real names, and no query is created', async () => {
    await assert.rejects(
      stack().runJob('runInlineQuery', { ...QUERY, fields: ['products.category', 'order_items.revenue'] }),
      jobFailedWith(/no field `order_items\.revenue`.*did you mean `order_items\.total_revenue`/),
    );
    assert.equal(calls('create_query'), 0);
    assert.equal(calls('create_query_task'), 0);
  });
});
