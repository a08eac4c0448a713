// The end of every job that writes to Looker, in one place: its change list (the writes its
// activities recorded, contracts/changes.ts) is counted into the result as `changes`, and the
// Temporal UI's "current details" of the run list the first changes, each linked to the object
// in Looker. The job service marks such jobs in their memo (RECORDS_CHANGES_MEMO); the worker
// loads this module as a workflow interceptor (worker/workflow-bundle.ts).
import {
  ContinueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  workflowInfo,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import type { LookerActivities } from '../../activities';
import { RECORDS_CHANGES_MEMO, type ChangeSummary } from '../../contracts/changes';
import { fileActivityOptions } from './activity-options';

/** Patch id: a writing job's result counts its changes (one more activity at its end). */
export const RESULT_COUNTS_CHANGES = 'result-counts-changes';

const recordsChanges = () => workflowInfo().memo?.[RECORDS_CHANGES_MEMO] === true;

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        if (!recordsChanges()) return next(input);
        // Details are answered to the UI by a query, not recorded: no command, no patch needed.
        setCurrentDetails(`Changes in Looker are listed here when the job ends; meanwhile \`lookerflow jobs audit ${workflowInfo().workflowId}\` lists them as they are made.`);
        let result: unknown;
        try {
          result = await next(input);
        } catch (error) {
          // A failed job still shows what it changed; a cancelled one may not schedule any more.
          if (!(error instanceof ContinueAsNew) && !isCancellation(error) && patched(RESULT_COUNTS_CHANGES)) await summarize();
          throw error;
        }
        if (!patched(RESULT_COUNTS_CHANGES)) return result;
        const changes = await summarize();
        return isRecord(result) && changes ? { ...result, changes } : result;
      },
    },
  ],
  outbound: [
    {
      // A memo does not pass to the next run by itself; the run that finishes the job needs it.
      continueAsNew(input, next) {
        if (!recordsChanges()) return next(input);
        return next({ ...input, options: { ...input.options, memo: { ...input.options.memo, [RECORDS_CHANGES_MEMO]: true } } });
      },
    },
  ],
});

/** The summary, or undefined when the file store cannot give it: the job's own outcome stands either way. */
async function summarize(): Promise<ChangeSummary | undefined> {
  const { summarizeChanges } = proxyActivities<LookerActivities>({ ...fileActivityOptions(workflowInfo().taskQueue), scheduleToCloseTimeout: '10m' });
  try {
    const summary = await summarizeChanges({ jobId: workflowInfo().workflowId });
    setCurrentDetails(detailsOf(summary));
    return summary;
  } catch (error) {
    if (isCancellation(error)) throw error;
    setCurrentDetails(`Changes in Looker could not be counted (${error instanceof Error ? error.message : String(error)}); \`lookerflow jobs audit ${workflowInfo().workflowId}\` lists them.`);
    return undefined;
  }
}

/** Markdown for the Temporal UI: the counts, then each sampled change linked to its page. */
export function detailsOf({ count, counts, sample, path }: ChangeSummary): string {
  if (count === 0) return '**No changes in Looker.**';
  const kinds = markdownText(Object.entries(counts).map(([kind, n]) => `${kind}: ${n}`).join(', '));
  const lines = sample.map((change) => {
    const what = markdownText([change.id, change.part, change.name && `“${change.name}”`].filter(Boolean).join(' '));
    return `- ${markdownText(`${change.action} ${change.type}`)} ${change.url ? `[${what || 'page'}](${change.url})` : what}`.trimEnd();
  });
  const rest = count > sample.length ? [`- … ${count - sample.length} more in \`${path}\` (\`lookerflow jobs audit ${workflowInfo().workflowId}\`)`] : [];
  return [`**${count} change(s) in Looker** (${kinds})`, '', ...lines, ...rest].join('\n');
}

/** Text as it reads, not as markdown (field names hold underscores). */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]()<>#|]/g, (c) => `\\${c}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
