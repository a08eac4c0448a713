// Settings pieces shared by the worker and the processes that start jobs (MCP server, CLI):
// the Temporal connection fields and the one-line-per-bad-setting error. Both sides import
// them from here, so client code never loads the worker.
import { z } from 'zod';

export const TemporalSettingsShape = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, for example localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  LOOKERFLOW_TASK_QUEUE: z.string().min(1).default('lookerflow'),
};

export class SettingsError extends Error {}

/** Parses settings with `schema`, or throws a SettingsError whose message is one line per bad setting. */
export function readSettings<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new SettingsError(formatSettingsIssues(parsed.error));
}

/** `Invalid setting TEMPORAL_ADDRESS: must be host:port, ...` — never echoes a value (it may be a secret). */
export function formatSettingsIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `Invalid setting ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}
