// How a tool is registered: the access policy checked, errors turned into tool errors, files the
// answer names linked as resources, and the tool kept for the trimmed tools/list answer.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { JobRequestError } from '../jobs/job-service';
import { jsonSchemaOf } from '../jobs/json-schema';
import { fileLinks } from './files';
import { AccessDenied, checkNotExpired, type AccessPolicy } from './policy';

// Arguments several tools share. Kept small: every schema is part of each tools/list answer (< 8 KB).
// A reason is kept in the job's history.
export const jobId = z.string();
export const reason = z.string().min(1, 'say why').max(1000);

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolConfig<Shape> {
  description: string;
  input: Shape;
  output?: z.ZodType;
  annotations: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
  /** An answer that is still an error for the caller (e.g. a failed job): structured, with isError. */
  isError?: (result: object) => boolean;
}

export type ToolFn = <Shape extends z.ZodRawShape | z.ZodType>(
  name: string,
  config: ToolConfig<Shape>,
  run: (args: Shape extends z.ZodRawShape ? z.infer<z.ZodObject<Shape>> : z.infer<Shape>, extra: Extra) => Promise<object>,
) => void;

export function createToolRegistry(server: McpServer, policy: AccessPolicy): { tool: ToolFn; listed: Tool[] } {
  /** What tools/list answers (server.ts installs it). */
  const listed: Tool[] = [];

  /** Registers a tool whose handler returns a plain object; policy and errors handled here. */
  function tool<Shape extends z.ZodRawShape | z.ZodType>(
    name: string,
    config: ToolConfig<Shape>,
    run: (args: Shape extends z.ZodRawShape ? z.infer<z.ZodObject<Shape>> : z.infer<Shape>, extra: Extra) => Promise<object>,
  ): void {
    server.registerTool(
      name,
      {
        description: config.description,
        inputSchema: config.input,
        ...(config.output ? { outputSchema: config.output } : {}),
        annotations: config.annotations,
      },
      (async (args: never, extra: Extra): Promise<CallToolResult> => {
        try {
          checkNotExpired(policy);
          const result = await run(args, extra);
          // Files the answer names (a render, a report) come as links to lookerflow://files/ resources.
          const answer: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(result) }, ...fileLinks(result)], structuredContent: result as Record<string, unknown> };
          return config.isError?.(result) ? { ...answer, isError: true } : answer;
        } catch (error) {
          if (error instanceof JobRequestError || error instanceof AccessDenied) return toolError(error.message);
          return toolError(`lookerflow could not do that: ${error instanceof Error ? error.message : String(error)}`);
        }
      }) as never,
    );
    const input = config.input instanceof z.ZodType ? config.input : z.object(config.input);
    listed.push({
      name,
      description: config.description,
      inputSchema: jsonSchemaOf(input) as Tool['inputSchema'],
      ...(config.output ? { outputSchema: jsonSchemaOf(config.output, 'output') as Tool['outputSchema'] } : {}),
      annotations: config.annotations,
    });
  }

  return { tool, listed };
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
