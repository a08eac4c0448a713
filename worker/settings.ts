// The worker's settings, read from the environment and checked once at start-up so that a
// typo fails in one clear line instead of as a stack trace minutes later.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { checkTemporalSettings, readSettings, TemporalSettingsShape } from '../common/settings';
import { LOG_LEVELS } from './logging';

const positiveNumber = z.coerce.number().positive('must be a positive number');

export const WorkerSettingsSchema = z
  .object({
    ...TemporalSettingsShape,
    /**
     * Ceiling for Looker calls per second. The governor learns the real limit from Looker's
     * answers and never goes above this; unset, it starts at 10 calls/s and has no ceiling.
     */
    LOOKER_API_RPS: positiveNumber.optional(),
    /**
     * Floor for the learned rate: 429s never pace the worker slower (default 0.5 calls/s). For a
     * Looker that refuses calls at random rather than past a limit, where cutting the rate helps nothing.
     */
    LOOKER_API_MIN_RPS: positiveNumber.optional(),
    /** Looker calls in flight at once in this worker. */
    LOOKER_API_CONCURRENCY: z.coerce.number().int().positive('must be a positive integer').default(10),
    LOOKERSDK_BASE_URL: z.url({ message: 'must be a URL such as https://mycompany.looker.com' }).optional(),
    LOOKERSDK_CLIENT_ID: z.string().min(1).optional(),
    LOOKERSDK_CLIENT_SECRET: z.string().min(1).optional(),
    /** Path of a looker.ini file; values in LOOKERSDK_* variables win over it. */
    LOOKERSDK_INI: z
      .string()
      .refine((path) => existsSync(path), { message: 'no such file' })
      .optional(),
    LOOKERSDK_TIMEOUT: positiveNumber.default(60),
    /** The Looker web address links use (dashboardUrl); unset, the one Looker reports. */
    LOOKERFLOW_LOOKER_WEB_URL: z.url({ message: 'must be a URL such as https://mycompany.looker.com' }).optional(),
    LOOKERFLOW_FILES_DIR: z.string().min(1).default('.lookerflow/files'),
    /** Seconds in-flight activities get to finish on SIGINT/SIGTERM. */
    LOOKERFLOW_SHUTDOWN_GRACE_SECONDS: positiveNumber.default(30),
    /** The Temporal SDK's own output: warn (default) keeps a start to one line; debug shows the bundle report. */
    LOOKERFLOW_LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('warn'),
  })
  .superRefine((settings, ctx) => {
    if (settings.LOOKERSDK_INI) return;
    for (const name of ['LOOKERSDK_BASE_URL', 'LOOKERSDK_CLIENT_ID', 'LOOKERSDK_CLIENT_SECRET'] as const) {
      if (!settings[name]) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required (or set LOOKERSDK_INI to a looker.ini)' });
      }
    }
  })
  .superRefine((settings, ctx) => {
    if (settings.LOOKER_API_MIN_RPS !== undefined && settings.LOOKER_API_RPS !== undefined && settings.LOOKER_API_MIN_RPS > settings.LOOKER_API_RPS) {
      ctx.addIssue({ code: 'custom', path: ['LOOKER_API_MIN_RPS'], message: `must not exceed LOOKER_API_RPS (${settings.LOOKER_API_RPS})` });
    }
  })
  .superRefine(checkTemporalSettings);

export type WorkerSettings = z.infer<typeof WorkerSettingsSchema>;

/** Parses settings, or throws a SettingsError whose message is one line per bad setting. */
export function readWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return readSettings(WorkerSettingsSchema, env);
}
