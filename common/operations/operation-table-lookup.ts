// Workflow-safe reading of the generated operation table: no spec, no fs.
import type { OperationFlags } from './classify';
import { OPERATION_TABLE } from './operation-table';

export function operationFlags(id: string): OperationFlags | undefined {
  const code = Object.prototype.hasOwnProperty.call(OPERATION_TABLE, id) ? OPERATION_TABLE[id] : undefined;
  if (!code) return undefined;
  return {
    class: code[0] === 'r' ? 'read' : code[0] === 'd' ? 'delete' : 'write',
    privileged: code.includes('p'),
    async: code.includes('a'),
    binary: code.includes('b'),
  };
}

export function operationIds(): string[] {
  return Object.keys(OPERATION_TABLE);
}
