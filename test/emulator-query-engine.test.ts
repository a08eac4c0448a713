/** The query engine through the real SDK: filters on any field, Looker filter expressions, totals that agree under any grouping, failed-query bodies. */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sdkError, useTestEmulator } from './emulator-helpers';

// A fixed business clock: date filters are checked against known calendar periods.
const t = useTestEmulator({ now: () => new Date('2026-11-30T15:00:00Z') });

type Row = Record<string, any>;
const REVENUE = 'order_items.total_revenue';
const DATE = 'order_items.created_date';

async function run(fields: string[], filters: Record<string, string> = {}, extra: Record<string, unknown> = {}): Promise<Row[]> {
  const { sdk } = t();
  return (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body: { model: 'ecommerce', view: 'order_items', fields, filters, limit: '5000', ...extra } }))) as unknown as Row[];
}

const total = (rows: Row[], field = REVENUE) => Math.round(rows.reduce((sum, r) => sum + Number(r[field] ?? 0), 0) * 100) / 100;

test('a filter on a field that is not selected filters the rows', async () => {
  const all = await run(['products.category', REVENUE]);
  const men = await run(['products.category', REVENUE], { 'products.department': 'Men' });
  assert.equal(all.length, 12);
  assert.ok(total(men) < total(all), 'fewer rows contribute');
  const women = await run(['products.category', REVENUE], { 'products.department': 'Women' });
  assert.equal(Math.round((total(men) + total(women)) * 100), Math.round(total(all) * 100), 'Men + Women = everyone');
});

test('a date range on a date dimension keeps exactly its days, selected or not', async () => {
  const days = await run([DATE, 'order_items.count'], { [DATE]: '2026-07-01 to 2026-10-01' });
  const dates = days.map((r) => r[DATE]).sort();
  assert.equal(dates.length, 92, 'July, August and September');
  assert.equal(dates[0], '2026-07-01');
  assert.equal(dates.at(-1), '2026-09-30');
  const quarter = await run(['products.category', 'order_items.count'], { [DATE]: '2026-07-01 to 2026-10-01' });
  assert.equal(total(quarter, 'order_items.count'), total(days, 'order_items.count'), 'the same rows whether the date is selected or not');
  const lastQuarter = await run(['products.category', 'order_items.count'], { [DATE]: 'last quarter' });
  assert.deepEqual(lastQuarter, quarter);
  const all = await run(['products.category', 'order_items.count']);
  assert.ok(total(quarter, 'order_items.count') < total(all, 'order_items.count'));
});

test('date, number and string expressions', async () => {
  const dates = async (expression: string) => (await run([DATE], { [DATE]: expression })).map((r) => r[DATE]).sort();
  const thirty = await dates('30 days');
  assert.equal(thirty.length, 30);
  assert.equal(thirty.at(-1), '2026-11-30');
  const thisYear = await dates('this year');
  assert.equal(thisYear[0], '2026-01-01');
  assert.equal(thisYear.length, 334);
  assert.equal((await dates('before 2026-07-01')).at(-1), '2026-06-30');
  assert.equal((await dates('after 2026-11-01'))[0], '2026-11-01');

  const ids = async (expression: string) => (await run(['order_items.id'], { 'order_items.id': expression })).map((r) => r['order_items.id']).sort((a, b) => a - b);
  assert.deepEqual(await ids('>=48'), [48, 49, 50]);
  assert.deepEqual(await ids('[10,12]'), [10, 11, 12]);
  assert.ok(!(await ids('NOT 3')).includes(3));
  assert.equal((await ids('NOT 3')).length, 49);

  const categories = async (expression: string) => (await run(['products.category'], { 'products.category': expression })).map((r) => r['products.category']).sort();
  assert.deepEqual(await categories('S%'), ['Shorts', 'Sleep & Lounge', 'Socks', 'Suits', 'Sweaters', 'Swim']);
  assert.equal((await categories('-Jeans')).length, 11);
  assert.deepEqual(await categories('NULL'), []);
  assert.deepEqual(await categories('EMPTY'), []);
  assert.equal((await categories('-NULL')).length, 12);
  assert.deepEqual(await categories('Tops & Tees,Swim'), ['Swim', 'Tops & Tees']);
});

