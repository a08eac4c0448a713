// Who may do what through the MCP server: read-only or read/write, which job tags, until when.
// Set by environment variables or a JSON file (LOOKERFLOW_MCP_POLICY_FILE), checked with zod.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { JobType } from '../jobs/job-type';
import { formatSettingsIssues, SettingsError } from '../common/settings';

const methods = z
  .union([z.enum(['read', 'read,write', 'write,read']), z.array(z.enum(['read', 'write']))], { error: 'must be read or read,write' })
  .transform((value) => (typeof value === 'string' ? value.split(',') : value).includes('write'))
  .describe('read | read,write');

export const AccessPolicySchema = z
  .object({
    /** `read`: write jobs are hidden and refused. */
    methods: methods.default(true),
    /** When set, only job types carrying one of these tags are exposed. */
    tags: z.array(z.string().min(1)).min(1, 'list at least one tag, or leave tags out').optional(),
    /** After this time every call is refused. */
    expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO time such as 2025-12-31T23:59:59Z' }).optional(),
  })
  .strict();

export interface AccessPolicy {
  allowsWrites: boolean;
  tags?: string[];
  expiresAt?: Date;
}

export class AccessDenied extends Error {
  override name = 'AccessDenied';
}

export const OPEN_POLICY: AccessPolicy = { allowsWrites: true };

/** Reads the policy from LOOKERFLOW_MCP_POLICY_FILE, else LOOKERFLOW_MCP_METHODS / _TAGS / _EXPIRES_AT. */
export function readAccessPolicy(env: NodeJS.ProcessEnv = process.env): AccessPolicy {
  let raw: unknown;
  if (env.LOOKERFLOW_MCP_POLICY_FILE) {
    try {
      raw = JSON.parse(readFileSync(env.LOOKERFLOW_MCP_POLICY_FILE, 'utf8'));
    } catch (error) {
      throw new SettingsError(`Invalid setting LOOKERFLOW_MCP_POLICY_FILE: ${(error as Error).message}`);
    }
  } else {
    raw = {
      methods: env.LOOKERFLOW_MCP_METHODS || undefined,
      tags: env.LOOKERFLOW_MCP_TAGS ? env.LOOKERFLOW_MCP_TAGS.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
      expiresAt: env.LOOKERFLOW_MCP_EXPIRES_AT || undefined,
    };
  }
  const parsed = AccessPolicySchema.safeParse(raw);
  if (!parsed.success) {
    // Named as the operator wrote it: `expiresAt` in the file, LOOKERFLOW_MCP_EXPIRES_AT in the environment.
    const fromFile = Boolean(env.LOOKERFLOW_MCP_POLICY_FILE);
    const setting = (key: string) => (fromFile ? `policy file ${key}` : `LOOKERFLOW_MCP_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`);
    throw new SettingsError(formatSettingsIssues(parsed.error).replace(/^Invalid setting ([\w.]+)/gm, (_all, key: string) => `Invalid setting ${setting(key.split('.')[0])}`).replace(/^Invalid setting \(environment\)/gm, `Invalid setting ${fromFile ? 'policy file' : 'LOOKERFLOW_MCP_*'}`));
  }
  const { methods: allowsWrites, tags, expiresAt } = parsed.data;
  return { allowsWrites, tags, expiresAt: expiresAt ? new Date(expiresAt) : undefined };
}

/** Throws AccessDenied once the policy has expired. */
export function checkNotExpired(policy: AccessPolicy, now = new Date()): void {
  if (policy.expiresAt && now >= policy.expiresAt) {
    throw new AccessDenied(`Access refused: this server's access policy expired at ${policy.expiresAt.toISOString()}`);
  }
}

/** Why the policy hides `job`, or undefined when it is exposed. */
export function whyHidden(policy: AccessPolicy, job: JobType): string | undefined {
  if (job.writes && !policy.allowsWrites) return `\`${job.type}\` changes Looker and this server is read-only`;
  if (policy.tags && !job.tags.some((tag) => policy.tags!.includes(tag))) {
    return `\`${job.type}\` is not tagged ${policy.tags.join(' or ')}, the only tags this server exposes`;
  }
  return undefined;
}

export function exposedJobTypes(policy: AccessPolicy, jobTypes: JobType[]): JobType[] {
  return jobTypes.filter((job) => !whyHidden(policy, job));
}
