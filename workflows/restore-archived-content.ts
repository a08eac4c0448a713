// restoreArchivedContent: reads the manifest one archiveStaleContent run wrote and undoes
// each item. Items someone has already restored or moved elsewhere are left as they are.
import type { ContentType } from '../activities/governance';
import type { RestoreArchivedContentInput } from '../jobs/restore-archived-content';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

const read = lookerActivities('read');
const write = lookerActivities('idempotentWrite');

export interface RestoreArchivedContentResult {
  jobId: string;
  action: 'soft_delete' | 'move';
  restored: Array<{ type: ContentType; id: string; title: string }>;
  unchanged: Array<{ type: ContentType; id: string; title: string; reason: string }>;
}

export async function restoreArchivedContent(input: RestoreArchivedContentInput): Promise<RestoreArchivedContentResult> {
  const progress = new Progress();
  progress.step('reading archive manifest');
  const manifest = await read.readArchiveManifest(input.jobId);
  const result: RestoreArchivedContentResult = { jobId: input.jobId, action: manifest.action, restored: [], unchanged: [] };

  progress.step('restoring', { total: manifest.items.length });
  for (const item of manifest.items) {
    const { changed, reason } = await write.restoreContent({ item, action: manifest.action });
    const ref = { type: item.type, id: item.id, title: item.title };
    if (changed) result.restored.push(ref);
    else result.unchanged.push({ ...ref, reason: reason ?? 'already restored' });
    progress.advance(1, `${result.restored.length} restored`);
  }
  progress.step('done', { done: result.restored.length, total: manifest.items.length, message: `${result.restored.length} restored, ${result.unchanged.length} unchanged` });
  return result;
}
