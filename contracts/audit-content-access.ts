// auditContentAccess' contract: input (schema in jobs/audit-content-access.ts), result, queries,
// search attributes.
import type { z } from 'zod';
import type { AuditContentAccessInput as AuditContentAccessInputSchema } from '../jobs/audit-content-access';
import { jobContract } from './job';

export type AuditContentAccessInput = z.infer<typeof AuditContentAccessInputSchema>;

export interface AccessHolder {
  id: string;
  name: string;
  email: string | null;
  permission: 'view' | 'edit';
  /** How the access is granted: "group Finance" or "directly". */
  via: string[];
}

export interface AuditContentAccessResult {
  dashboard: { id: string; title: string; folderId: string | null; folderName: string | null };
  /** Folders the dashboard inherits its access from, nearest first; the last holds the grants. */
  inheritedThrough: string[];
  /** The first GRANTS_SAMPLE grants (reportPath lists every one). */
  grants: Array<{ permission: 'view' | 'edit'; group?: { id: string; name: string | null; memberCount: number }; user?: { id: string; name: string | null } }>;
  /** How many grants there are (runs from before the sample: grants.length). */
  grantCount?: number;
  /** Everyone with access, highest permission per person: the first RESULT_LIST_SAMPLE (usersPath has all). */
  users: AccessHolder[];
  /** How many people have access (runs from before the files: users.length). */
  userCount?: number;
  /** The same as a Markdown report, cut to the people in `users` (reportPath has all). */
  report: string;
  /** The whole report and the whole list (CSV) in the file store. */
  reportPath?: string;
  usersPath?: string;
}

/** Grants named in the result; a content shared with thousands of groups would outgrow a payload. */
export const GRANTS_SAMPLE = 100;

export const auditContentAccessContract = jobContract('auditContentAccess');
