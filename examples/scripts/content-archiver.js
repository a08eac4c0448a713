// Content archiver: dashboards and Looks nobody has opened for `days` days move to the archive
// folder, the longest unused first. The moves are writes, so run_script shows them as a plan for
// approval first and moves nothing until it is approved.
// Looker calls: search_folders, query (System Activity content_usage), dashboard, look,
// move_dashboard, move_look.
// input: { days?: 90, archiveFolder?: "Archive", max?: 50 }
const days = input?.days ?? 90;
const folderName = input?.archiveFolder ?? 'Archive';
const archive = (await looker.search_folders({ name: folderName, fields: 'id,name' }))[0];
if (!archive) throw new Error(`no folder named ${folderName}`);

// Last access of every dashboard and Look, as Looker's System Activity counts it: Looker does
// the filtering, so the script only walks the candidates.
const usage = await looker.query({
  model: 'system__activity',
  explore: 'content_usage',
  fields: ['content_usage.content_type', 'content_usage.content_id', 'content_usage.days_since_last_accessed'],
  filters: { 'content_usage.days_since_last_accessed': `>=${days}`, 'content_usage.content_type': 'dashboard,look' },
  sorts: ['content_usage.days_since_last_accessed desc'],
  limit: input?.max ?? 50,
});

// One read per candidate (it also keeps each stretch of computation short): LookML dashboards
// cannot move, content in the Trash or already in the archive stays.
const moved = await parallel(usage.rows, 3, async (row) => {
  const type = row['content_usage.content_type'];
  const id = String(row['content_usage.content_id']);
  if (id.includes('::')) return null;
  const item = type === 'dashboard'
    ? await looker.dashboard({ dashboard_id: id, fields: 'id,title,folder_id,deleted' })
    : await looker.look({ look_id: id, fields: 'id,title,folder_id,deleted' });
  if (item.deleted || item.folder_id === archive.id) return null;
  if (type === 'dashboard') await looker.move_dashboard({ dashboard_id: id, folder_id: archive.id });
  else await looker.move_look({ look_id: id, folder_id: archive.id });
  return { type, id, title: item.title, from: item.folder_id, unusedDays: row['content_usage.days_since_last_accessed'] };
});
return { archiveFolderId: archive.id, unusedDays: days, moved: moved.filter(Boolean) };
