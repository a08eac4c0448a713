// Idempotency keys: the same type + key is one workflow id, and a key reused with another input
// is refused rather than answered with a job that does something else.
import { createHash } from 'node:crypto';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { differingFields, INPUT_FINGERPRINT_MEMO, isInputFingerprint, type InputFingerprint } from './input-fingerprint';
import { JobRequestError } from './job-errors';

/**
 * A key names one job for one input: the same key with another input would silently answer
 * with a job that does something else. Jobs started before fingerprints existed are accepted.
 */
export async function refuseChangedInput(client: Client, key: string, description: WorkflowExecutionDescription, fingerprint: InputFingerprint): Promise<void> {
  const first = await firstFingerprint(client, description);
  if (!first || first.hash === fingerprint.hash) return;
  const fields = differingFields(first, fingerprint).map((name) => name || '(input)');
  throw new JobRequestError(
    `Idempotency key \`${key}\` was first used for job \`${description.workflowId}\` with a different input: it differs in ${fields.join(', ')}. ` +
      'Use a new key to start another job, or the first input to follow that job.',
  );
}

/** The fingerprint the job was started with; a run continued as new may not carry the memo, its first run does. */
async function firstFingerprint(client: Client, description: WorkflowExecutionDescription): Promise<InputFingerprint | undefined> {
  const current = description.memo?.[INPUT_FINGERPRINT_MEMO];
  if (isInputFingerprint(current)) return current;
  const firstRunId = description.raw.workflowExecutionInfo?.firstRunId;
  if (!firstRunId || firstRunId === description.runId) return undefined;
  const first = await client.workflow.getHandle(description.workflowId, firstRunId).describe();
  const memo = first.memo?.[INPUT_FINGERPRINT_MEMO];
  return isInputFingerprint(memo) ? memo : undefined;
}

/** Same type + key → same workflow id. Keys are hashed so any text is a valid id. */
export function idempotentJobId(type: string, key: string): string {
  return `${type}-key-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
