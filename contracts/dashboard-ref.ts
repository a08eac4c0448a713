// How a job names a dashboard: by id or by exact title (the schema is jobs/dashboard-ref.ts).
import type { z } from 'zod';
import type { DashboardRef as DashboardRefSchema } from '../jobs/dashboard-ref';

export type DashboardRef = z.infer<typeof DashboardRefSchema>;
