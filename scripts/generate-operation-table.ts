// Writes common/operations/operation-table.ts: each operation's class and flags in a form the
// workflow bundle can carry without the 2 MB spec. test/operations-catalogue.test.ts checks
// that the committed table matches the spec. Run: npx tsx scripts/generate-operation-table.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationTableSource } from '../common/operations/table-source';

writeFileSync(join(__dirname, '..', 'common', 'operations', 'operation-table.ts'), operationTableSource());
