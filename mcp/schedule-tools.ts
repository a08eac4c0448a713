// Schedule tools: jobs on a cron through Temporal Schedules, for the job types this server exposes.
import { z } from 'zod';
import { cronExpression } from '../jobs/cron';
import type { Principal } from '../contracts/job';
import type { JobService } from '../jobs/job-service';
import type { JobType } from '../jobs/job-type';
import { timeZone } from '../jobs/time-zone';
import { AccessDenied } from './policy';
import { reason, type ToolFn } from './tool-registry';

// Lengths and ids are checked where they are used; tools/list stays small (< 8 KB).
const scheduleId = z.string();

export function registerScheduleTools(
  tool: ToolFn,
  {
    jobService,
    startable,
    catalog,
    principal,
  }: { jobService: JobService; startable(type: string): Promise<void>; catalog(): JobType[]; principal: Principal },
): void {
  const readOnly = { readOnlyHint: true };

  tool(
    'create_schedule',
    {
      description: 'Runs a job on a cron, e.g. "0 6 * * MON", timezone "Europe/Berlin".',
      input: {
        scheduleId: scheduleId.optional(),
        type: z.string(),
        input: z.record(z.string(), z.unknown()).default({}),
        cron: cronExpression('cron'),
        timezone: timeZone('timezone').optional(),
        paused: z.boolean().default(false),
      },
      annotations: { destructiveHint: false },
    },
    async (request) => {
      await startable(request.type);
      return jobService.createSchedule({ ...request, principal }, catalog());
    },
  );

  tool(
    'list_schedules',
    { description: 'Lists job schedules with their next runs and recent jobs.', input: {}, annotations: readOnly },
    async () => ({ schedules: await jobService.listSchedules(catalog(), (type) => startable(type).then(() => true, () => false)) }),
  );

  const checkSchedule = async (id: string) => {
    const type = await jobService.scheduleJobType(id);
    if (!type) throw new AccessDenied(`Access refused: schedule \`${id}\` does not start a lookerflow job`);
    await startable(type);
  };

  for (const paused of [true, false]) {
    tool(
      paused ? 'pause_schedule' : 'unpause_schedule',
      { description: paused ? 'Pauses a schedule.' : 'Resumes a paused schedule.', input: { scheduleId, reason }, annotations: { idempotentHint: true } },
      async ({ scheduleId, reason }) => {
        await checkSchedule(scheduleId);
        return jobService.setSchedulePaused(scheduleId, paused, reason);
      },
    );
  }

  tool(
    'delete_schedule',
    { description: 'Deletes a schedule; jobs it already started go on.', input: { scheduleId }, annotations: { destructiveHint: true } },
    async ({ scheduleId }) => {
      await checkSchedule(scheduleId);
      await jobService.deleteSchedule(scheduleId);
      return { scheduleId, deleted: true };
    },
  );
}
