// A Looker stack whose emulator starts every test from its seed, with no faults and an
// empty call log, so each test's assertions on state and counters see only its own work.
import { before, beforeEach } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { EmulatorOptions } from '../emulator';
import { startLookerStack, type LookerStack } from './stack';

/** Call at file top level; the returned getter is usable inside tests. */
export function useFreshLookerStack(options: EmulatorOptions = {}): () => LookerStack {
  // Started at file level: its teardown then runs after the file's last test, not after a hook.
  const ready = startLookerStack(options);
  let stack: LookerStack | undefined;
  before(async () => {
    stack = await ready;
  });
  beforeEach(() => {
    const { admin } = stack!.emulator;
    admin.reset();
    admin.clearFaults();
    admin.clearCalls();
  });
  return () => stack!;
}

/** For assert.rejects: the job failed, and some failure in its cause chain matches `pattern`. */
export function jobFailedWith(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    if (!(error instanceof WorkflowFailedError)) return false;
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) if (pattern.test(cause.message)) return true;
    return false;
  };
}
