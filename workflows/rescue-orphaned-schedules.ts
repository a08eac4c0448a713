// rescueOrphanedSchedules: every scheduled plan whose owner is disabled or deleted is given
// to one enabled user, so its deliveries keep running under an account that exists.
import { patched } from '@temporalio/workflow';
import type { OrphanedScheduledPlan } from '../activities/orphaned-schedules';
import { RESULT_LIST_SAMPLE } from '../contracts/bounded-results';
import type { RescueOrphanedSchedulesInput, RescueOrphanedSchedulesResult } from '../contracts/rescue-orphaned-schedules';
import { markdownCell } from '../common/markdown';
import { saveJobText } from './support/files';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

const PAGE_SIZE = 100;

export async function rescueOrphanedSchedules(input: RescueOrphanedSchedulesInput): Promise<RescueOrphanedSchedulesResult> {
  const progress = new Progress();
  const read = lookerActivities('read');
  const write = lookerActivities('idempotentWrite');
  // Fail before reading anything else when the new owner cannot own schedules.
  progress.step('checking new owner');
  const newOwner = await read.findActiveUser(input.newOwner);

  progress.step('finding orphaned schedules');
  const orphaned: OrphanedScheduledPlan[] = [];
  let scanned = 0;
  for (let offset: number | null = 0; offset !== null; ) {
    const page = await read.listOrphanedScheduledPlans({ limit: PAGE_SIZE, offset });
    orphaned.push(...page.plans);
    scanned += page.scanned;
    offset = page.nextOffset;
    progress.advance(page.scanned, `${orphaned.length} orphaned so far`);
  }

  const result: RescueOrphanedSchedulesResult = { dryRun: input.dryRun, newOwner, scanned, orphaned, reassigned: [], markdown: '' };
  if (!input.dryRun) {
    progress.step('reassigning', { total: orphaned.length });
    for (const plan of orphaned) {
      // Unchanged means an earlier attempt whose answer was lost already made the change.
      await write.reassignScheduledPlan({ scheduledPlanId: plan.id, userId: newOwner.id });
      result.reassigned.push(plan.id);
      progress.advance(1);
    }
  }
  result.markdown = rescueReport(result);
  progress.step('done', { done: result.reassigned.length, total: orphaned.length, message: input.dryRun ? 'dry run: nothing changed' : `${result.reassigned.length} reassigned` });
  // Runs from before the patch returned every plan inline; now the lists are counts, a sample
  // and a report file, so an instance with thousands of orphans stays under the payload limit.
  if (!patched('rescue-lists-in-files')) return result;
  const reportPath = await saveJobText('rescueOrphanedSchedules', 'orphaned-schedules.md', result.markdown);
  const shown = { ...result, orphaned: orphaned.slice(0, RESULT_LIST_SAMPLE), reassigned: result.reassigned.slice(0, RESULT_LIST_SAMPLE) };
  const more = orphaned.length - shown.orphaned.length;
  return {
    ...shown,
    orphanedCount: orphaned.length,
    reassignedCount: result.reassigned.length,
    markdown: more > 0 ? `${rescueReport(shown, orphaned.length)}\n…and ${more} more in ${reportPath}\n` : result.markdown,
    reportPath,
  };
}

function rescueReport(result: RescueOrphanedSchedulesResult, total = result.orphaned.length): string {
  const verb = result.dryRun ? 'would be reassigned' : 'reassigned';
  const rows = result.orphaned.map(
    (p) => `| ${p.id} | ${markdownCell(p.name)} | ${markdownCell(p.ownerName ?? p.ownerId)} | ${p.ownerState} | ${p.target} |`,
  );
  return [
    `# Orphaned schedules`,
    '',
    `${total} of ${result.scanned} schedule(s) have a disabled or deleted owner; ${verb} to ${markdownCell(result.newOwner.name)} (user ${result.newOwner.id}).`,
    '',
    '| Id | Schedule | Owner | Owner is | Sends |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
