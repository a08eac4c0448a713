// What an ensure* write reports: the object's id and whether this call created it, changed it to
// match the input, or found it as asked. One module so every ensure* reports it the same way.

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

export interface EnsureResult {
  id: string;
  /**
   * 'unchanged' also when an earlier attempt of the same activity made the change and its
   * answer was lost: the retry finds Looker as asked.
   */
  outcome: EnsureOutcome;
  /** outcome === 'created' (kept for callers that only ask whether it is new). */
  created: boolean;
}

export function ensureResult(id: string, outcome: EnsureOutcome): EnsureResult {
  return { id, created: outcome === 'created', outcome };
}
