// bulkOnboard at scale: N users (default 1,000) onboarded through a Looker emulator that
// rate-limits like a real instance, by a worker whose Looker call cap sits below that limit.
// Passes when every user exists exactly once with their roles and group, and no row failed;
// 429s along the way are expected and must only slow the job down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities, createLocalFileStore, createLookerClient, lookerSettingsFromEnv } from '../activities';
import { createFileActivities } from '../activities/stored-files';
import { createJobService } from '../jobs/job-service';
import type { BulkOnboardResult } from '../contracts/bulk-onboard';
import { startEmulatorProcess } from '../scripts/emulator-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { createWorkers } from '../worker/create-workers';

export interface BulkOnboardBenchOptions {
  users: number;
  /** The emulator's limit: sustained Looker calls per second (burst the same). */
  lookerRps: number;
  /** The worker's LOOKER_API_RPS: Looker activities per second, kept below lookerRps. */
  workerRps: number;
  concurrency: number;
}

export interface BulkOnboardBenchReport extends BulkOnboardBenchOptions {
  seconds: number;
  lookerCalls: number;
  throttled429: number;
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
    lookerRps: number('BENCH_LOOKER_RPS', 60),
    workerRps: number('BENCH_LOOKER_API_RPS', 40),
    concurrency: number('BENCH_CONCURRENCY', 10),
  };
}

export async function benchBulkOnboard(options: BulkOnboardBenchOptions): Promise<BulkOnboardBenchReport> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-bench-'));
  const server = await startDevServer({ ui: false, logFile: join(scratch, 'temporal.log') });
  const emulator = await startEmulatorProcess({ seed: 'demo' });
  await emulator.admin('PATCH', '/config', { rateLimit: { rps: options.lookerRps, burst: options.lookerRps } });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const env = emulator.lookerEnv;
  const taskQueue = 'bench-bulk-onboard';
  const files = createLocalFileStore(scratch);
  const workers = await createWorkers({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ looker: createLookerClient(lookerSettingsFromEnv(env)), files }),
    fileActivities: createFileActivities({ files }),
    workflows: { workflowsPath: require.resolve('../workflows') },
    lookerApi: { requestsPerSecond: options.workerRps, concurrency: 20 },
    shutdownGraceTime: '2s',
  });
  const running = workers.run();
  try {
    const emails = Array.from({ length: options.users }, (_, i) => `bench${i + 1}@company.com`);
    const csv = ['email,firstName,lastName,roles,groups', ...emails.map((email, i) => `${email},Bench,"User ${i + 1}",Viewer;Developer,Finance`)].join('\n');
    await emulator.admin('DELETE', '/calls');
    const started = Date.now();
    // Like any user: the CSV (over the 64 KB inline limit at 1,000 users) is uploaded to the file
    // store and the job is started by reference through the job service, which checks every row.
    const client = new Client({ connection });
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
    const counters = await emulator.admin<{ total: number; throttled429: number }>('GET', '/counters');
    return { ...options, seconds, lookerCalls: counters.total, throttled429: counters.throttled429, failed: result.failed, wrongInLooker };
  } finally {
    await workers.shutdown();
    await running.catch(() => undefined);
    await nativeConnection.close();
    await connection.close();
    await emulator.stop();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints the report; true when the run was clean. */
export function printBulkOnboardReport(report: BulkOnboardBenchReport): boolean {
  const ok = report.failed.length === 0 && report.wrongInLooker.length === 0;
  console.log(
    `bulkOnboard: ${report.users} users in ${report.seconds.toFixed(1)} s ` +
      `(Looker limit ${report.lookerRps}/s, worker cap ${report.workerRps}/s, concurrency ${report.concurrency}); ` +
      `${report.lookerCalls} Looker calls, ${report.throttled429} answered 429; ` +
      `${report.failed.length} failed, ${report.wrongInLooker.length} wrong in Looker → ${ok ? 'PASS' : 'FAIL'}`,
  );
  // How close the job gets to the Looker limit: answered calls per second against that limit.
  const answered = (report.lookerCalls - report.throttled429) / report.seconds;
  console.log(`  ${answered.toFixed(1)} answered Looker calls/s = ${((answered / report.lookerRps) * 100).toFixed(0)}% of the Looker limit`);
  for (const failure of report.failed.slice(0, 10)) console.log(`  failed ${failure.email}: ${failure.reason}`);
  if (report.wrongInLooker.length) console.log(`  wrong in Looker: ${report.wrongInLooker.slice(0, 10).join(', ')}`);
  return ok;
}
