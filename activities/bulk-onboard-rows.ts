// bulkOnboard's rows, checked and parsed outside the workflow: the input schema (zod) and the
// CSV parser stay at the edge, out of the workflow bundle, and a CSV in the file store is read
// here rather than through workflow history. Touches no Looker: runs on the files queue.
import { ApplicationFailure } from '@temporalio/activity';
import type { BulkOnboardBatch, BulkOnboardBatchInput } from '../contracts/bulk-onboard';
import { bulkOnboardUsers, checkBulkOnboardInput } from '../jobs/bulk-onboard';
import { safeName, type FileStore } from './file-store';

export function createBulkOnboardRowActivities({ files }: { files: FileStore }) {
  return {
    /**
     * Checks every row (so a run started without the job service fails with every bad row too)
     * and returns this run's rows: `usersPerRun` of them after the `rowsDone` earlier runs took.
     */
    async bulkOnboardBatch({ input, rowsDone }: BulkOnboardBatchInput): Promise<BulkOnboardBatch> {
      const csvFile = (input as { csvFile?: unknown } | null)?.csvFile;
      const csv = typeof csvFile === 'string' ? await csvText(files, csvFile) : undefined;
      const parsed = checkBulkOnboardInput(csv === undefined ? input : { ...(input as object), csvFile: undefined, csv });
      if (!parsed.ok) return { ok: false, problems: parsed.problems };
      const { concurrency, usersPerRun } = parsed.data;
      const users = bulkOnboardUsers(parsed.data);
      return {
        ok: true,
        total: users.length,
        concurrency,
        usersPerRun,
        rows: users.slice(rowsDone, rowsDone + usersPerRun),
        // Every name of every row, so the first run resolves them all before its first user.
        names: {
          roles: [...new Set(users.flatMap((u) => u.roles))],
          groups: [...new Set(users.flatMap((u) => u.groups))],
          userAttributes: [...new Set(users.flatMap((u) => Object.keys(u.userAttributes)))],
        },
      };
    },
  };
}

async function csvText(files: FileStore, path: string): Promise<string> {
  if (safeName(path) !== path) throw ApplicationFailure.create({ type: 'BadFilePath', nonRetryable: true, message: `csvFile: \`${path}\` is not a file store path` });
  if (!(await files.stat(path))) throw ApplicationFailure.create({ type: 'FileNotFound', nonRetryable: true, message: `csvFile: no file \`${path}\` in the file store` });
  return (await files.read(path)).toString('utf8');
}
