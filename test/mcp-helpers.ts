// Helpers for the MCP tests: calling tools through the SDK's own Client and counting jobs.
import assert from 'node:assert/strict';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@temporalio/client';

/** Calls a tool that must succeed and returns its structured content. */
export async function callOk<T = Record<string, any>>(mcp: McpClient, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  assert.ok(!result.isError, `${name} failed: ${textOf(result)}`);
  return result.structuredContent as T;
}

/** Calls a tool that must fail and returns the error text the model sees. */
export async function callError(mcp: McpClient, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(result.isError, true, `${name} should have failed, got ${textOf(result)}`);
  return textOf(result);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/**
 * How many workflows exist on `taskQueue`. Visibility is eventually consistent, so callers
 * compare counts after a job they know exists has become visible (see countAfter).
 */
export async function workflowCount(client: Client, taskQueue: string): Promise<number> {
  const { count } = await client.workflow.count(`TaskQueue = '${taskQueue}'`);
  return count;
}
