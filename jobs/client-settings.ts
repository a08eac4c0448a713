// Settings of the processes that start and follow jobs (MCP server, CLI): they only talk to
// Temporal, never to Looker, so they need no Looker credentials.
import { z } from 'zod';
import { formatSettingsIssues, SettingsError, WorkerSettingsSchema } from '../worker/settings';

export const JobClientSettingsSchema = z.object({
  TEMPORAL_ADDRESS: WorkerSettingsSchema.shape.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: WorkerSettingsSchema.shape.TEMPORAL_NAMESPACE,
  LOOKERFLOW_TASK_QUEUE: WorkerSettingsSchema.shape.LOOKERFLOW_TASK_QUEUE,
  /** Base of the links to a job in the Temporal UI. */
  LOOKERFLOW_TEMPORAL_UI_URL: z
    .url({ message: 'must be a URL such as http://localhost:8233' })
    .default('http://localhost:8233')
    .transform((url) => url.replace(/\/+$/, '')),
});

export type JobClientSettings = z.infer<typeof JobClientSettingsSchema>;

/** Parses settings, or throws a SettingsError with one line per bad setting. */
export function readJobClientSettings(env: NodeJS.ProcessEnv = process.env): JobClientSettings {
  const parsed = JobClientSettingsSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new SettingsError(formatSettingsIssues(parsed.error));
}
