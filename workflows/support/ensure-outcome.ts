// The outcome of an ensure* activity as a job reports it. A history recorded before activities
// reported `outcome` replays with only `created`: read it from that.
import type { EnsureOutcome } from '../../activities/ensure-result';

export function outcomeOf(result: { created: boolean; outcome?: EnsureOutcome }): EnsureOutcome {
  return result.outcome ?? (result.created ? 'created' : 'unchanged');
}
