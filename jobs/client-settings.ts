// Settings of the processes that start and follow jobs (MCP server, CLI): they only talk to
// Temporal, never to Looker, so they need no Looker credentials.
import { z } from 'zod';
import { checkTemporalSettings, readSettings, TemporalSettingsShape } from '../common/settings';

export const JobClientSettingsSchema = z
  .object({
    ...TemporalSettingsShape,
    /** Base of the links to a job in the Temporal UI; unset, the UI next to TEMPORAL_ADDRESS (see temporalUiUrlFor). */
    LOOKERFLOW_TEMPORAL_UI_URL: z
      .url({ message: 'must be a URL such as http://temporal.mycompany.com:8233' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  })
  .superRefine(checkTemporalSettings)
  .transform((settings) => ({ ...settings, LOOKERFLOW_TEMPORAL_UI_URL: settings.LOOKERFLOW_TEMPORAL_UI_URL ?? temporalUiUrlFor(settings.TEMPORAL_ADDRESS) }));

export type JobClientSettings = z.infer<typeof JobClientSettingsSchema>;

/** Parses settings, or throws a SettingsError with one line per bad setting. */
export function readJobClientSettings(env: NodeJS.ProcessEnv = process.env): JobClientSettings {
  return readSettings(JobClientSettingsSchema, env);
}

/**
 * The Temporal UI of the server at `address` when none is configured: Temporal Cloud's web UI for
 * a Cloud namespace, else the UI's usual port 8233 on the server's host, so a link names the host
 * the operator configured and never a loopback address they did not.
 */
export function temporalUiUrlFor(address: string): string {
  const host = address.replace(/:\d+$/, '');
  return host.endsWith('.tmprl.cloud') ? 'https://cloud.temporal.io' : `http://${host}:8233`;
}
