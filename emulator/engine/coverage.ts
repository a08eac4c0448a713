/**
 * How the spec's operations are served: by a hand-written handler, by an
 * engine behaviour written for that operation, by the engine's generic
 * resource rules (create/read/list/update/replace/delete, singletons), or by
 * its generic action (a deterministic value of the declared shape).
 */
import type { HandlerTable } from '../core/context';
import type { LoadedSpec } from '../core/spec';
import type { ResourceEngine } from './engine';

export interface Coverage {
  total: number;
  handWritten: number;
  engineSpecific: number;
  engineResource: number;
  engineAction: number;
  /** Operations nothing answers (they would be 501); the goal is 0. */
  none: number;
}

export function coverage(spec: LoadedSpec, handlers: HandlerTable, engine: ResourceEngine): Coverage {
  const out: Coverage = { total: spec.operations.length, handWritten: 0, engineSpecific: 0, engineResource: 0, engineAction: 0, none: 0 };
  for (const op of spec.operations) {
    const kind = engine.catalog.ops.get(op.operationId)?.kind;
    if (handlers[op.operationId]) out.handWritten++;
    else if (engine.hasBehaviour(op.operationId)) out.engineSpecific++;
    else if (kind === 'action') out.engineAction++;
    else if (kind) out.engineResource++;
    else out.none++;
  }
  return out;
}

export function coverageText(c: Coverage): string {
  return [
    `Looker API 4.0 operations: ${c.total}`,
    `  hand-written handlers:            ${c.handWritten}`,
    `  engine, operation-specific:       ${c.engineSpecific}`,
    `  engine, generic resource rules:   ${c.engineResource}`,
    `  engine, generic action (shape):   ${c.engineAction}`,
    `  no behaviour (would answer 501):  ${c.none}`,
  ].join('\n');
}
