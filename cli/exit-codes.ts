// The exit codes scripts can rely on (README "CLI" and `lookerflow --help`).
export const EXIT = {
  /** The command did what it was asked; a waited-for job completed. */
  ok: 0,
  /** The job failed, was cancelled, timed out or was terminated. */
  failed: 1,
  /** Bad usage or a refused request (unknown job, bad input, no such schedule); nothing started. */
  badUsage: 2,
  /** Temporal could not be reached. */
  unreachable: 3,
  /** The wait ended (--timeout, or the job waits for approval) while the job still runs. */
  stillRunning: 4,
} as const;

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED, or a connection refused, anywhere in the cause chain. */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 14 || code === 4 || code === 'ECONNREFUSED') return true;
    if (/ECONNREFUSED|UNAVAILABLE|Failed to connect|DEADLINE_EXCEEDED/i.test(e.message)) return true;
  }
  return false;
}
