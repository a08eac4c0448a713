// `start --wait` and `wait`: follows a job until it ends (or --timeout), showing progress as a
// live bar on a terminal and one line per change otherwise (logs, CI), both on stderr so stdout
// stays the report.
import { SingleBar } from 'cli-progress';
import type { JobProgress } from '../contracts/job';
import { endedBadly, MAX_WAIT_MS, progressLine, type JobReport, type JobService } from '../jobs/job-service';
import { EXIT } from './exit-codes';
import type { Out } from './output';

export interface FollowOptions {
  /** Stop waiting after this long; undefined waits until the job ends. */
  timeoutMs?: number;
  out: Out;
  /** A live bar when stderr is a terminal. */
  tty?: boolean;
}

export async function followJob(jobs: JobService, jobId: string, { timeoutMs, out, tty = false }: FollowOptions): Promise<JobReport> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  const show = tty ? progressBar() : progressLines(out);
  try {
    for (;;) {
      // One wait of the job service is bounded (MAX_WAIT_MS); an operator's wait is not.
      const report = await jobs.waitForJob(jobId, { timeoutMs: Math.min(deadline - Date.now(), MAX_WAIT_MS), onProgress: show.update });
      if (report.status !== 'running' || Date.now() >= deadline) return report;
    }
  } finally {
    show.stop();
  }
}

/** The exit code for a report after a wait, with a line on stderr saying why when it is not 0. */
export function exitAfterWait(report: JobReport, out: Out): number {
  if (report.status === 'completed') return EXIT.ok;
  if (endedBadly(report.status)) {
    out.error(`Job ${report.jobId} ${report.status}${report.failure ? `: ${report.failure.message}` : ''}`);
    return EXIT.failed;
  }
  out.error(
    report.status === 'waiting-for-approval'
      ? `Job ${report.jobId} waits for approval: lookerflow approve|reject ${report.jobId} --reason "<why>"`
      : `Job ${report.jobId} still runs; the wait ended. Follow it with: lookerflow wait ${report.jobId}`,
  );
  return EXIT.stillRunning;
}

function progressLines(out: Out) {
  let last = '';
  return {
    update(progress: JobProgress) {
      const line = progressLine(progress);
      if (line !== last) out.error((last = line));
    },
    stop() {},
  };
}

function progressBar() {
  const bar = new SingleBar({ format: '{bar} {value}/{total} {line}', stream: process.stderr, hideCursor: true, clearOnComplete: false });
  let started = false;
  return {
    update(progress: JobProgress) {
      if (!started) bar.start(progress.total, progress.done, { line: progressLine(progress) });
      else {
        bar.setTotal(progress.total);
        bar.update(progress.done, { line: progressLine(progress) });
      }
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
