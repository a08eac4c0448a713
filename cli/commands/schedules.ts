// `lookerflow schedules list|create|describe|pause|unpause|trigger|delete`: the same schedule
// functions of the job service as the MCP schedule tools.
import type { JobService, ScheduleSummary } from '../../jobs/job-service';
import { fail, reason, type CommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import { readInput } from '../input';
import { table, type Out } from '../output';
import { operatorPrincipal } from '../operator';

export const SCHEDULE_COMMANDS = ['list', 'create', 'describe', 'pause', 'unpause', 'trigger', 'delete'];

export async function runSchedulesCommand({ values, positionals }: CommandArgs, jobs: JobService, out: Out): Promise<number> {
  const [sub, id] = positionals;
  const show = (value: ScheduleSummary[] | ScheduleSummary | object) => {
    if (values.json) out.log(JSON.stringify(value, null, 2));
    else {
      const rows = (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
      const cells = rows.map((s) => ({ ...s, 'next run': (s.nextRuns as string[])[0], 'last job': (s.recentJobs as string[]).at(-1) }));
      out.log(table(cells, ['scheduleId', 'type', 'cron', 'timezone', 'paused', 'next run', 'last job']));
    }
    return EXIT.ok;
  };
  // Refuses a schedule that is not lookerflow's before acting on it (it names a missing one).
  const scheduleId = async () => {
    const given = id ?? fail(`schedules ${sub}: give the schedule id (see \`lookerflow schedules list\`)`);
    if (!(await jobs.scheduleJobType(given))) fail(`schedule \`${given}\` does not start a lookerflow job`);
    return given;
  };
  switch (sub) {
    case 'list':
      return values.json ? show({ schedules: await jobs.listSchedules() }) : show(await jobs.listSchedules());
    case 'create': {
      const type = id ?? fail('schedules create: give the job type (see `lookerflow job-types`)');
      const cron = values.cron ?? fail('schedules create: give --cron, e.g. --cron "0 6 * * MON"');
      const input = readInput(values.input, values['input-file']);
      return show(await jobs.createSchedule({ scheduleId: values['schedule-id'], type, input, cron, timezone: values.timezone, paused: values.paused, principal: operatorPrincipal() }));
    }
    case 'describe':
      return show(await jobs.describeSchedule(await scheduleId()));
    case 'pause':
    case 'unpause': {
      const target = await scheduleId();
      return show(await jobs.setSchedulePaused(target, sub === 'pause', reason(values.reason)));
    }
    case 'trigger':
      return show(await jobs.triggerSchedule(await scheduleId()));
    case 'delete': {
      const target = await scheduleId();
      await jobs.deleteSchedule(target);
      if (values.json) out.log(JSON.stringify({ scheduleId: target, deleted: true }, null, 2));
      else out.log(`deleted ${target}; jobs it already started go on`);
      return EXIT.ok;
    }
    default:
      return fail(`schedules: give one of ${SCHEDULE_COMMANDS.join(', ')}`);
  }
}
