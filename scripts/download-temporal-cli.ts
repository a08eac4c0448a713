// Last resort of scripts/temporal-cli.sh: let @temporalio/testing download the official
// Temporal CLI binary into .temporal/download, then print its path. Needs internet access.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

async function main(): Promise<void> {
  const downloadDir = resolve(__dirname, '..', '.temporal', 'download');
  const version = (process.env.TEMPORAL_CLI_VERSION ?? 'default').replace(/^v/, '');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir, version, ttl: '3650 days' } },
  });
  await env.teardown();
  const binary = readdirSync(downloadDir)
    .map((name) => join(downloadDir, name))
    .find((path) => /temporal/.test(path) && statSync(path).isFile() && (statSync(path).mode & 0o111) !== 0);
  if (!binary) throw new Error(`no temporal binary found in ${downloadDir} after the download`);
  process.stdout.write(`${binary}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`temporal-cli: download failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
