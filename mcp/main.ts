// `lookerflow mcp` / `npm run mcp`: the MCP server on stdio (default) or Streamable HTTP (--http).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { connectJobService } from '../jobs/connect';
import { mcpHttpSettingsFromEnv, startMcpHttpServer } from './http';
import { readAccessPolicy } from './policy';
import { createMcpServer } from './server';

export async function runMcp(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const policy = readAccessPolicy(env);
  const { jobService, close } = await connectJobService(env);
  if (!args.includes('--http')) {
    // stdout carries the protocol; anything for people goes to stderr.
    const server = createMcpServer({ jobService, policy });
    await server.connect(new StdioServerTransport());
    process.stdin.once('close', () => void server.close().then(close));
    return;
  }
  const fromEnv = mcpHttpSettingsFromEnv(env);
  const port = optionValue(args, '--port');
  const http = await startMcpHttpServer({
    ...fromEnv,
    port: port === undefined ? fromEnv.port : Number(port),
    host: optionValue(args, '--host') ?? fromEnv.host,
    jobService,
    policy,
  });
  const stop = () => void http.close().then(close).then(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

function optionValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (require.main === module) {
  runMcp(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
