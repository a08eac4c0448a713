// The MCP server over stdio, as Claude Desktop runs it: the SDK's own Client spawns
// `lookerflow mcp` with only Temporal settings, against the real worker, dev server and emulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { useFreshLookerStack } from './fresh-stack';
import { callOk, mcpJobTests, spawnStdioMcp } from './mcp-helpers';
import type { LookerStack } from './stack';

const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let mcp: McpClient;
let stderr = '';

describe('MCP over stdio', () => {
  before(async () => {
    stack = getStack();
    mcp = await spawnStdioMcp(stack, 'mcp-stdio-test', (text) => (stderr += text));
  });
  after(() => mcp.close());

  mcpJobTests(() => mcp, () => stack);

  it('never shows the Looker client secret in a tool result or on stderr', async () => {
    const secret = stack.emulator.clientSecret;
    const answers = [await callOk(mcp, 'list_job_types'), await callOk(mcp, 'list_jobs', { pageSize: 100 }), await callOk(mcp, 'list_models')];
    for (const { jobs } of [answers[1]]) for (const job of jobs) answers.push(await callOk(mcp, 'get_job', { jobId: job.jobId }));
    assert.ok(answers.length > 3);
    assert.ok(!JSON.stringify(answers).includes(secret));
    assert.ok(!stderr.includes(secret));
  });
});