test('a filter on a measure that is not selected still applies (HAVING)', async () => {
  const all = await run(['products.category', 'order_items.count']);
  const big = await run(['products.category', 'order_items.count'], { [REVENUE]: '>100000' });
  assert.ok(big.length > 0 && big.length < all.length);
  const revenue = await run(['products.category', REVENUE]);
  const expected = revenue.filter((r) => r[REVENUE] > 100000).map((r) => r['products.category']).sort();
  assert.deepEqual(big.map((r) => r['products.category']).sort(), expected);
});

test('totals agree under any grouping of the same rows (property), and match json_detail totals_data', async () => {
  const { sdk } = t();
  const detail = (await sdk.ok(sdk.run_inline_query({ result_format: 'json_detail', body: { model: 'ecommerce', view: 'order_items', fields: ['users.country', REVENUE, 'order_items.count'], total: true } }))) as any;
  const grand = await run([REVENUE, 'order_items.count']);
  assert.equal(grand.length, 1);
  assert.equal(detail.has_totals, true);
  assert.equal(detail.totals_data[REVENUE].value, grand[0][REVENUE]);
  assert.equal(detail.totals_data['order_items.count'].value, grand[0]['order_items.count']);

  const dimensions = ['products.category', 'products.brand', 'products.department', 'order_items.status', 'users.country', 'users.age_tier', DATE];
  const filters = fc.option(fc.record({ 'products.department': fc.constantFrom('Men', 'Women', '-Men'), [DATE]: fc.constantFrom('last quarter', '90 days', 'this year', 'before 2026-01-01') }, { requiredKeys: [] }), { nil: undefined });
  await fc.assert(
    fc.asyncProperty(fc.subarray(dimensions, { minLength: 1, maxLength: 2 }), fc.subarray(dimensions, { minLength: 1, maxLength: 2 }), filters, async (a, b, where) => {
      const [byA, byB, none] = await Promise.all([run([...a, REVENUE, 'order_items.count'], where), run([...b, REVENUE, 'order_items.count'], where), run([REVENUE, 'order_items.count'], where)]);
      assert.equal(total(byA, 'order_items.count'), total(none, 'order_items.count'));
      assert.equal(total(byB, 'order_items.count'), total(none, 'order_items.count'));
      assert.equal(total(byA), total(none));
      assert.equal(total(byB), total(none));
    }),
    { numRuns: 25 },
  );
});

test('a failed query answers 400 with its message, errors[] naming the field and the sql', async () => {
  const { sdk } = t();
  const error = (await sdkError(sdk.run_inline_query({ result_format: 'json', body: { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.nope'] } }))) as any;
  assert.match(error.message, /Unknown field "order_items\.nope"/);
  assert.equal(error.errors[0].field, 'order_items.nope');
  assert.match(error.errors[0].message, /order_items\.nope/);
  assert.match(error.sql, /SELECT[\s\S]*order_items\.nope/);
  assert.match(error.documentation_url, /\/400\//);
  const badFilter = (await sdkError(sdk.run_inline_query({ result_format: 'json', body: { model: 'ecommerce', view: 'order_items', fields: ['products.category'], filters: { [DATE]: 'someday' } } }))) as any;
  assert.equal(badFilter.errors[0].field, DATE);
  assert.match(badFilter.sql, /SELECT/);
});

test('with no dimensions and no matching rows there is still one row: counts are 0, sums are null (as SQL answers)', async () => {
  const rows = await run([REVENUE, 'order_items.count'], { 'products.category': 'No Such Category' });
  assert.deepEqual(rows, [{ [REVENUE]: null, 'order_items.count': 0 }]);
  assert.deepEqual(await run(['products.category', REVENUE], { 'products.category': 'No Such Category' }), []);
});
