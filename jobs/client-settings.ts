// Settings of the processes that start and follow jobs (MCP server, CLI): they only talk to
// Temporal, never to Looker, so they need no Looker credentials.
import { z } from 'zod';
import { checkTemporalSettings, readSettings, TemporalSettingsShape } from '../common/settings';

export const JobClientSettingsSchema = z.object({
  ...TemporalSettingsShape,
  /** Base of the links to a job in the Temporal UI. */
  LOOKERFLOW_TEMPORAL_UI_URL: z
    .url({ message: 'must be a URL such as http://localhost:8233' })
    .default('http://localhost:8233')
    .transform((url) => url.replace(/\/+$/, '')),
}).superRefine(checkTemporalSettings);

export type JobClientSettings = z.infer<typeof JobClientSettingsSchema>;

/** Parses settings, or throws a SettingsError with one line per bad setting. */
export function readJobClientSettings(env: NodeJS.ProcessEnv = process.env): JobClientSettings {
  return readSettings(JobClientSettingsSchema, env);
}
