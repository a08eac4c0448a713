// The worker's settings, read from the environment and checked once at start-up so that a
// typo fails in one clear line instead of as a stack trace minutes later.
import { existsSync } from 'node:fs';
import { z } from 'zod';

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, for example localhost:7233');

const positiveNumber = z.coerce.number().positive('must be a positive number');

export const WorkerSettingsSchema = z
  .object({
    TEMPORAL_ADDRESS: hostPort.default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    LOOKERFLOW_TASK_QUEUE: z.string().min(1).default('lookerflow'),
    /**
     * Ceiling for Looker calls per second. The governor learns the real limit from Looker's
     * answers and never goes above this; unset, it starts at 10 calls/s and has no ceiling.
     */
    LOOKER_API_RPS: positiveNumber.optional(),
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
    LOOKERFLOW_FILES_DIR: z.string().min(1).default('.lookerflow/files'),
    /** Seconds in-flight activities get to finish on SIGINT/SIGTERM. */
    LOOKERFLOW_SHUTDOWN_GRACE_SECONDS: positiveNumber.default(30),
  })
  .superRefine((settings, ctx) => {
    if (settings.LOOKERSDK_INI) return;
    for (const name of ['LOOKERSDK_BASE_URL', 'LOOKERSDK_CLIENT_ID', 'LOOKERSDK_CLIENT_SECRET'] as const) {
      if (!settings[name]) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required (or set LOOKERSDK_INI to a looker.ini)' });
      }
    }
  });

export type WorkerSettings = z.infer<typeof WorkerSettingsSchema>;

export class SettingsError extends Error {}

/** Parses settings, or throws a SettingsError whose message is one line per bad setting. */
export function readWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const parsed = WorkerSettingsSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new SettingsError(formatSettingsIssues(parsed.error));
}

/** `Invalid setting TEMPORAL_ADDRESS: must be host:port, ...` — never echoes a value (it may be a secret). */
export function formatSettingsIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `Invalid setting ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}
