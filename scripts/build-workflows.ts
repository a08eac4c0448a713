// `npm run build:workflows`: bundles the workflows into build/workflow-bundle.js for workers to
// load (worker/workflow-bundle.ts); does nothing when that bundle is already fresh.
import { buildWorkflowBundle, isWorkflowBundleFresh, WORKFLOW_BUNDLE_PATH } from '../worker/workflow-bundle';

async function main(): Promise<void> {
  if (isWorkflowBundleFresh() && !process.argv.includes('--force')) return;
  const started = Date.now();
  const { bytes, sources } = await buildWorkflowBundle();
  console.log(`workflows bundled into ${WORKFLOW_BUNDLE_PATH} (${sources} project files, ${(bytes / 2 ** 20).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
