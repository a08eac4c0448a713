// What the Temporal SDK prints in a worker process. By default only warnings and errors, so a
// start is the one line worker/main.ts prints; LOOKERFLOW_LOG_LEVEL=debug or info shows the
// SDK's details (the workflow bundle's webpack report, worker state changes) for diagnosis.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LookerflowLogLevel = (typeof LOG_LEVELS)[number];

/**
 * Warnings that describe how lookerflow is built rather than a problem: the workflow worker has
 * no activities and the activity workers no workflows, on purpose. Shown only at debug.
 */
const EXPECTED_WARNINGS = [/^No activities registered/, /^No workflows registered/];

/** Installs the SDK runtime's logger; call before the first connection or worker is made. */
export function installWorkerLogging(level: LookerflowLogLevel): void {
  const sdkLevel = level.toUpperCase() as LogLevel;
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry: LogEntry) => {
      if (level !== 'debug' && EXPECTED_WARNINGS.some((expected) => expected.test(entry.message))) return;
      const meta = entry.meta && Object.keys(entry.meta).length ? ` ${JSON.stringify(entry.meta)}` : '';
      process.stderr.write(`[${entry.level}] ${entry.message}${meta}\n`);
    }),
  });
}
