// Names in a job's input checked before it starts: roles, groups, user attributes, folders,
// dashboards, Looks and explores that Looker does not know are refused all at once, each with
// the nearest real ones, and nothing starts. The check is a short read-only job (checkNames),
// so this service still never talks to Looker itself. When Looker or the workers do not answer
// in time the job starts anyway: it checks its names itself as it runs, as it always has.
import type { CheckNamesResult, NameKind } from '../contracts/check-names';
import { JobInputError } from './job-errors';
import type { JobReport } from './job-report';
import type { JobType, NamedField } from './job-type';
import type { WaitOptions } from './read-tool-runner';

/** How long a start waits for the check before it starts the job unchecked. */
export const NAME_CHECK_TIMEOUT_MS = 20_000;

const WHAT: Record<NameKind, string> = {
  role: 'no role',
  group: 'no group',
  userAttribute: 'no user attribute',
  folderId: 'no folder with id',
  dashboardTitle: 'no dashboard titled',
  dashboardId: 'no dashboard with id',
  lookId: 'no Look with id',
  explore: 'no explore',
  tileField: "no tile on the dashboard shows",
};

/** Fields named per unknown name before "and N more". */
const FIELDS_SHOWN = 3;

type RunReadTool = (type: string, input: unknown, wait: WaitOptions & { executionTimeoutMs?: number }) => Promise<JobReport>;

export function createNameChecks(runReadTool: RunReadTool) {
  /** Throws a JobInputError naming every unknown name in `input` (already parsed); otherwise returns. */
  async function checkNames(job: JobType, input: unknown): Promise<void> {
    const fields = job.names?.(input) ?? [];
    if (!fields.length) return;
    const byName = new Map<string, NamedField[]>();
    const keyOf = ({ kind, name, dashboard }: Omit<NamedField, 'field'>) => JSON.stringify([kind, name, dashboard ?? null]);
    for (const field of fields) {
      const same = byName.get(keyOf(field));
      if (same) same.push(field);
      else byName.set(keyOf(field), [field]);
    }
    const names = [...byName.values()].map(([{ field: _field, ...ref }]) => ref);
    const report = await runReadTool('checkNames', { names }, { timeoutMs: NAME_CHECK_TIMEOUT_MS, executionTimeoutMs: NAME_CHECK_TIMEOUT_MS }).catch(() => undefined);
    if (report?.status !== 'completed') return;
    const { unknown } = report.result as CheckNamesResult;
    if (!unknown.length) return;
    throw new JobInputError(
      job.type,
      unknown.map(({ kind, name, dashboard, suggestions }) => {
        const given = (byName.get(keyOf({ kind, name, dashboard })) ?? []).map((f) => f.field);
        const where = given.length > FIELDS_SHOWN ? `${given.slice(0, FIELDS_SHOWN).join(', ')} and ${given.length - FIELDS_SHOWN} more` : given.join(', ');
        const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?` : '';
        return `${where}: ${WHAT[kind]} \`${name}\`${hint}`;
      }),
    );
  }

  return { checkNames };
}
