// Looker calls per user in bulk onboarding: N new users (default 100), then the same batch
// again (every user already onboarded), counted by the emulator per operation.
// `npx tsx bench/onboard-calls.ts [--quick]` (quick: 30 users). Goals: ≤ 4.5 calls per
// new user, ≤ 1.2 per user on the re-run.
import type { BulkOnboardResult } from '../contracts/bulk-onboard';
import { runBenchmarkScript, startBenchStack, type BenchStack } from './process-stack';

export interface OnboardCallsRun {
  users: number;
  lookerCalls: number;
  callsPerUser: number;
  byOperation: Record<string, number>;
  failed: number;
}

async function onboardBatch(stack: BenchStack, csv: string, label: string): Promise<OnboardCallsRun> {
  await stack.emulator.admin('DELETE', '/calls');
  const job = await stack.jobService.startJob({ type: 'bulkOnboard', input: { csv, concurrency: 10 } });
  const result = (await stack.client.workflow.getHandle(job.jobId).result()) as BulkOnboardResult;
  const counters = await stack.emulator.admin<{ total: number; byOperation: Record<string, number> }>('GET', '/counters');
  // Logins are the client's, not the job's: left out, as Looker does not bill them per job either.
  const { login: _login, ...byOperation } = counters.byOperation;
  const calls = Object.values(byOperation).reduce((sum, n) => sum + n, 0);
  const failed = result.counts?.failed ?? result.failed.length;
  if (failed) console.error(`${label}: ${failed} failed, e.g. ${result.failed[0].reason}`);
  return { users: result.total, lookerCalls: calls, callsPerUser: Number((calls / result.total).toFixed(2)), byOperation, failed };
}

export async function benchOnboardCalls({ quick = false } = {}): Promise<{ newUsers: OnboardCallsRun; rerun: OnboardCallsRun }> {
  const users = quick ? 30 : 100;
  const stack = await startBenchStack('onboard-calls', { emulator: { seed: 'demo' } });
  try {
    const rows = Array.from({ length: users }, (_, i) => `calls${i + 1}@company.com,Bench,"User ${i + 1}",Viewer;Developer,Finance`);
    const csv = ['email,firstName,lastName,roles,groups', ...rows].join('\n');
    const newUsers = await onboardBatch(stack, csv, 'new users');
    const rerun = await onboardBatch(stack, csv, 're-run');
    return { newUsers, rerun };
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  runBenchmarkScript('onboard-calls', benchOnboardCalls, (report) => {
    for (const [label, run] of Object.entries(report)) {
      console.log(`bulkOnboard ${label}: ${run.users} users, ${run.lookerCalls} Looker calls = ${run.callsPerUser} per user; ${JSON.stringify(run.byOperation)}`);
    }
  });
}
