// Human approval for jobs that change a lot at once (e.g. archiving), the workflow's side of
// contracts/approval.ts. The job service sends the `decide` update; the job waits for it or for
// its deadline, whichever comes first.
import type { Duration } from '@temporalio/common';
import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { approvalQuery, decideUpdate, type ApprovalDecision, type ApprovalList, type ApprovalState } from '../../contracts/approval';
import { LookerJobState } from '../../contracts/job';

export class Approval {
  private state: ApprovalState = { status: 'not-requested' };

  constructor() {
    setHandler(approvalQuery, () => this.state);
    setHandler(
      decideUpdate,
      (decision) => {
        const list = this.state.status === 'waiting' ? this.state.list : undefined;
        this.state = { status: decision.approved ? 'approved' : 'rejected', reason: decision.reason, by: decision.by, ...(list ? { list } : {}) };
        return this.state;
      },
      {
        // Validators leave no event in history: refusing a decision here changes no command.
        validator: (decision: ApprovalDecision) => {
          if (this.state.status !== 'waiting') throw new Error(`this job is not waiting for approval (${this.state.status})`);
          const count = this.state.list?.count;
          if (decision.count !== undefined && count !== undefined && decision.count !== count) {
            throw new Error(`the list waiting for approval has ${count} item(s), not ${decision.count}; read it again before deciding`);
          }
        },
      },
    );
  }

  /** Waits for a decision; after `timeout` the answer is `timed-out` and nothing may change. */
  async request(summary: string, timeout: Duration, list?: ApprovalList): Promise<ApprovalState> {
    this.state = { status: 'waiting', summary, ...(list ? { list } : {}) };
    upsertSearchAttributes([{ key: LookerJobState, value: 'waiting-for-approval' }]);
    const decided = await condition(() => this.state.status !== 'waiting', timeout);
    if (!decided) this.state = { status: 'timed-out' };
    upsertSearchAttributes([{ key: LookerJobState, value: this.state.status }]);
    return this.state;
  }
}
