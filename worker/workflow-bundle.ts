// The workflow bundle, built once ahead of the worker (`npm run build:workflows`, the Docker
// image, or bin/lookerflow-worker.js in a short-lived process of its own) instead of by webpack
// inside every worker process: webpack's ~150 MB would otherwise stay in the worker's memory.
// A manifest beside the bundle lists the project files it was built from with a hash of them
// and of package-lock.json; a bundle whose sources changed since is stale and never loaded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

const ROOT = resolve(__dirname, '..');
export const WORKFLOW_BUNDLE_PATH = join(ROOT, 'build', 'workflow-bundle.js');
/**
 * Workflow interceptors every worker and replayer loads with the workflows: a writing job's
 * change summary (workflows/support/change-summary.ts). A prebuilt bundle has them inside.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/support/change-summary')];
const manifestPath = (bundlePath: string) => bundlePath.replace(/\.js$/, '.json');

interface BundleManifest {
  /** Project files (relative to the root) the bundle was built from. */
  sources: string[];
  fingerprint: string;
}

export function fingerprint(sources: string[], root: string): string | undefined {
  const hash = createHash('sha256');
  for (const file of [...sources, 'package-lock.json']) {
    const path = join(root, file);
    if (!existsSync(path)) return undefined;
    hash.update(file).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

/** The project's own modules in a (development-mode) webpack bundle, by their ids. */
export function bundledSources(code: string): string[] {
  const ids = [...code.matchAll(/^\/\*\*\*\/ "\.\/([^"]+)"/gm)].map((m) => m[1]!);
  return [...new Set(ids.filter((id) => !id.startsWith('node_modules/')))].sort();
}

/** True when the bundle at `bundlePath` exists and was built from the sources as they are now. */
export function isWorkflowBundleFresh(bundlePath = WORKFLOW_BUNDLE_PATH, root = ROOT): boolean {
  if (!existsSync(bundlePath) || !existsSync(manifestPath(bundlePath))) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(bundlePath), 'utf8')) as BundleManifest;
    // A bundle built before an interceptor module was added lacks it, though its sources are unchanged.
    const interceptors = WORKFLOW_INTERCEPTOR_MODULES.map((path) => relative(ROOT, path).split(sep).join('/'));
    return (
      manifest.sources.length > 0 &&
      interceptors.every((source) => manifest.sources.includes(source)) &&
      fingerprint(manifest.sources, root) === manifest.fingerprint
    );
  } catch {
    return false;
  }
}

/** Bundles workflows/ with webpack and writes the bundle and its manifest (each replaced whole). */
export async function buildWorkflowBundle(bundlePath = WORKFLOW_BUNDLE_PATH, root = ROOT): Promise<{ bytes: number; sources: number }> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const previousCwd = process.cwd();
  // Module ids are relative to webpack's context, the working directory: make it the root.
  process.chdir(root);
  try {
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(root, 'workflows'),
      workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
      logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
    });
    const sources = bundledSources(code);
    const manifest: BundleManifest = { sources, fingerprint: fingerprint(sources, root)! };
    mkdirSync(dirname(bundlePath), { recursive: true });
    // Several workers may build at once: each writes its own file and renames it into place.
    const writeWhole = (path: string, text: string) => {
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, path);
    };
    writeWhole(bundlePath, code);
    writeWhole(manifestPath(bundlePath), JSON.stringify(manifest, null, 2) + '\n');
    return { bytes: code.length, sources: sources.length };
  } finally {
    process.chdir(previousCwd);
  }
}

/** The prebuilt bundle when it is fresh, else the workflows' path for the worker to bundle at start. */
export function workflowsForWorker(bundlePath = WORKFLOW_BUNDLE_PATH): WorkflowCode {
  return isWorkflowBundleFresh(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : unbundledWorkflows();
}

/** What a worker is given to run workflows: a bundle, or the modules to bundle at start. */
export type WorkflowCode = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'interceptors'>;

/** workflows/ with its interceptors, bundled by the worker (or the replayer) at start. */
export function unbundledWorkflows(workflowsPath = require.resolve('../workflows')): WorkflowCode {
  return { workflowsPath, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } };
}
