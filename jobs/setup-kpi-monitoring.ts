// setupKpiMonitoring: a dashboard gets a delivery schedule and, optionally, an alert on one of
// its numbers ("schedule Daily Active Users daily at 9am, alert if DAU drops below 10,000").
import { z } from 'zod';
import { cronExpression } from './cron';
import { timeZone } from './time-zone';
import { DashboardRef, dashboardName, describeDashboardRef } from './dashboard-ref';
import { DASHBOARD_FORMATS, setupKpiMonitoringContract } from '../contracts/setup-kpi-monitoring';
import { defineJob } from './job-type';

/** Looker's alert comparison_type values. */
export const COMPARISON_TYPES = [
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL_TO',
  'INCREASES_BY',
  'DECREASES_BY',
  'CHANGES_BY',
] as const;

const COMPARISON_SYMBOLS: Record<string, (typeof COMPARISON_TYPES)[number]> = {
  '=': 'EQUAL_TO',
  '==': 'EQUAL_TO',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL_TO',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL_TO',
};

/** Accepts LESS_THAN, "less than", "lessThan", "less-than" or "<". */
export function normalizeComparison(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (COMPARISON_SYMBOLS[trimmed]) return COMPARISON_SYMBOLS[trimmed];
  return trimmed
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}


const email = z.email({ error: 'each recipient must be a valid email address' });
const recipients = (what: string) => z.array(email, { error: `${what} must be a list of email addresses` }).min(1, `${what} must name at least one email address`).max(50);

export const SetupKpiMonitoringInput = z
  .object({
    dashboard: DashboardRef,
    schedule: z
      .object({
        /** Five-field cron, e.g. "0 9 * * *" for daily at 9:00. */
        cron: cronExpression('schedule.cron'),
        timezone: timeZone('schedule.timezone').default('UTC'),
        recipients: recipients('schedule.recipients'),
        format: z.enum(Object.keys(DASHBOARD_FORMATS) as [keyof typeof DASHBOARD_FORMATS], { error: `schedule.format must be one of ${Object.keys(DASHBOARD_FORMATS).join(', ')}` }).default('pdf'),
      })
      .strict(),
    /** An alert on the tile that shows `field`; it runs on the schedule's cron (Looker requires alerts 15+ minutes apart). */
    alert: z
      .object({
        field: z.string({ error: 'alert.field is required' }).trim().regex(/^\w+\.\w+$/, 'alert.field must look like view_name.field_name, e.g. events.daily_active_users'),
        comparison: z.preprocess(normalizeComparison, z.enum(COMPARISON_TYPES, { error: `alert.comparison must be one of ${COMPARISON_TYPES.join(', ')} (or <, <=, >, >=, =)` })),
        threshold: z.number({ error: 'alert.threshold must be a number' }).finite(),
        recipients: recipients('alert.recipients'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SetupKpiMonitoringInput = z.infer<typeof SetupKpiMonitoringInput>;

export const setupKpiMonitoringJob = defineJob({
  contract: setupKpiMonitoringContract,
  purpose: 'Email a dashboard on a schedule; optionally alert on one of its numbers.',
  writes: true,
  tags: ['content', 'schedules', 'alerts'],
  input: SetupKpiMonitoringInput,
  names: (input) => [
    dashboardName(input.dashboard, 'dashboard'),
    ...(input.alert ? [{ field: 'alert.field', kind: 'tileField' as const, name: input.alert.field, dashboard: input.dashboard }] : []),
  ],
  summary: (input) => `Monitor ${describeDashboardRef(input.dashboard)}${input.alert ? `: alert if ${input.alert.field} ${input.alert.comparison} ${input.alert.threshold}` : ''}`,
  target: (input) => describeDashboardRef(input.dashboard),
});
