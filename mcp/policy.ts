// Who may do what through the MCP server: read-only or read/write, which job tags, until when.
// Set by environment variables or a JSON file (LOOKERFLOW_MCP_POLICY_FILE), checked with zod.
// The file may list principals, each with its own token (kept as a SHA-256 digest, never the
// token) and its own methods, tags and expiry.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Principal } from '../contracts/job';
import type { JobType } from '../jobs/job-type';
import { formatSettingsIssues, SettingsError } from '../common/settings';

const methods = z
  .union([z.enum(['read', 'read,write', 'write,read']), z.array(z.enum(['read', 'write']))], { error: 'must be read or read,write' })
  .transform((value) => (typeof value === 'string' ? value.split(',') : value).includes('write'))
  .describe('read | read,write');

const access = {
  /** When set, only job types carrying one of these tags are exposed. */
  tags: z.array(z.string().min(1)).min(1, 'list at least one tag, or leave tags out').optional(),
  /** After this time every call is refused. */
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO time such as 2025-12-31T23:59:59Z' }).optional(),
};

const PrincipalSchema = z
  .object({
    name: z.string().regex(/^[\w.@:-]{1,100}$/, 'must be 1 to 100 letters, digits or . _ @ : -'),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/i, 'must be the token\'s SHA-256 in hex: printf %s "$TOKEN" | sha256sum'),
    /** The Looker user this principal speaks for, recorded with the jobs it starts. */
    lookerUser: z.string().min(1).optional(),
    /** Unset: the file's top-level value. */
    methods: methods.optional(),
    ...access,
  })
  .strict();

export const AccessPolicySchema = z
  .object({
    /** `read`: write jobs are hidden and refused. */
    methods: methods.default(true),
    ...access,
    principals: z
      .array(PrincipalSchema)
      .min(1, 'list at least one principal, or leave principals out')
      .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'principal names must differ')
      .refine((list) => new Set(list.map((p) => p.tokenSha256.toLowerCase())).size === list.length, 'each principal needs its own token')
      .optional(),
    /** A principal may approve a job it started itself. */
    allowSelfApproval: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], { error: 'must be true or false' })
      .default(false),
  })
  .strict();

export interface AccessPolicy {
  allowsWrites: boolean;
  tags?: string[];
  expiresAt?: Date;
  /** Who calls through this policy; jobs it starts and decisions it makes carry the name. */
  principal?: Principal;
  allowSelfApproval?: boolean;
  /** The principals of the policy file, each with its own policy, by token digest. */
  principals?: Array<{ tokenDigest: Buffer; policy: AccessPolicy }>;
}

/** The digest a principal's token is known by. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
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
      allowSelfApproval: env.LOOKERFLOW_MCP_ALLOW_SELF_APPROVAL || undefined,
    };
  }
  const parsed = AccessPolicySchema.safeParse(raw);
  if (!parsed.success) {
    // Named as the operator wrote it: `expiresAt` in the file, LOOKERFLOW_MCP_EXPIRES_AT in the environment.
    const fromFile = Boolean(env.LOOKERFLOW_MCP_POLICY_FILE);
    const setting = (key: string) => (fromFile ? `policy file ${key}` : `LOOKERFLOW_MCP_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`);
    throw new SettingsError(formatSettingsIssues(parsed.error).replace(/^Invalid setting ([\w.]+)/gm, (_all, key: string) => `Invalid setting ${setting(key.split('.')[0])}`).replace(/^Invalid setting \(environment\)/gm, `Invalid setting ${fromFile ? 'policy file' : 'LOOKERFLOW_MCP_*'}`));
  }
  const { methods: allowsWrites, tags, expiresAt, principals, allowSelfApproval } = parsed.data;
  const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
  // Only what is set, so a policy without principals reads as it always has.
  const self = allowSelfApproval ? { allowSelfApproval } : {};
  return {
    allowsWrites,
    tags,
    expiresAt: date(expiresAt),
    ...self,
    ...(principals && {
      principals: principals.map((p) => ({
        tokenDigest: Buffer.from(p.tokenSha256, 'hex'),
        policy: {
          allowsWrites: p.methods ?? allowsWrites,
          tags: p.tags ?? tags,
          expiresAt: date(p.expiresAt ?? expiresAt),
          ...self,
          principal: { name: p.name, ...(p.lookerUser ? { lookerUser: p.lookerUser } : {}) },
        },
      })),
    }),
  };
}

/** The policy a caller works under: its own when it is a listed principal, named `fallback` otherwise. */
export function principalPolicy(policy: AccessPolicy, fallback: string): AccessPolicy {
  return policy.principal ? policy : { ...policy, principals: undefined, principal: { name: fallback } };
}

/** Throws AccessDenied once the policy has expired. */
export function checkNotExpired(policy: AccessPolicy, now = new Date()): void {
  if (policy.expiresAt && now >= policy.expiresAt) {
    throw new AccessDenied(`Access refused: this server's access policy expired at ${policy.expiresAt.toISOString()}`);
  }
}

/** Why the policy hides `job`, or undefined when it is exposed. */
export function whyHidden(policy: AccessPolicy, job: JobType): string | undefined {
  if (job.operatorOnly) return `\`${job.type}\` is run by operators (lookerflow CLI), not through MCP`;
  if (job.writes && !policy.allowsWrites) return `\`${job.type}\` changes Looker and this server is read-only`;
  if (policy.tags && !job.tags.some((tag) => policy.tags!.includes(tag))) {
    return `\`${job.type}\` is not tagged ${policy.tags.join(' or ')}, the only tags this server exposes`;
  }
  return undefined;
}

export function exposedJobTypes(policy: AccessPolicy, jobTypes: JobType[]): JobType[] {
  return jobTypes.filter((job) => !whyHidden(policy, job));
}
