// The contract of jobs that wait for a human decision (e.g. archiving): the `approval` query
// shows what is waiting, the `decide` update answers it, LookerJobState tells the state.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { LookerJobState, type JobContract } from './job';

export interface ApprovalDecision {
  approved: boolean;
  reason?: string;
  /** Who decided, as the caller reports it (an operator's name, "mcp", ...). */
  by?: string;
}

export type ApprovalState =
  | { status: 'not-requested' }
  | { status: 'waiting'; summary: string }
  | { status: 'approved' | 'rejected'; reason?: string; by?: string }
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
