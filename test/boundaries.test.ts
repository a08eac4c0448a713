// The project's module boundaries, checked on every file's imports so they stay true as the
// code grows: the emulator is test-only, workflows stay deterministic, only activities talk to
// Looker, MCP and the CLI reach jobs only through the job service, and job contracts run one
// way (contracts/ ← workflows/ and contracts/ ← jobs/, never workflows/ ↔ jobs/).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { testWorkflowBundle } from './harness';

const ROOT = resolve(__dirname, '..');
const SOURCE_FOLDERS = ['activities', 'bench', 'cli', 'common', 'contracts', 'emulator', 'jobs', 'mcp', 'scripts', 'test', 'worker', 'workflows'];

interface ImportLine {
  file: string; // relative to the root, with forward slashes
  specifier: string;
  /** Folder of the repo the import lands in (for relative imports), or the package name. */
  target: string;
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true });
  } catch {
    return []; // a folder that does not exist yet has nothing to check
  }
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

// `import x from '…'`, `import type {…} from '…'`, `export … from '…'`, `import('…')`, `require('…')`.
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): ImportLine[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const lines: ImportLine[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4];
    const typeOnly = Boolean(match[2]);
    const target = specifier.startsWith('.')
      ? relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)).split(sep)[0]
      : specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    lines.push({ file, specifier, target, typeOnly });
  }
  return lines;
}

const ALL_IMPORTS = SOURCE_FOLDERS.flatMap(sourceFiles).flatMap(importsOf);
const folderOf = (line: ImportLine) => line.file.split('/')[0];
const show = (lines: ImportLine[]) => lines.map((line) => `${line.file} imports '${line.specifier}'`);

/** What the contract modules may import at runtime: each other and Temporal's definitions, nothing that validates or runs. */
const CONTRACT_RUNTIME_IMPORTS = new Set(['contracts', '@temporalio/common', '@temporalio/workflow']);

/**
 * Contracts run one way. A job's contract (contracts/<job>.ts: input and result types, queries,
 * updates, search attributes) is imported by its workflow and by the job service, and:
 * - workflows/ imports nothing from jobs/, not even types;
 * - jobs/ imports nothing from workflows/, not even types;
 * - contracts/ imports nothing from workflows/, and from jobs/ only types (z.infer of an input
 *   schema); at runtime only other contracts and Temporal's definitions, so no zod;
 * - MCP and the CLI take contract types from contracts/, not from workflows/.
 */
function contractViolations(lines: ImportLine[]): string[] {
  const broken = lines.filter((line) => {
    const from = folderOf(line);
    if (from === 'workflows') return line.target === 'jobs';
    if (from === 'jobs') return line.target === 'workflows';
    if (from === 'contracts') return line.target === 'workflows' || (!line.typeOnly && !CONTRACT_RUNTIME_IMPORTS.has(line.target));
    if (from === 'mcp' || from === 'cli') return line.target === 'workflows';
    return false;
  });
  return show(broken);
}

