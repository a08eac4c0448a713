// restoreArchivedContent: reads the manifest one archiveStaleContent run wrote and undoes
// each item, one manifest part (one file of the candidate list) per activity. Items someone
// has already restored or moved elsewhere are left as they are.
import type { ContentTitle } from '../activities/governance';
import type { RestoreArchivedContentInput } from '../jobs/restore-archived-content';
import { RESULT_SAMPLE } from './archive-stale-content';
import { lookerActivities, nonLookerActivities } from './support/looker';
import { Progress } from './support/progress';

const read = lookerActivities('read');
const write = lookerActivities('idempotentWrite');

export interface RestoreArchivedContentResult {
  jobId: string;
  action: 'soft_delete' | 'move';
  restored: number;
  unchanged: number;
  /** Up to RESULT_SAMPLE of each, in report order. */
  sample: {
    restored: ContentTitle[];
    unchanged: Array<ContentTitle & { reason: string }>;
  };
}

export async function restoreArchivedContent(input: RestoreArchivedContentInput): Promise<RestoreArchivedContentResult> {
  const progress = new Progress();
  progress.step('reading archive manifest');
  const manifest = await nonLookerActivities('read').readArchiveManifest(input.jobId);
  const result: RestoreArchivedContentResult = { jobId: input.jobId, action: manifest.action, restored: 0, unchanged: 0, sample: { restored: [], unchanged: [] } };

  progress.step('restoring', { total: manifest.candidates });
  for (let start = 0; start < manifest.candidates; start += manifest.candidatesPerFile) {
    const part = await write.restoreArchivedPart({ jobId: input.jobId, start, action: manifest.action });
    result.restored += part.restored.length;
    result.unchanged += part.unchanged.length;
    result.sample.restored.push(...part.restored.slice(0, RESULT_SAMPLE - result.sample.restored.length));
    result.sample.unchanged.push(...part.unchanged.slice(0, RESULT_SAMPLE - result.sample.unchanged.length));
    progress.advance(Math.min(manifest.candidatesPerFile, manifest.candidates - start), `${result.restored} restored`);
  }
  progress.step('done', { done: result.restored, total: result.restored + result.unchanged, message: `${result.restored} restored, ${result.unchanged} unchanged` });
  return result;
}
