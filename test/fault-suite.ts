// Shared pieces of the fault suite (test/faults-f*.test.ts): the same three jobs — a bulk
// onboarding, a KPI setup and an archive run — started against an emulator, run once cleanly
// and once under a fault, and the emulator's final Looker state compared whole.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { startEmulator, type EmulatorState, type RunningEmulator } from '../emulator';
import { ArchiveStaleContentInput } from '../jobs/archive-stale-content';
import { BulkOnboardInput } from '../jobs/bulk-onboard';
import { SetupKpiMonitoringInput } from '../jobs/setup-kpi-monitoring';
import { uniqueTaskQueue } from './harness';

/** One business "now" for every emulator of a file, so seeds (and what counts as stale) agree. */
const NOW = new Date();

export interface FaultEmulator {
  emulator: RunningEmulator;
  /** The environment a worker process needs to run jobs against this emulator. */
  workerEnv(temporalAddress: string, taskQueue: string): Record<string, string>;
}

/** A demo-seeded emulator with its own file store; closed after the file. */
export async function startFaultEmulator(): Promise<FaultEmulator> {
  const emulator = await startEmulator({ port: 0, seed: 'demo', now: () => new Date(NOW.getTime()) });
  after(() => emulator.close());
  const filesDir = mkdtempSync(join(tmpdir(), 'lookerflow-faults-'));
  return {
    emulator,
    workerEnv: (temporalAddress, taskQueue) => ({
      TEMPORAL_ADDRESS: temporalAddress,
      LOOKERFLOW_TASK_QUEUE: taskQueue,
      LOOKERFLOW_FILES_DIR: filesDir,
      LOOKERSDK_BASE_URL: emulator.baseUrl,
      LOOKERSDK_CLIENT_ID: emulator.clientId,
      LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
      // The emulator is not rate-limited unless a test says so; the default budget (10/s) would
      // make a 200-user onboarding take minutes for no fault at all.
      LOOKER_API_RPS: '200',
    }),
  };
}

export const FAULT_JOB_TYPES = ['bulkOnboard', 'setupKpiMonitoring', 'archiveStaleContent'] as const;
export type FaultJobType = (typeof FAULT_JOB_TYPES)[number];

/** The inputs of the three jobs, parsed as the job service parses them. */
export function faultJobInputs(users: number): Record<FaultJobType, unknown> {
  return {
    bulkOnboard: BulkOnboardInput.parse({
      users: Array.from({ length: users }, (_, i) => ({
        email: `fault${i + 1}@company.com`,
        firstName: 'Fault',
        lastName: `User ${i + 1}`,
        roles: ['Viewer'],
        groups: ['Finance'],
      })),
      concurrency: 10,
      // Several runs, so faults also land around continue-as-new.
      usersPerRun: Math.max(1, Math.ceil(users / 3)),
    }),
    setupKpiMonitoring: SetupKpiMonitoringInput.parse({
      dashboard: { title: 'Daily Active Users' },
      schedule: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Berlin', recipients: ['growth@company.com'], format: 'pdf' },
      alert: { field: 'events.daily_active_users', comparison: 'less than', threshold: 10_000, recipients: ['oncall@company.com'] },
    }),
    archiveStaleContent: ArchiveStaleContentInput.parse({
      unusedDays: 365,
      action: 'move',
      archiveFolder: { name: 'Fault Archive' },
      dryRun: false,
      requireApproval: false,
      // Several archiving runs of a few items each, so a fault lands mid-batch.
      archiveItemsPerRun: 3,
    }),
  };
}

export type FaultJobs = Record<FaultJobType, WorkflowHandle>;

/** Starts one of the jobs on `taskQueue`; its workflow id carries the queue, so runs never collide. */
export function startFaultJob(client: Client, taskQueue: string, type: FaultJobType, input: unknown): Promise<WorkflowHandle> {
  return client.workflow.start(type, { taskQueue, workflowId: `${type}-${taskQueue}`, args: [input], workflowExecutionTimeout: '15m' });
}

/** Starts the three jobs on `taskQueue` at once. */
export async function startFaultJobs(client: Client, taskQueue: string, inputs: Record<FaultJobType, unknown>): Promise<FaultJobs> {
  const handles = await Promise.all(FAULT_JOB_TYPES.map((type) => startFaultJob(client, taskQueue, type, inputs[type])));
  return Object.fromEntries(FAULT_JOB_TYPES.map((type, i) => [type, handles[i]])) as FaultJobs;
}

/** Waits for every job; returns how many completed (a failed job fails the test, naming it). */
export async function allCompleted(jobs: FaultJobs): Promise<number> {
  let completed = 0;
  for (const type of FAULT_JOB_TYPES) {
    const result = await jobs[type].result().catch((error: unknown) => assert.fail(`${type} did not complete: ${String(error)}`));
    if (type === 'bulkOnboard') assert.deepEqual((result as { failed: unknown[] }).failed, [], 'no bulkOnboard row failed');
    completed++;
  }
  return completed;
}

/**
 * The three jobs run once on a worker with no fault, against a fresh emulator: the state every
 * faulted run must end in.
 */
