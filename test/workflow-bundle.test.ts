// The prebuilt workflow bundle (worker/workflow-bundle.ts): built by webpack, loaded only while
// every project file it was built from is unchanged.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { buildWorkflowBundle, bundledSources, fingerprint, isWorkflowBundleFresh, workflowsForWorker } from '../worker/workflow-bundle';

const ROOT = resolve(__dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-workflow-bundle-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a built bundle is fresh until one of its sources or the lockfile changes, and only then is it loaded', async () => {
  const bundlePath = join(scratch, 'build', 'workflow-bundle.js');
  assert.equal(isWorkflowBundleFresh(bundlePath), false, 'no bundle yet');
  assert.deepEqual(Object.keys(workflowsForWorker(bundlePath)), ['workflowsPath', 'interceptors']);

  const { sources } = await buildWorkflowBundle(bundlePath);
  const code = readFileSync(bundlePath, 'utf8');
  const listed = bundledSources(code);
  assert.equal(listed.length, sources);
  assert.ok(listed.includes('workflows/index.ts') && listed.includes('workflows/archive-stale-content.ts'), listed.join(', '));
  assert.ok(!listed.some((file) => file.startsWith('node_modules/')));
  assert.equal(isWorkflowBundleFresh(bundlePath), true);
  assert.deepEqual(workflowsForWorker(bundlePath), { workflowBundle: { codePath: bundlePath } });

  // A copy of the sources it lists: fresh against it, stale once a workflow or the lockfile changes.
  const copy = join(scratch, 'copy');
  for (const file of [...listed, 'package-lock.json']) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  assert.equal(isWorkflowBundleFresh(bundlePath, copy), true);
  writeFileSync(join(copy, 'workflows/archive-stale-content.ts'), readFileSync(join(copy, 'workflows/archive-stale-content.ts'), 'utf8') + '\n// changed\n');
  assert.equal(isWorkflowBundleFresh(bundlePath, copy), false, 'a changed workflow');
  copyFileSync(join(ROOT, 'workflows/archive-stale-content.ts'), join(copy, 'workflows/archive-stale-content.ts'));
  writeFileSync(join(copy, 'package-lock.json'), readFileSync(join(copy, 'package-lock.json'), 'utf8') + ' ');
  assert.equal(isWorkflowBundleFresh(bundlePath, copy), false, 'a changed lockfile');
  copyFileSync(join(ROOT, 'package-lock.json'), join(copy, 'package-lock.json'));
  // A bundle made before an interceptor module existed lacks it although none of its sources changed.
  const manifestPath = bundlePath.replace(/\.js$/, '.json');
  const built = readFileSync(manifestPath, 'utf8');
  assert.ok(listed.includes('workflows/support/change-summary.ts'), 'the bundle carries the workflow interceptors');
  const older = listed.filter((file) => file !== 'workflows/support/change-summary.ts');
  writeFileSync(manifestPath, JSON.stringify({ sources: older, fingerprint: fingerprint(older, copy) }));
  assert.equal(isWorkflowBundleFresh(bundlePath, copy), false, 'an interceptor module missing');
  writeFileSync(manifestPath, built);
  rmSync(join(copy, 'contracts/job.ts'));
  assert.equal(isWorkflowBundleFresh(bundlePath, copy), false, 'a source gone');
});
