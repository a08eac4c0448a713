// `lookerflow mcp` / `npm run mcp`: the MCP server on stdio (default) or Streamable HTTP (--http).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { connectJobService } from '../jobs/connect';
import { SettingsError } from '../common/settings';
import { mcpHttpSettingsFromEnv, parsePort, startMcpHttpServer } from './http';
import { principalPolicy, readAccessPolicy } from './policy';
import { createMcpServer } from './server';

export async function runMcp(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const policy = readAccessPolicy(env);
  // Checked before connecting, so a bad setting fails at once in one line.
  const httpSettings = args.includes('--http') ? mcpHttpSettings(args, env) : undefined;
  const { jobService, close } = await connectJobService(env);
  if (!httpSettings) {
    // stdout carries the protocol; anything for people goes to stderr. One local principal.
    const server = createMcpServer({ jobService, policy: principalPolicy({ ...policy, principal: undefined }, 'local') });
    await server.connect(new StdioServerTransport());
    process.stdin.once('close', () => void server.close().then(close));
    return;
  }
  const http = await startMcpHttpServer({ ...httpSettings, jobService, policy });
  const stop = () => void http.close().then(close).then(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

/** LOOKERFLOW_MCP_* settings, with --port and --host winning over them. */
function mcpHttpSettings(args: string[], env: NodeJS.ProcessEnv) {
  const fromEnv = mcpHttpSettingsFromEnv(env);
  const port = optionValue(args, '--port');
  return {
    ...fromEnv,
    port: port === undefined ? fromEnv.port : parsePort(port, '--port'),
    host: optionValue(args, '--host') ?? fromEnv.host,
  };
}

function optionValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (require.main === module) {
  runMcp(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // Exit 2 for a bad setting, as the worker and the CLI do.
    process.exit(error instanceof SettingsError ? 2 : 1);
  });
}
