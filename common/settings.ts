// Settings pieces shared by the worker and the processes that start jobs (MCP server, CLI,
// codec server): the Temporal connection (address, namespace, TLS, API key), the payload
// encryption keys and the one-line-per-bad-setting error. Both sides import them from here,
// so client code never loads the worker.
import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import { codecKeysFromSettings, CodecSettingsShape } from './codec-settings';
import { AesGcmPayloadCodec } from './payload-codec';
import { temporalConnectionFromSettings, TemporalConnectionShape, type TemporalConnectionOptions } from './temporal-connection';

export const TemporalSettingsShape = {
  ...TemporalConnectionShape,
  ...CodecSettingsShape,
  LOOKERFLOW_TASK_QUEUE: z.string().min(1).default('lookerflow'),
};

const TemporalSettingsSchema = z.object(TemporalSettingsShape);
type TemporalSettings = z.infer<typeof TemporalSettingsSchema>;

/** For a settings schema's superRefine: TLS files, mTLS pairs and codec keys checked together. */
export function checkTemporalSettings(settings: TemporalSettings, ctx: z.RefinementCtx): void {
  const issues = [...temporalConnectionFromSettings(settings).issues, ...codecKeysFromSettings(settings).issues];
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}

export interface TemporalSetup {
  connection: TemporalConnectionOptions;
  namespace: string;
  /** The payload codec, always installed: without keys it encrypts nothing and names the missing key of an encrypted payload. */
  dataConverter: DataConverter;
  encrypted: boolean;
}

/** What a process needs to connect: options for Connection/NativeConnection, namespace, data converter. */
export function temporalSetup(settings: TemporalSettings): TemporalSetup {
  const connection = temporalConnectionFromSettings(settings);
  const codec = codecKeysFromSettings(settings);
  const issues = [...connection.issues, ...codec.issues];
  if (issues.length) throw new SettingsError(issues.map((issue) => `Invalid setting ${issue.path}: ${issue.message}`).join('\n'));
  const keys = codec.keys ?? { keys: new Map(), currentKeyId: undefined };
  return {
    connection: connection.options,
    namespace: settings.TEMPORAL_NAMESPACE,
    dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(keys)] },
    encrypted: keys.currentKeyId !== undefined,
  };
}

export class SettingsError extends Error {}

/** Parses settings with `schema`, or throws a SettingsError whose message is one line per bad setting. */
export function readSettings<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  // An empty variable counts as unset (compose passes `${X:-}` through as "").
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (parsed.success) return parsed.data;
  throw new SettingsError(formatSettingsIssues(parsed.error));
}

/** `Invalid setting TEMPORAL_ADDRESS: must be host:port, ...` — never echoes a value (it may be a secret). */
export function formatSettingsIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `Invalid setting ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    .join('\n');
}
