#!/usr/bin/env node
// `npm run worker`: one lookerflow worker process (worker/main.ts). It loads TypeScript through
// tsx's CommonJS hook only (tsx's ESM loader would add a thread of its own, ~35 MB), and the
// workflow bundle prebuilt by `npm run build:workflows`; when that bundle is missing or stale it
// is built first in a separate, short-lived process, so webpack never stays in the worker's memory.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
require('tsx/cjs/api').register();
const { isWorkflowBundleFresh } = require('../worker/workflow-bundle.ts');

if (!isWorkflowBundleFresh()) {
  // Not fatal: a worker that cannot write build/ bundles the workflows itself at start.
  spawnSync(process.execPath, ['--require', 'tsx/cjs', join(__dirname, '..', 'scripts', 'build-workflows.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
require('../worker/main.ts');