describe('module boundaries', () => {
  it('the import scan sees the code base', () => {
    // Guards the scanner itself: a broken pattern would make every rule below pass vacuously.
    assert.ok(ALL_IMPORTS.some((line) => line.file.startsWith('activities/') && line.target === '@looker/sdk-node'));
    assert.ok(ALL_IMPORTS.some((line) => line.file.startsWith('workflows/') && line.target === 'activities' && line.typeOnly));
    assert.ok(ALL_IMPORTS.some((line) => line.file.startsWith('test/') && line.target === 'emulator'));
  });

  it('nothing outside emulator/ and test/ imports the emulator', () => {
    const offending = ALL_IMPORTS.filter((line) => line.target === 'emulator' && !['emulator', 'test'].includes(folderOf(line)));
    assert.deepEqual(show(offending), []);
  });

  it('the emulator imports no production code', () => {
    const production = new Set(['activities', 'workflows', 'jobs', 'mcp', 'cli', 'worker', 'scripts', 'bench']);
    const offending = ALL_IMPORTS.filter((line) => folderOf(line) === 'emulator' && production.has(line.target));
    assert.deepEqual(show(offending), []);
  });

  it('workflows import only types from activities/', () => {
    const offending = ALL_IMPORTS.filter((line) => folderOf(line) === 'workflows' && line.target === 'activities' && !line.typeOnly);
    assert.deepEqual(show(offending), []);
  });

  it('only activities/ talks to Looker: the SDK runtime is imported nowhere else', () => {
    const runtime = new Set(['@looker/sdk-node', '@looker/sdk-rtl']);
    const offending = ALL_IMPORTS.filter((line) => {
      const folder = folderOf(line);
      if (folder === 'activities' || folder === 'test') return false;
      // Elsewhere only the SDK's model types may be named (the emulator types its records with them).
      if (line.target === '@looker/sdk') return !line.typeOnly;
      return runtime.has(line.target);
    });
    assert.deepEqual(show(offending), []);
  });

  it('MCP and the CLI reach jobs only through the job service, never activities or workflows', () => {
    const offending = ALL_IMPORTS.filter(
      (line) => ['mcp', 'cli'].includes(folderOf(line)) && ['activities', 'workflows', '@temporalio/worker', '@looker/sdk'].includes(line.target) && !line.typeOnly,
    );
    assert.deepEqual(show(offending), []);
  });

  it('contracts run one way: workflows and jobs meet only in contracts/', () => {
    assert.ok(ALL_IMPORTS.some((line) => line.file.startsWith('workflows/') && line.target === 'contracts'), 'the scan sees workflows using contracts');
    assert.ok(ALL_IMPORTS.some((line) => line.file.startsWith('jobs/') && line.target === 'contracts'), 'the scan sees jobs using contracts');
    assert.deepEqual(contractViolations(ALL_IMPORTS), []);
  });

  it('every job workflow imports its own contract module (workflows/<job>.ts → contracts/<job>.ts)', () => {
    const jobWorkflows = sourceFiles('workflows').filter((file) => /^workflows\/[^/]+\.ts$/.test(file) && file !== 'workflows/index.ts');
    assert.ok(jobWorkflows.length >= 10, 'the scan sees the job workflows');
    const contractOf = (file: string) => `../contracts/${file.slice('workflows/'.length, -'.ts'.length)}`;
    const without = jobWorkflows.filter((file) => !ALL_IMPORTS.some((line) => line.file === file && line.specifier === contractOf(file)));
    assert.deepEqual(without, []);
  });

  it('the contracts rule catches each kind of violation', () => {
    // [breaks the rule, importing file, specifier, folder or package it lands in, type-only]
    const cases: Array<[boolean, string, string, string, boolean]> = [
      [true, 'workflows/x.ts', '../jobs/x', 'jobs', true],
      [true, 'workflows/support/y.ts', '../../jobs/y', 'jobs', false],
      [true, 'jobs/job-service.ts', '../workflows/support/progress', 'workflows', false],
      [true, 'jobs/x.ts', '../workflows/x', 'workflows', true],
      [true, 'contracts/x.ts', '../workflows/x', 'workflows', true],
      [true, 'contracts/x.ts', '../jobs/x', 'jobs', false],
      [true, 'contracts/x.ts', 'zod', 'zod', false],
      [true, 'mcp/server.ts', '../workflows/support/progress', 'workflows', true],
      [true, 'cli/main.ts', '../workflows/x', 'workflows', true],
      [false, 'workflows/x.ts', '../contracts/x', 'contracts', false],
      [false, 'jobs/x.ts', '../contracts/x', 'contracts', false],
      [false, 'contracts/x.ts', '../jobs/x', 'jobs', true],
      [false, 'contracts/x.ts', 'zod', 'zod', true],
      [false, 'contracts/x.ts', '@temporalio/workflow', '@temporalio/workflow', false],
      [true, 'workflows/bulk-onboard.ts', '../jobs/bulk-onboard', 'jobs', false],
    ];
    const lines = cases.map(([, file, specifier, target, typeOnly]): ImportLine => ({ file, specifier, target, typeOnly }));
    assert.deepEqual(contractViolations(lines), show(lines.filter((_, i) => cases[i][0])));
  });

  it('no workflow pulls zod into the workflow bundle', async () => {
    const bundle = await testWorkflowBundle();
    assert.ok('code' in bundle, 'the bundle is code');
    const modules = bundledModules(bundle.code);
    assert.ok(modules.has('./workflows/onboard-user.ts') && modules.size > 50, 'the scan sees the bundle');
    const zod = (id: string) => id.startsWith('./node_modules/zod/');
    const reachesZod = reaches(modules, zod);
    // Where zod enters: a workflow module importing something outside workflows/ that leads to zod.
    const entries = [...modules].flatMap(([from, deps]) =>
      from.startsWith('./workflows/') ? deps.filter((to) => !to.startsWith('./workflows/') && reachesZod(to)).map((to) => `${from} → ${to}`) : [],
    );
    assert.deepEqual(entries, []);
    assert.ok(![...modules.keys()].some(zod), 'zod is not in the bundle at all');
    // The check sees zod when it is there: a workflow reaching it through another module.
    const withZod = new Map([...modules, ['./workflows/x.ts', ['./jobs/x.ts']], ['./jobs/x.ts', ['./node_modules/zod/index.js']]]);
    assert.ok(reaches(withZod, zod)('./workflows/x.ts'));
  });
});

