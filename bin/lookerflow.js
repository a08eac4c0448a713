#!/usr/bin/env node
// `npx lookerflow ...`: runs the TypeScript CLI through tsx, so no build step is needed.
'use strict';
require('tsx/cjs/api').register();
const { runCli } = require('../cli/main.ts');

const args = process.argv.slice(2);
runCli(args).then(
  (code) => {
    // The MCP and codec servers keep running until their client (stdio) or a signal stops them.
    if (!['mcp', 'codec-server'].includes(args[0]) || code !== 0) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
