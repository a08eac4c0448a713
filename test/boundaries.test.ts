// The project's module boundaries, checked on every file's imports so they stay true as the
// code grows: the emulator is test-only, workflows stay deterministic, only activities talk to
// Looker, and MCP and the CLI reach jobs only through the job service.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(__dirname, '..');
const SOURCE_FOLDERS = ['activities', 'bench', 'cli', 'emulator', 'jobs', 'mcp', 'scripts', 'test', 'worker', 'workflows'];

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
