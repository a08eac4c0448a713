// Whether a script may write, read from its text: every use of `looker` must be `looker.<op>`
// with <op> a read. Any other use (`looker[name]`, passing `looker` on, a write operation) counts
// as writing. It errs towards "writes": that only asks a person to approve a save needlessly.
import { operationFlags } from '../../common/operations/operation-table-lookup';

export function scriptWrites(script: string): { writes: boolean; because: string[] } {
  const because = new Set<string>();
  for (const match of script.matchAll(/\blooker\b(\s*\.\s*([A-Za-z_$][\w$]*))?/g)) {
    const op = match[2];
    if (!op) because.add('`looker` used other than as looker.<operation>');
    else if (op !== 'query' && operationFlags(op)?.class !== 'read') because.add(`looker.${op}`);
  }
  return { writes: because.size > 0, because: [...because] };
}
