// `lookerflow mcp --http` settings, spawned like a user runs it: a bad port fails at once with
// one line naming the setting and exit code 2, before anything connects.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(__dirname, '..');

/** Runs `node <nodeArgs>` in the repo; LOOKERFLOW_MCP_PORT comes only from `env`. */
function runNode(nodeArgs: string[], env: Record<string, string> = {}) {
  const { LOOKERFLOW_MCP_PORT: _ignored, ...inherited } = process.env;
  const child = spawnSync(process.execPath, nodeArgs, { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: child.status, stderr: child.stderr.trim() };
}

const runMcpMain = (args: string[], env?: Record<string, string>) => runNode(['--import', 'tsx', 'mcp/main.ts', ...args], env);

describe('lookerflow mcp --http settings', () => {
  it('--port abc exits 2 with one line naming --port', () => {
    assert.deepEqual(runMcpMain(['--http', '--port', 'abc']), {
      status: 2,
      stderr: 'Invalid setting --port: must be a port number such as 8787 (0 picks a free port)',
    });
  });

  it('LOOKERFLOW_MCP_PORT=abc or out of range exits 2 with one line naming the variable', () => {
    assert.deepEqual(runMcpMain(['--http'], { LOOKERFLOW_MCP_PORT: 'abc' }), {
      status: 2,
      stderr: 'Invalid setting LOOKERFLOW_MCP_PORT: must be a port number such as 8787 (0 picks a free port)',
    });
    assert.deepEqual(runMcpMain(['--http'], { LOOKERFLOW_MCP_PORT: '70000' }), {
      status: 2,
      stderr: 'Invalid setting LOOKERFLOW_MCP_PORT: must be a port number from 0 to 65535',
    });
  });

  it('`lookerflow mcp --http --port abc` exits 2 the same way', () => {
    assert.deepEqual(runNode(['bin/lookerflow.js', 'mcp', '--http', '--port', 'abc']), {
      status: 2,
      stderr: 'Invalid setting --port: must be a port number such as 8787 (0 picks a free port)',
    });
  });
});
