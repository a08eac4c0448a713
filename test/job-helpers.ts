// Helpers for the job tests: the failure a job ended with, the writes it made, its input schema.
// test/user-jobs.ts has the user-specific ones.
import assert from 'node:assert/strict';
import { ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { OPERATION_TABLE } from '../common/operations/operation-table';
import type { CallRecord, RunningEmulator } from '../emulator';
import type { JobType } from '../jobs/job-type';
import type { LookerStack } from './stack';

/**
 * The ApplicationFailure that ended a job, whether the workflow threw it or let an activity's
 * failure through; fails the test if the job succeeded.
 */
export async function jobFailure(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => assert.fail('the job should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(error)}`);
  const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
  assert.ok(cause instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(cause)}`);
  return cause;
}

/** Runs a job as the job service does: the input parsed by the job's schema first. */
export function runParsedJob<S extends z.ZodType, R>(stack: LookerStack, job: JobType<S>, input: z.input<S>): Promise<R> {
  return stack.runJob<R>(job.type, job.input.parse(input));
}

/** The issue messages zod reports for an input, joined with "; " (fails the test if it is accepted). */
export function schemaError(job: JobType, input: unknown): string {
  const parsed = job.input.safeParse(input);
  assert.equal(parsed.success, false, 'the input should have been refused');
  return parsed.error!.issues.map((i) => i.message).join('; ');
}

/** Operations of the Looker calls since `clearCalls()` that change something (not GETs, searches or the login). */
export function writeCalls(emulator: RunningEmulator): string[] {
  return emulator.admin
    .calls()
    .filter((c) => c.method !== 'GET' && c.operationId !== 'login' && !c.operationId?.startsWith('search_'))
    .map((c) => c.operationId ?? c.path);
}

/**
 * The writes the emulator applied (the login and logout aside), by the operation table: answered
 * with success, or applied and then the connection dropped before the answer.
 */
export function appliedWrites(emulator: RunningEmulator): CallRecord[] {
  return emulator.admin
    .calls()
    .filter((c) => c.operationId && /^[wd]/.test(OPERATION_TABLE[c.operationId] ?? '') && !/^log(in|out)/.test(c.operationId))
    .filter((c) => c.outcome === 'dropped' || (c.status !== null && c.status < 300));
}

/** An access token as Looker (and the emulator) issues it: 40 hex characters. */
export const ACCESS_TOKEN = /\b[0-9a-f]{40}\b/;

/** Every payload of a workflow history (inputs, results, failure details), decoded to text. */
export function historyPayloads(history: unknown): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    const payload = value as { metadata?: unknown; data?: unknown };
    if (payload.metadata && payload.data instanceof Uint8Array) {
      texts.push(Buffer.from(payload.data).toString('utf8'));
      return;
    }
    for (const child of Object.values(value)) collect(child);
  };
  collect(history);
  return texts;
}

/**
 * A history as searchable text: its JSON plus every payload decoded. Searching the JSON alone
 * misses what payloads carry, because the JSON holds them base64-encoded.
 */
export function historyText(history: unknown): string {
  return [JSON.stringify(history), ...historyPayloads(history)].join('\n');
}

/** The ```json blocks of each `### <job type>` subsection of the README's "## Jobs" section. */
export function jobExamples(readme: string): Map<string, string[]> {
  const section = readme.split(/^## Jobs\s*$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, 'the README has a "## Jobs" section');
  const examples = new Map<string, string[]>();
  for (const part of section.split(/^### /m).slice(1)) {
    const type = part.slice(0, part.indexOf('\n')).trim();
    examples.set(type, [...part.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((match) => match[1]));
  }
  return examples;
}
