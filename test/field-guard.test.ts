import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnknownFields } from '../common/field-guard';

const explore = {
  dimensions: [{ name: 'products.category' }, { name: 'products.brand' }, { name: 'order_items.created_date' }],
  measures: [{ name: 'order_items.total_revenue' }, { name: 'order_items.count' }],
};

test('a query that names only real fields passes', () => {
  assert.deepEqual(
    findUnknownFields(explore, {
      fields: ['products.category', 'order_items.total_revenue'],
      filters: { 'order_items.created_date': '30 days' },
      sorts: ['order_items.total_revenue desc'],
    }),
    [],
  );
});

test('an unknown field is refused with the closest real names', () => {
  const problems = findUnknownFields(explore, { fields: ['order_items.revenue', 'products.category'] });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /no field `order_items.revenue` \(fields\); did you mean `order_items.total_revenue`/);
});

test('unknown filters and sorts are caught too, each named with its role', () => {
  const problems = findUnknownFields(explore, {
    fields: ['products.category'],
    filters: { 'product.categry': 'Jeans' },
    sorts: ['orders.count desc'],
  });
  assert.deepEqual(problems.map((p) => p.split(';')[0]), ['no field `product.categry` (filters)', 'no field `orders.count` (sorts)']);
  assert.match(problems[0], /`products.category`/);
  assert.match(problems[1], /`order_items.count`/);
});

test('a name far from everything gets no misleading suggestion', () => {
  assert.deepEqual(findUnknownFields(explore, { fields: ['zzz.qqqqqqqqqqqq'] }), ['no field `zzz.qqqqqqqqqqqq` (fields)']);
});
