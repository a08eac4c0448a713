// archiveStaleContent's carried state as the code before commit cd0ba28 (candidate list moved to
// the file store) wrote it: the stale candidates themselves instead of a count, and archiving's
// full lists. A run that code continued as new arrives with it; read as the current shape it
// gave NaN counts, a report missing the pages scanned before, and TypeErrors while archiving.
import { ApplicationFailure } from '@temporalio/workflow';
import type { ArchiveScanState } from '../archive-stale-content';

export interface OlderArchiveScanState {
  staleBefore: string;
  typeIndex: number;
  offset: number;
  scanned: number;
  candidates: unknown[];
  archiving?: { next: number; archived: unknown[]; skipped: unknown[] };
}

/**
 * The carried state in the current shape. An older scan starts over with the same cutoff (its
 * pages saved nothing to the file store); older archiving cannot go on (its list is not in the
 * file store either) and ends the job, which can simply be started again.
 */
export function currentScanState(carried: ArchiveScanState | OlderArchiveScanState | undefined): ArchiveScanState | undefined {
  if (!carried || !('candidates' in carried)) return carried;
  if (carried.archiving) {
    throw ApplicationFailure.nonRetryable(
      `this run continues archiving started by an older lookerflow, whose candidate list is not in the file store: ` +
        `${carried.archiving.archived.length} item(s) were archived by its earlier runs, ${carried.candidates.length - carried.archiving.next} not yet; ` +
        `start the job again to scan anew (what is already archived is no longer a candidate)`,
      'ArchiveStateFromOlderVersion',
    );
  }
  return { staleBefore: carried.staleBefore, typeIndex: 0, offset: 0, scanned: 0, stale: 0 };
}
