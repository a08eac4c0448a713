// The options every command shares, parsed once; a wrong value is a JobRequestError (exit 2).
import { parseArgs } from 'node:util';
import { JobRequestError } from '../jobs/job-service';

export function parseCommandArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      'idempotency-key': { type: 'string' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      reason: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      'page-token': { type: 'string' },
      cron: { type: 'string' },
      timezone: { type: 'string' },
      'schedule-id': { type: 'string' },
      paused: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      count: { type: 'string' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'input-schema': { type: 'string' },
      description: { type: 'string' },
      example: { type: 'string' },
    },
  });
}

export type CommandArgs = ReturnType<typeof parseCommandArgs>;

export function fail(message: string): never {
  throw new JobRequestError(message);
}

export function reason(value: string | undefined): string {
  return value?.trim() || fail('give a --reason; it is recorded in the job history');
}

/** --timeout in milliseconds, or undefined (wait until the job ends). */
export function timeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n * 1000 : fail('--timeout must be a number of seconds');
}

export function limit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fail('--limit must be a positive whole number');
}

/** --count: the number of items the caller saw in the approval list (refused if it differs). */
export function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fail('--count must be a whole number');
}
