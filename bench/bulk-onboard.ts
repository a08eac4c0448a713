// B1 limit use: bulkOnboard of N users (default 1,000) through a Looker emulator that rate-limits
// like a real instance. Clean when every user exists exactly once with their roles and group and
// no row failed; 429s along the way only slow the job down. Reported as ratios to Looker's limit.
import type { BulkOnboardResult } from '../contracts/bulk-onboard';
import type { Client } from '@temporalio/client';
import { createJobService } from '../jobs/job-service';
import type { EmulatorProcess } from '../scripts/emulator-process';
import { withBenchStack, type EmulatorCounters } from './bench-stack';

export interface BulkOnboardBenchOptions {
  users: number;
  /** The emulator's limit: sustained Looker calls per second (burst the same). */
  lookerRps: number;
  /** The worker's LOOKER_API_RPS, a ceiling; unset: the governor has none. */
  workerRps?: number;
  concurrency: number;
}

export interface BulkOnboardBenchReport extends BulkOnboardBenchOptions {
  seconds: number;
  lookerCalls: number;
  throttled429: number;
  share429: number;
  /** Answered calls per second ÷ Looker's limit (goal ≥ 0.9). */
  limitUse: number;
  /** Wall time ÷ (answered calls ÷ limit). */
  wallOverIdeal: number;
  callsPerUser: number;
  /** Emails in Looker more than once. */
  duplicates: number;
  failed: BulkOnboardResult['failed'];
  /** Emails missing from Looker or present more than once, or with the wrong roles or group. */
  wrongInLooker: string[];
}

/** The parts of the emulator's state (GET /_emulator/state) the check reads. */
interface LookerState {
  users: Record<string, { id: string; role_ids: string[]; credentials_email?: { email: string } | null }>;
  groups: Record<string, { user_ids: string[] }>;
}

const FINANCE = '3';
const VIEWER_AND_DEVELOPER = ['2', '3'];

export function benchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BulkOnboardBenchOptions {
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    users: number('BENCH_USERS', 1000),
    lookerRps: number('BENCH_LOOKER_RPS', 20),
    workerRps: env.BENCH_LOOKER_API_RPS ? Number(env.BENCH_LOOKER_API_RPS) : undefined,
    concurrency: number('BENCH_CONCURRENCY', 10),
  };
}

export async function benchBulkOnboard(options: BulkOnboardBenchOptions): Promise<BulkOnboardBenchReport> {
  const limit = { rps: options.lookerRps, burst: options.lookerRps };
  return withBenchStack({ lookerLimit: limit, workerRps: options.workerRps, concurrency: 40, taskQueue: 'bench-bulk-onboard' }, (stack) => onboardAndCheck(stack, options));
}

/** What onboardAndCheck needs of a stack: a client, the emulator (as a process) and the job task queue. */
export interface OnboardStack {
  client: Client;
  emulator: Pick<EmulatorProcess, 'admin'>;
  taskQueue: string;
}

/** Onboards options.users users through the job service on `stack`, then checks Looker's state. */
export async function onboardAndCheck({ client, emulator, taskQueue }: OnboardStack, options: BulkOnboardBenchOptions): Promise<BulkOnboardBenchReport> {
  const emails = Array.from({ length: options.users }, (_, i) => `bench${i + 1}@company.com`);
  const csv = ['email,firstName,lastName,roles,groups', ...emails.map((email, i) => `${email},Bench,"User ${i + 1}",Viewer;Developer,Finance`)].join('\n');
  const started = Date.now();
  // Like any user: the CSV (over the 64 KB inline limit at 1,000 users) is uploaded to the file
  // store and the job is started by reference through the job service, which checks every row.
  const jobs = createJobService({ client, taskQueue, uiBaseUrl: 'http://localhost:8233' });
  const { path } = await jobs.files.upload('bench-users.csv', Buffer.from(csv));
  const { jobId } = await jobs.startJob({ type: 'bulkOnboard', input: { csvFile: path, concurrency: options.concurrency } });
  const result = (await client.workflow.getHandle(jobId).result()) as BulkOnboardResult;
  const seconds = (Date.now() - started) / 1000;

  const state = await emulator.admin<LookerState>('GET', '/state');
  const usersByEmail = new Map<string, Array<{ id: string; role_ids: string[] }>>();
  for (const user of Object.values(state.users)) {
    const email = user.credentials_email?.email.toLowerCase();
    if (email) usersByEmail.set(email, [...(usersByEmail.get(email) ?? []), user]);
  }
  const wrongInLooker = emails.filter((email) => {
    const found = usersByEmail.get(email) ?? [];
    if (found.length !== 1) return true;
    const roles = [...found[0].role_ids].sort();
    return roles.join() !== VIEWER_AND_DEVELOPER.join() || !state.groups[FINANCE].user_ids.includes(found[0].id);
  });
  const counters = await emulator.admin<EmulatorCounters>('GET', '/counters');
  const answered = counters.total - counters.throttled429;
  return {
    ...options,
    seconds,
    lookerCalls: counters.total,
    throttled429: counters.throttled429,
    share429: counters.throttled429 / counters.total,
    limitUse: answered / seconds / options.lookerRps,
    wallOverIdeal: seconds / (answered / options.lookerRps),
    callsPerUser: counters.total / options.users,
    duplicates: emails.filter((email) => (usersByEmail.get(email)?.length ?? 0) > 1).length,
    failed: result.failed,
    wrongInLooker,
  };
}

/** Prints the report; true when the run was clean. */
export function printBulkOnboardReport(r: BulkOnboardBenchReport): boolean {
  const ok = r.failed.length === 0 && r.wrongInLooker.length === 0;
  console.log(
    `bulkOnboard: ${r.users} users in ${r.seconds.toFixed(1)} s (Looker limit ${r.lookerRps}/s, LOOKER_API_RPS ${r.workerRps ?? 'unset'}, concurrency ${r.concurrency}); ` +
      `limit use ${r.limitUse.toFixed(2)}, ${(r.share429 * 100).toFixed(1)}% answered 429, wall ÷ ideal ${r.wallOverIdeal.toFixed(2)}, ` +
      `${r.callsPerUser.toFixed(2)} calls/user, ${r.duplicates} duplicates, ${r.failed.length} failed, ${r.wrongInLooker.length} wrong in Looker → ${ok ? 'PASS' : 'FAIL'}`,
  );
  for (const failure of r.failed.slice(0, 10)) console.log(`  failed ${failure.email}: ${failure.reason}`);
  if (r.wrongInLooker.length) console.log(`  wrong in Looker: ${r.wrongInLooker.slice(0, 10).join(', ')}`);
  return ok;
}
