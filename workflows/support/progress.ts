// The `progress` query every job answers: which step it is on and how far along it is.
// get_job and the CLI read it; operators see the same through the Temporal UI's query tab.
import { defineQuery, setHandler } from '@temporalio/workflow';

export interface JobProgress {
  step: string;
  done: number;
  total: number;
  message: string;
}

export const progressQuery = defineQuery<JobProgress>('progress');

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
