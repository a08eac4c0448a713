// Temporal schedules that start a job on a cron: create, list, describe, pause, trigger and delete them. Part of
// the job service (createJobService composes these in), so MCP and the CLI reach them there.
import { randomUUID } from 'node:crypto';
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { LookerJobType, LookerTarget, type Principal } from '../contracts/job';
import { cronProblem } from './cron';
import { JobRequestError } from './job-errors';
import type { JobType } from './job-type';
import { isSavedScriptType, listedJobType } from './saved-scripts';

export interface ScheduleRequest {
  scheduleId?: string;
  type: string;
  input: unknown;
  cron: string;
  timezone?: string;
  paused?: boolean;
  /** Who creates it: the jobs it starts carry this principal. */
  principal?: Principal;
}

export interface ScheduleSummary {
  scheduleId: string;
  type?: string;
  paused: boolean;
  cron?: string;
  timezone?: string;
  nextRuns: string[];
  recentJobs: string[];
}

/** What every job's workflow is started with, by a start or by a schedule. */
export interface JobWorkflowOptions {
  taskQueue: string;
  /** The workflow that runs the job: its type, or the one it runs as (a saved script runs runScript). */
  workflowType: string;
  args: unknown[];
  typedSearchAttributes: SearchAttributePair[];
  memo?: Record<string, unknown>;
  staticSummary: string;
}

/** The job service's own checks and options, so a scheduled run looks like a started one. */
export interface JobScheduleDeps {
  client: Client;
  jobTypes: JobType[];
  resolveJobType(type: string, catalog: JobType[]): Promise<JobType>;
  validateInput(job: JobType, input: unknown): unknown;
  workflowOptions(job: JobType, input: unknown, principal?: Principal): JobWorkflowOptions;
  /** The names the input gives, checked against Looker (jobs/name-checks.ts). */
  checkNames(job: JobType, input: unknown): Promise<void>;
}

export function createJobSchedules({ client, jobTypes, resolveJobType, validateInput, workflowOptions, checkNames }: JobScheduleDeps) {
  async function createSchedule(request: ScheduleRequest, catalog: JobType[] = jobTypes): Promise<ScheduleSummary> {
    // A saved script's schedule holds the version it is created with: a later save changes it not.
    const job = await resolveJobType(request.type, catalog);
    const badCron = cronProblem(request.cron);
    if (badCron) throw new JobRequestError(`cron ${badCron}`);
    const input = validateInput(job, request.input);
    await checkNames(job, input);
    const scheduleId = request.scheduleId ?? `${job.type.replace(':', '-')}-${randomUUID().slice(0, 8)}`;
    try {
      await client.schedule.create({
        scheduleId,
        spec: { cronExpressions: [request.cron], timezone: request.timezone },
        action: { type: 'startWorkflow', workflowId: `${job.type.replace(':', '-')}-${scheduleId}`, ...workflowOptions(job, input, request.principal) },
        state: { paused: request.paused ?? false, note: `created for ${job.summary(input)}` },
        // A saved script's schedule names the script, so listings show `script:<name>`, not runScript.
        typedSearchAttributes: [{ key: LookerJobType, value: job.workflow?.type ?? job.type }, ...(job.workflow ? [{ key: LookerTarget, value: job.type }] : [])],
        // Temporal turns cron strings into calendar specs; the memo keeps what the caller wrote.
        memo: { cron: request.cron, timezone: request.timezone ?? 'UTC' },
      });
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) throw new JobRequestError(`A schedule with id \`${scheduleId}\` already exists`);
      throw error;
    }
    return describeSchedule(scheduleId);
  }

  async function describeSchedule(scheduleId: string): Promise<ScheduleSummary> {
    const s = await client.schedule.getHandle(scheduleId).describe();
    const action = s.action.type === 'startWorkflow' ? s.action : undefined;
    const target = s.typedSearchAttributes.get(LookerTarget) ?? targetOf(action?.typedSearchAttributes);
    return summarize(scheduleId, action && listedJobType(action.workflowType, target), s);
  }

  /**
   * The schedules of the catalog's jobs, and of saved scripts (`script:<name>`) that
   * `showsSavedScript` lets through (an MCP server checks its policy; by default all).
   */
  async function listSchedules(catalog: JobType[] = jobTypes, showsSavedScript: (type: string) => Promise<boolean> = async () => true): Promise<ScheduleSummary[]> {
    const types = new Set(catalog.map((j) => j.type));
    const schedules: ScheduleSummary[] = [];
    for await (const s of client.schedule.list({ pageSize: 100 })) {
      const workflowType = s.action?.type === 'startWorkflow' ? s.action.workflowType : undefined;
      if (!workflowType) continue;
      const type = listedJobType(workflowType, s.typedSearchAttributes?.get(LookerTarget));
      if (isSavedScriptType(type) ? !(await showsSavedScript(type)) : !types.has(type)) continue;
      schedules.push(summarize(s.scheduleId, type, s));
    }
    return schedules;
  }

  /** The type a schedule starts, or a clear error; callers check it against their access policy. */
  async function scheduleJobType(scheduleId: string): Promise<string | undefined> {
    try {
      return (await describeSchedule(scheduleId)).type;
    } catch (error) {
      if (error instanceof Error && error.name === 'ScheduleNotFoundError') throw new JobRequestError(`No schedule with id \`${scheduleId}\``);
      throw error;
    }
  }

  async function setSchedulePaused(scheduleId: string, paused: boolean, reason: string): Promise<ScheduleSummary> {
    const handle = client.schedule.getHandle(scheduleId);
    await (paused ? handle.pause(reason) : handle.unpause(reason));
    return describeSchedule(scheduleId);
  }

  async function deleteSchedule(scheduleId: string): Promise<void> {
    await client.schedule.getHandle(scheduleId).delete();
  }

  /** Starts the schedule's job now, once, besides its cron runs. */
  async function triggerSchedule(scheduleId: string): Promise<ScheduleSummary> {
    await client.schedule.getHandle(scheduleId).trigger();
    return describeSchedule(scheduleId);
  }

  return { createSchedule, describeSchedule, listSchedules, scheduleJobType, setSchedulePaused, triggerSchedule, deleteSchedule };
}

/** The target the schedule's jobs carry (a schedule made before schedules named their script has only this). */
function targetOf(attributes: SearchAttributePair[] | TypedSearchAttributes | undefined): string | undefined {
  if (!attributes) return undefined;
  if (attributes instanceof TypedSearchAttributes) return attributes.get(LookerTarget);
  const pair = attributes.find((p) => p.key.name === LookerTarget.name);
  return typeof pair?.value === 'string' ? pair.value : undefined;
}

/** What a described schedule and a listed one have in common. */
interface ScheduleView {
  state: { paused: boolean };
  memo?: Record<string, unknown>;
  info: { nextActionTimes: Date[]; recentActions: Array<{ action: { workflow: { workflowId: string } } }> };
}

function summarize(scheduleId: string, type: string | undefined, { state, memo, info }: ScheduleView): ScheduleSummary {
  return {
    scheduleId,
    type,
    paused: state.paused,
    // Temporal turns cron strings into calendar specs; the memo keeps what the caller wrote.
    cron: typeof memo?.cron === 'string' ? memo.cron : undefined,
    timezone: typeof memo?.timezone === 'string' ? memo.timezone : undefined,
    nextRuns: info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
    recentJobs: info.recentActions.map((a) => a.action.workflow.workflowId),
  };
}
