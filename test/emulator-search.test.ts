/** Looker search rules and paging, including the SDK's own pager. */
import { pageAll, pager } from '@looker/sdk-rtl';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, loginToken, useTestEmulator } from './emulator-helpers';

let folderId: string;
const t = useTestEmulator({ seed: 'empty' }, async (started) => {
  const { sdk } = started;
  folderId = (await sdk.ok(sdk.create_folder({ name: 'Search Fixtures', parent_id: '1' }))).id!;
  for (const title of ['Alpha Sales', 'alpha marketing', 'Beta Sales', 'Gamma', 'Delta, with comma']) {
    await sdk.ok(sdk.create_dashboard({ title, folder_id: folderId, description: title === 'Gamma' ? 'has text' : '' }));
  }
});

const titles = (items: { title?: string | null }[]) => items.map((i) => i.title).sort();

test('search is case-insensitive with % and _ wildcards', async () => {
  const { sdk } = t();
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'alpha%' }))), ['Alpha Sales', 'alpha marketing']);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: '%SALES' }))), ['Alpha Sales', 'Beta Sales']);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'g_mma' }))), ['Gamma']);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'gamma' }))), ['Gamma']);
});

test('criteria AND by default, OR with filter_or; comma lists mean any id', async () => {
  const { sdk } = t();
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'Alpha%', description: 'has text' }))), []);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'Alpha Sales', description: 'has text', filter_or: true }))), ['Alpha Sales', 'Gamma']);
  const all = await sdk.ok(sdk.search_dashboards({ folder_id: folderId }));
  const ids = ['Gamma', 'Beta Sales'].map((title) => all.find((d) => d.title === title)!.id!);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ id: ids.join(',') }))), ['Beta Sales', 'Gamma']);
});

test('a comma in a string param is part of the value: a title with a comma is found by its exact title', async () => {
  const { sdk } = t();
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'Delta, with comma' }))), ['Delta, with comma']);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'delta, WITH%' }))), ['Delta, with comma']);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ title: 'gamma,beta sales' }))), [], 'string params are not lists');
});

test('IS NULL / NOT NULL', async () => {
  const { sdk } = t();
  const dashboards = await sdk.ok(sdk.search_dashboards({ folder_id: folderId }));
  await sdk.ok(sdk.update_dashboard(dashboards.find((d) => d.title === 'Gamma')!.id!, { deleted: true }));
  const never = await sdk.ok(sdk.search_dashboards({ folder_id: folderId, last_viewed_at: 'IS NULL' }));
  assert.equal(never.length, 4);
  assert.equal((await sdk.ok(sdk.search_dashboards({ folder_id: folderId, last_viewed_at: 'NOT NULL' }))).length, 0);
  assert.deepEqual(titles(await sdk.ok(sdk.search_dashboards({ folder_id: folderId, deleted: 'true' }))), ['Gamma']);
  await sdk.ok(sdk.update_dashboard(dashboards.find((d) => d.title === 'Gamma')!.id!, { deleted: false }));
});

test('sorts, limit and offset', async () => {
  const { sdk } = t();
  const sorted = await sdk.ok(sdk.search_dashboards({ folder_id: folderId, sorts: 'title desc' }));
  assert.deepEqual(sorted.map((d) => d.title), ['Gamma', 'Delta, with comma', 'Beta Sales', 'Alpha Sales', 'alpha marketing']);
  const page = await sdk.ok(sdk.search_dashboards({ folder_id: folderId, sorts: 'title', limit: 2, offset: 1 }));
  assert.deepEqual(page.map((d) => d.title), ['Alpha Sales', 'Beta Sales']);
});

test('with limit, replies carry Link (absolute, first/next) and X-Total-Count', async () => {
  const token = await loginToken(t().emu);
  const res = await api(t().emu, 'GET', `/dashboards/search?folder_id=${folderId}&fields=id,title&limit=2&offset=0`, token);
  assert.equal(res.headers.get('x-total-count'), '5');
  const link = res.headers.get('link')!;
  assert.match(link, /^<http:\/\/127\.0\.0\.1:\d+\/api\/4\.0\/dashboards\/search\?[^>]*offset=0[^>]*>; rel="first"/);
  assert.match(link, /<[^>]*offset=2[^>]*>; rel="next"/);
  const last = await api(t().emu, 'GET', `/dashboards/search?folder_id=${folderId}&limit=2&offset=4`, token);
  assert.doesNotMatch(last.headers.get('link')!, /rel="next"/);
  const unpaged = await api(t().emu, 'GET', `/dashboards/search?folder_id=${folderId}`, token);
  assert.equal(unpaged.headers.get('link'), null);
});

test("the SDK's pager and pageAll walk every page", async () => {
  const { sdk } = t();
  const seen: string[] = [];
  const paged = await pageAll(sdk, () => sdk.search_dashboards({ folder_id: folderId, fields: 'id, title', sorts: 'id', limit: 2 }), (page) => {
    seen.push(...page.map((d) => d.title!));
    return page;
  });
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
  assert.equal(paged.total, 5);

  const p = await pager(sdk, () => sdk.search_dashboards({ folder_id: folderId, limit: 3 }));
  assert.equal(p.items.length, 3);
  assert.equal(p.pages, 2);
  assert.ok(p.more());
  const second = await sdk.ok(p.nextPage());
  assert.equal(second.length, 2);
  assert.equal(p.more(), false);
});

test('search_users, search_roles, search_folders follow the same rules', async () => {
  const { sdk } = t();
  assert.deepEqual((await sdk.ok(sdk.search_users({ first_name: 'ADM%' }))).map((u) => u.first_name), ['Admin']);
  assert.deepEqual((await sdk.ok(sdk.search_roles({ name: 'viewer', sorts: 'name' }))).map((r) => r.name), ['Viewer']);
  const roles = await sdk.ok(sdk.search_roles({ name: '%er', sorts: 'name' }));
  const ids = roles.filter((r) => ['Developer', 'Viewer'].includes(r.name!)).map((r) => r.id!);
  assert.deepEqual((await sdk.ok(sdk.search_roles({ id: ids.join(','), sorts: 'name' }))).map((r) => r.name), ['Developer', 'Viewer']);
  assert.equal((await sdk.ok(sdk.search_folders({ is_shared_root: true })))[0].id, '1');
});
