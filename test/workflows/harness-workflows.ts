// Test-only workflows that prove the harness: real I/O in an activity, and survival of a
// worker restart.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { lookerApiTaskQueue } from '../../workflows/support/task-queues';
import type { HarnessActivities } from '../harness-activities';

export async function fetchAndGreet(url: string): Promise<string> {
  const { fetchText } = proxyActivities<HarnessActivities>({
    taskQueue: lookerApiTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '30s',
    retry: { initialInterval: '50ms', maximumAttempts: 5 },
  });
  return `hello, ${await fetchText(url)}`;
}