export async function cleanRunState(
  client: Client,
  temporalAddress: string,
  users: number,
  startWorker: (env: Record<string, string>) => Promise<unknown>,
): Promise<LookerSnapshot> {
  const clean = await startFaultEmulator();
  const taskQueue = uniqueTaskQueue('faults-clean');
  await startWorker(clean.workerEnv(temporalAddress, taskQueue));
  await allCompleted(await startFaultJobs(client, taskQueue, faultJobInputs(users)));
  return lookerSnapshot(clean.emulator.admin.state());
}

/**
 * What the jobs can change — users (with roles, groups, attributes), groups, folders, scheduled
 * plans, alerts, dashboards and Looks — with every record's own id, timestamps and secrets left
 * out and every reference to a user, role, group, folder or query replaced by what it names
 * (an email, a name, a folder path, the query's fields), so two runs that created the same
 * things in a different order compare equal. Each collection is a sorted list of records.
 */
export type LookerSnapshot = Record<string, string[]>;

const COMPARED = ['users', 'groups', 'folders', 'scheduled_plans', 'alerts', 'dashboards', 'dashboard_elements', 'looks'] as const;
const VOLATILE = /(^id$|_at$|_ms$|^content_metadata_id$|^client_id$|^client_secret$|password_reset_token|^slug$)/;

export function lookerSnapshot(state: EmulatorState): LookerSnapshot {
  const userKey = (id: string) => {
    const user = state.users[id];
    return user ? `user:${user.credentials_email?.email ?? `#${id}`}` : `user:missing#${id}`;
  };
  const folderKey = (id: string | null, depth = 0): string => {
    const folder = id ? state.folders[id] : undefined;
    if (!folder) return id ? `folder:missing#${id}` : 'folder:-';
    return depth > 20 ? `folder:${folder.name}` : `${folderKey(folder.parent_id, depth + 1)}/${folder.name}`;
  };
  const queryKey = (id: string | null) => {
    const query = id ? state.queries[id] : undefined;
    return query ? `query:${query.model}/${query.view}/${query.fields.join(',')}/${JSON.stringify(query.filters)}` : id;
  };
  const ref = (key: string, value: unknown): unknown => {
    if (typeof value !== 'string' && !Array.isArray(value)) return value;
    const one = (id: string) => {
      if (/^(user_id|owner_id|creator_id|deleter_id|user_ids)$/.test(key)) return userKey(id);
      if (key === 'role_ids') return `role:${state.roles[id]?.name ?? id}`;
      if (key === 'group_ids') return `group:${state.groups[id]?.name ?? id}`;
      if (/^(folder_id|parent_id|personal_folder_id|home_folder_id)$/.test(key)) return folderKey(id);
      if (key === 'query_id') return queryKey(id);
      return id;
    };
    return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? one(v) : v)).sort() : one(value);
  };
  const normalize = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((v) => normalize(v));
      return items.every((v) => typeof v === 'string') ? ref(key, items) : items.map((v) => JSON.stringify(v)).sort();
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !VOLATILE.test(k))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, normalize(v, k)]),
      );
    }
    return ref(key, value);
  };
  return Object.fromEntries(
    COMPARED.map((name) => [name, Object.values(state[name] as Record<string, object>).map((r) => JSON.stringify(normalize(r))).sort()]),
  );
}

export interface SnapshotDiff {
  /** Records of the clean run that the faulted run lacks (or holds differently). */
  lost: string[];
  /** Records the faulted run holds that the clean run does not: duplicates or stray writes. */
  extra: string[];
}

/** The difference between two snapshots, as multisets per collection. */
export function diffSnapshots(clean: LookerSnapshot, faulted: LookerSnapshot): SnapshotDiff {
  const lost: string[] = [];
  const extra: string[] = [];
  for (const name of Object.keys(clean)) {
    const remaining = new Map<string, number>();
    for (const r of faulted[name] ?? []) remaining.set(r, (remaining.get(r) ?? 0) + 1);
    for (const r of clean[name]) {
      const left = remaining.get(r) ?? 0;
      if (left > 0) remaining.set(r, left - 1);
      else lost.push(`${name}: ${r}`);
    }
    for (const [r, n] of remaining) for (let i = 0; i < n; i++) extra.push(`${name}: ${r}`);
  }
  return { lost, extra };
}

/** Asserts the faulted run ended in the clean run's state; returns the figures the test prints. */
export function assertSameState(clean: LookerSnapshot, faulted: LookerSnapshot): { duplicates: number; lostWrites: number } {
  const diff = diffSnapshots(clean, faulted);
  const show = (list: string[]) => list.slice(0, 5).join('\n  ') + (list.length > 5 ? `\n  … ${list.length - 5} more` : '');
  assert.ok(diff.lost.length === 0 && diff.extra.length === 0, `final state differs from a clean run's:\n lost:\n  ${show(diff.lost)}\n extra:\n  ${show(diff.extra)}`);
  return { duplicates: diff.extra.length, lostWrites: diff.lost.length };
}