/** Module id → the module ids it requires, read from a (development-mode) webpack bundle. */
function bundledModules(code: string): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  const parts = code.split(/^\/\*\*\*\/ "([^"]+)"$/m);
  for (let i = 1; i < parts.length; i += 2) {
    modules.set(parts[i], [...parts[i + 1].matchAll(/__webpack_require__\((?:\/\*![^*]*\*\/ )?"([^"]+)"\)/g)].map((m) => m[1]));
  }
  return modules;
}

/** Whether a module is, or requires directly or indirectly, one that `target` picks. */
function reaches(modules: Map<string, string[]>, target: (id: string) => boolean): (id: string) => boolean {
  const known = new Map<string, boolean>();
  const visit = (id: string): boolean => {
    if (target(id)) return true;
    if (known.has(id)) return known.get(id)!;
    known.set(id, false); // cycles: a module being visited does not reach through itself
    const result = (modules.get(id) ?? []).some(visit);
    known.set(id, result);
    return result;
  };
  return visit;
}

describe('client code does not import the worker', () => {
  it('mcp/, cli/ and jobs/ never import worker/; shared settings live in common/', () => {
    // Guards the rule: the scan does see imports of worker/ (scripts/dev.ts starts one), so an
    // empty list below means none come from client code, not that none were found at all.
    assert.ok(ALL_IMPORTS.some((line) => line.target === 'worker'));
    const offending = ALL_IMPORTS.filter((line) => ['mcp', 'cli', 'jobs'].includes(folderOf(line)) && line.target === 'worker');
    assert.deepEqual(show(offending), []);
  });
});

describe('activities/ import graph', () => {
  /** The activities/ file a relative import lands on (`./x` is x.ts or x/index.ts), or undefined. */
  function activitiesFileOf(line: ImportLine): string | undefined {
    if (!line.specifier.startsWith('.')) return undefined;
    const base = relative(ROOT, resolve(dirname(join(ROOT, line.file)), line.specifier)).split(sep).join('/');
    const known = new Set(sourceFiles('activities'));
    return [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate));
  }

  it('has no import cycles (type-only imports included)', () => {
    const edges = new Map<string, Set<string>>();
    for (const line of ALL_IMPORTS.filter((l) => folderOf(l) === 'activities')) {
      const target = activitiesFileOf(line);
      if (target) edges.set(line.file, (edges.get(line.file) ?? new Set()).add(target));
    }
    assert.ok(edges.size > 5, 'the scan sees the activities/ imports');
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of edges.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
