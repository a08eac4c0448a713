// A deliberately incompatible change, for test/replay.test.ts only: `searchContent` as it would
// be if someone swapped its two searches (Looks before dashboards) without `patched()`.
// Bundled on its own, never with the production workflows.
import type { SearchContentInput } from '../../jobs/read-tools';
import { lookerActivities } from '../../workflows/support/looker';

export async function searchContent(input: SearchContentInput): Promise<object> {
  const { searchDashboards, searchLooks } = lookerActivities('read');
  const criteria = { ...(input.title ? { title: `%${input.title}%` } : {}), limit: input.limit, sorts: 'title' };
  const looks = await searchLooks({ ...criteria, deleted: false });
  const dashboards = await searchDashboards({ ...criteria, deleted: 'false' });
  return { dashboards: dashboards.items.length, looks: looks.items.length };
}
