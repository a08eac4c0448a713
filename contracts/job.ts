// What every job promises its callers, in one zod-free module that both sides import: the
// workflows (which answer it) and the job service (which starts jobs and asks them). Importing
// it pulls no validation code into the workflow bundle and no client code into a workflow.
import { defineSearchAttributeKey, SearchAttributeType, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';

export interface JobProgress {
  step: string;
  done: number;
  total: number;
  message: string;
}

/** Every job answers `progress`: which step it is on and how far along it is (get_job, CLI, Temporal UI). */
export const progressQuery = defineQuery<JobProgress>('progress');

// Custom search attributes, so operators can filter runs in the Temporal UI and `list_jobs`
// can query visibility. The dev server registers them at start-up; a real cluster needs
// `temporal operator search-attribute create` once (see README).

/** The job type, e.g. `onboardUser`. */
export const LookerJobType = defineSearchAttributeKey('LookerJobType', SearchAttributeType.KEYWORD);
/** What the job works on, e.g. an email or a dashboard id. */
export const LookerTarget = defineSearchAttributeKey('LookerTarget', SearchAttributeType.KEYWORD);
/** Set to `waiting-for-approval` while a job waits for a human decision. */
export const LookerJobState = defineSearchAttributeKey('LookerJobState', SearchAttributeType.KEYWORD);
/** The principal that started the job (an MCP token's name, `local`, `operator:<user>`). */
export const LookerPrincipal = defineSearchAttributeKey('LookerPrincipal', SearchAttributeType.KEYWORD);

/** Name → Temporal type, as `temporal server start-dev --search-attribute` wants them. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword'> = {
  [LookerJobType.name]: 'Keyword',
  [LookerTarget.name]: 'Keyword',
  [LookerJobState.name]: 'Keyword',
  [LookerPrincipal.name]: 'Keyword',
};

/** Who starts or decides a job: a name, and the Looker user it speaks for when one is set. */
export interface Principal {
  name: string;
  lookerUser?: string;
}

/** The memo key holding the principal that started a job. */
export const PRINCIPAL_MEMO = 'lookerflowPrincipal';

/**
 * One job's contract: its type (the workflow function's name), the queries and updates it
 * answers and the search attributes it carries. The input and result types sit next to it in
 * the job's module in contracts/; the input's zod schema stays at the edge (jobs/<job>.ts).
 */
export interface JobContract<Type extends string = string> {
  type: Type;
  queries: Record<string, QueryDefinition<any, any>>;
  updates: Record<string, UpdateDefinition<any, any>>;
  /** Keys of the (keyword) search attributes its runs carry. */
  searchAttributes: Array<typeof LookerJobType>;
}

/** The contract every job has: the `progress` query, LookerJobType and LookerTarget. */
export function jobContract<Type extends string>(type: Type): JobContract<Type> {
  return { type, queries: { progress: progressQuery }, updates: {}, searchAttributes: [LookerJobType, LookerTarget] };
}
