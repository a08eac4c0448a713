// findFieldUsages: page through dashboards (their tiles' queries and Looks), Looks and alerts
// for the field, then through schedules for those delivering what was found.
import type { FieldUsage, FieldUsageKind } from '../activities/field-usages';
import type { FindFieldUsagesInput, FindFieldUsagesResult } from '../contracts/find-field-usages';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

/** Usages of each kind a result lists; the counts stay whole. */
const LISTED = 200;

export async function findFieldUsages(input: FindFieldUsagesInput): Promise<FindFieldUsagesResult> {
  const progress = new Progress();
  const read = lookerActivities('read');
  const kinds: FieldUsageKind[] = ['dashboards', 'looks', 'alerts', 'schedules'];
  const found: Record<FieldUsageKind, FieldUsage[]> = { dashboards: [], looks: [], alerts: [], schedules: [] };
  for (const [done, kind] of kinds.entries()) {
    progress.step(`searching ${kind}`, { total: kinds.length, done });
    const targets =
      kind === 'schedules' ? { dashboardIds: found.dashboards.map((d) => d.id), lookIds: found.looks.map((l) => l.id) } : {};
    if (kind === 'schedules' && !targets.dashboardIds!.length && !targets.lookIds!.length) break;
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await read.fieldUsagePage({ kind, field: input.field, model: input.model, offset, ...targets });
      found[kind].push(...page.usages);
      offset = page.nextOffset;
    }
  }
  progress.step('done', { total: kinds.length, done: kinds.length });
  const listed = (kind: FieldUsageKind) => found[kind].slice(0, LISTED);
  return {
    field: input.field,
    dashboards: listed('dashboards'),
    looks: listed('looks'),
    alerts: listed('alerts'),
    schedules: listed('schedules'),
    counts: { dashboards: found.dashboards.length, looks: found.looks.length, alerts: found.alerts.length, schedules: found.schedules.length },
  };
}
