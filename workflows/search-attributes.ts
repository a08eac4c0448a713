// Custom search attributes every job sets, so operators can filter runs in the Temporal UI
// and `list_jobs` can query visibility. The dev server registers them at start-up;
// a real cluster needs `temporal operator search-attribute create` once (see README).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The job type, e.g. `onboardUser`. */
export const LookerJobType = defineSearchAttributeKey('LookerJobType', SearchAttributeType.KEYWORD);
/** What the job works on, e.g. an email or a dashboard id. */
export const LookerTarget = defineSearchAttributeKey('LookerTarget', SearchAttributeType.KEYWORD);
/** Set to `waiting-for-approval` while a job waits for a human decision. */
export const LookerJobState = defineSearchAttributeKey('LookerJobState', SearchAttributeType.KEYWORD);

/** Name → Temporal type, as `temporal server start-dev --search-attribute` wants them. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword'> = {
  [LookerJobType.name]: 'Keyword',
  [LookerTarget.name]: 'Keyword',
  [LookerJobState.name]: 'Keyword',
};
