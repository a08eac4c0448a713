// The production image installs `npm ci --omit=dev` (Dockerfile): everything the worker, the CLI,
// the MCP and codec servers and the workflow bundle load at runtime must be a dependency, never
// a devDependency. Walks the runtime imports (not `import type`) from each entry point.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '..');
const ENTRY_POINTS = ['bin/lookerflow-worker.js', 'bin/lookerflow.js', 'mcp/main.ts', 'scripts/build-workflows.ts', 'workflows/index.ts', 'workflows/support/change-summary.ts'];
// Runtime imports only: `import type` and `export type` are erased.
const RUNTIME_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveFile(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(join(ROOT, from)), specifier);
  const found = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')].find((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
  return found && relative(ROOT, found).split(sep).join('/');
}

function runtimePackages(): Map<string, string> {
  const packages = new Map<string, string>(); // package → first file importing it
  const seen = new Set<string>();
  const queue = [...ENTRY_POINTS];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(RUNTIME_IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        const target = resolveFile(file, specifier);
        assert.ok(target, `${file} imports '${specifier}', which is not a file`);
        if (/\.(ts|js)$/.test(target)) queue.push(target);
        continue;
      }
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      if (specifier.startsWith('node:') || builtinModules.includes(name)) continue;
      if (!packages.has(name)) packages.set(name, file);
    }
  }
  return packages;
}

test('what production code loads at runtime is in dependencies, not devDependencies', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const packages = runtimePackages();
  assert.ok(packages.has('@temporalio/worker') && packages.has('@looker/sdk-node') && packages.has('@modelcontextprotocol/sdk'), [...packages.keys()].join(', '));
  const missing = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${file} loads ${name}${name in pkg.devDependencies ? ' (a devDependency)' : ''}`);
  assert.deepEqual(missing, []);
});
