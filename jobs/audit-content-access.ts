// auditContentAccess: who can see or edit a dashboard, through which folder and group.
import { z } from 'zod';
import { DashboardRef, describeDashboardRef } from './dashboard-ref';
import { defineJob } from './job-type';

export const AuditContentAccessInput = z.object({ dashboard: DashboardRef }).strict();
export type AuditContentAccessInput = z.infer<typeof AuditContentAccessInput>;

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
  grants: Array<{ permission: 'view' | 'edit'; group?: { id: string; name: string | null; memberCount: number }; user?: { id: string; name: string | null } }>;
  /** Everyone with access, highest permission per person. */
  users: AccessHolder[];
  /** The same as a Markdown report. */
  report: string;
}

export const auditContentAccessJob = defineJob({
  type: 'auditContentAccess',
  purpose: 'Report who can view or edit a dashboard: its folder access grants, the groups and their members.',
  writes: false,
  tags: ['content', 'governance'],
  input: AuditContentAccessInput,
  summary: (input) => `Audit access to ${describeDashboardRef(input.dashboard)}`,
  target: (input) => describeDashboardRef(input.dashboard),
});
