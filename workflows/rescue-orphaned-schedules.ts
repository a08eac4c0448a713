// rescueOrphanedSchedules: every scheduled plan whose owner is disabled or deleted is given
// to one enabled user, so its deliveries keep running under an account that exists.
import type { OrphanedScheduledPlan } from '../activities/orphaned-schedules';
import type { RescueOrphanedSchedulesInput, RescueOrphanedSchedulesResult } from '../contracts/rescue-orphaned-schedules';
import { markdownCell } from '../common/markdown';
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
  return result;
}

function rescueReport(result: RescueOrphanedSchedulesResult): string {
  const verb = result.dryRun ? 'would be reassigned' : 'reassigned';
  const rows = result.orphaned.map(
    (p) => `| ${p.id} | ${markdownCell(p.name)} | ${markdownCell(p.ownerName ?? p.ownerId)} | ${p.ownerState} | ${p.target} |`,
  );
  return [
    `# Orphaned schedules`,
    '',
    `${result.orphaned.length} of ${result.scanned} schedule(s) have a disabled or deleted owner; ${verb} to ${markdownCell(result.newOwner.name)} (user ${result.newOwner.id}).`,
    '',
    '| Id | Schedule | Owner | Owner is | Sends |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
