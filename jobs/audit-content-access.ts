// auditContentAccess: who can see or edit a dashboard, through which folder and group.
import { z } from 'zod';
import { DashboardRef, dashboardName, describeDashboardRef } from './dashboard-ref';
import { auditContentAccessContract } from '../contracts/audit-content-access';
import { defineJob } from './job-type';

export const AuditContentAccessInput = z.object({ dashboard: DashboardRef }).strict();
export type AuditContentAccessInput = z.infer<typeof AuditContentAccessInput>;

export const auditContentAccessJob = defineJob({
  contract: auditContentAccessContract,
  purpose: 'Who can view or edit a dashboard: folder grants, groups, members.',
  writes: false,
  tags: ['content', 'governance'],
  input: AuditContentAccessInput,
  names: (input) => [dashboardName(input.dashboard, 'dashboard')],
  summary: (input) => `Audit access to ${describeDashboardRef(input.dashboard)}`,
  target: (input) => describeDashboardRef(input.dashboard),
});
