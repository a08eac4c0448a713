// setupKpiMonitoring's contract: input (schema in jobs/setup-kpi-monitoring.ts), result, queries,
// search attributes, and the delivery formats both the schema and the workflow know.
import type { z } from 'zod';
import type { EnsureResult } from '../activities/ensure-result';
import type { SetupKpiMonitoringInput as SetupKpiMonitoringInputSchema } from '../jobs/setup-kpi-monitoring';
import { jobContract } from './job';

export type SetupKpiMonitoringInput = z.infer<typeof SetupKpiMonitoringInputSchema>;

/** Looker's dashboard delivery formats, by friendly name. */
export const DASHBOARD_FORMATS = { pdf: 'wysiwyg_pdf', png: 'wysiwyg_png', csv: 'csv_zip', wysiwyg_pdf: 'wysiwyg_pdf', assembled_pdf: 'assembled_pdf', wysiwyg_png: 'wysiwyg_png', csv_zip: 'csv_zip' } as const;

export interface SetupKpiMonitoringResult {
  dashboardId: string;
  /** outcome: created, updated (changed to match the input) or unchanged; created === (outcome === 'created'). */
  scheduledPlan: EnsureResult;
  alert?: EnsureResult;
  dashboardUrl: string;
}

export const setupKpiMonitoringContract = jobContract('setupKpiMonitoring');
