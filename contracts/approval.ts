// The contract of jobs that wait for a human decision (e.g. archiving): the `approval` query
// shows what is waiting, the `decide` update answers it, LookerJobState tells the state.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { LookerJobState, type JobContract } from './job';

export interface ApprovalDecision {
  approved: boolean;
  /**
   * The item count the decider was shown: the decision is refused when the waiting list holds
   * another number, so nobody approves a list they did not see.
   */
  count?: number;
  reason?: string;
  /** Who decided, as the caller reports it (an operator's name, "mcp", ...). */
  by?: string;
}

/** What an approval acts on: every item is in the store's files, the first page is shown while waiting. */
export interface ApprovalList {
  /** How many items the decision acts on. */
  count: number;
  /** What happens to each, e.g. "Move to the Trash". */
  action: string;
  /** The whole list for people and spreadsheets (MCP resources lookerflow://files/<path>, `lookerflow files get <path>`). */
  files: { markdownPath: string; csvPath: string };
  /** A JSON array in the store with the list's first items; get_job shows them while the job waits. */
  firstPagePath: string;
}

export type ApprovalState =
  | { status: 'not-requested' }
  | { status: 'waiting'; summary: string; list?: ApprovalList }
  | { status: 'approved' | 'rejected'; reason?: string; by?: string; list?: ApprovalList }
  | { status: 'timed-out' };

export const decideUpdate = defineUpdate<ApprovalState, [ApprovalDecision]>('decide');
export const approvalQuery = defineQuery<ApprovalState>('approval');

/** `contract` plus the approval query, the decide update and LookerJobState. */
export function withApproval<Type extends string>(contract: JobContract<Type>): JobContract<Type> {
  return {
    ...contract,
    queries: { ...contract.queries, approval: approvalQuery },
    updates: { ...contract.updates, decide: decideUpdate },
    searchAttributes: [...contract.searchAttributes, LookerJobState],
  };
}

/** Whether a job with this contract waits for approve_job / reject_job. */
export function asksForApproval(contract: JobContract): boolean {
  return contract.updates.decide === decideUpdate;
}
