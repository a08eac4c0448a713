// Answers the `progress` query every job's contract has (contracts/job.ts): which step it is on
// and how far along it is. get_job and the CLI read it; operators see the same in the Temporal UI.
import { setHandler } from '@temporalio/workflow';
import { progressQuery, type JobProgress } from '../../contracts/job';

export class Progress {
  private state: JobProgress = { step: 'starting', done: 0, total: 0, message: '' };

  constructor() {
    setHandler(progressQuery, () => ({ ...this.state }));
  }

  /** Starts a new step; counts reset unless given. */
  step(step: string, { total = 0, done = 0, message = '' }: Partial<Omit<JobProgress, 'step'>> = {}): void {
    this.state = { step, done, total, message };
  }

  advance(by = 1, message?: string): void {
    this.state.done += by;
    if (message !== undefined) this.state.message = message;
  }

  note(message: string): void {
    this.state.message = message;
  }

  get current(): JobProgress {
    return { ...this.state };
  }
}
