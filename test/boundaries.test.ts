// The project's module boundaries, checked on every file's imports so they stay true as the
// code grows: the emulator is test-only, workflows stay deterministic, only activities talk to
// Looker, and MCP and the CLI reach jobs only through the job service.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(__dirname, '..');
const SOURCE_FOLDERS = ['activities', 'bench', 'cli', 'common', 'emulator', 'jobs', 'mcp', 'scripts', 'test', 'worker', 'workflows'];

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

describe('client code does not import the worker', () => {
  it('mcp/, cli/ and jobs/ never import worker/; shared settings live in common/', () => {
    // Guards the rule: the scan does see imports of worker/ (scripts/dev.ts starts one), so an
    // empty list below means none come from client code, not that none were found at all.
    assert.ok(ALL_IMPORTS.some((line) => line.target === 'worker'));
    const offending = ALL_IMPORTS.filter((line) => ['mcp', 'cli', 'jobs'].includes(folderOf(line)) && line.target === 'worker');
    assert.deepEqual(show(offending), []);
  });
});
