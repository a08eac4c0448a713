/** Low-level request reading and response writing on node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON or form body; undefined when empty. Malformed JSON is a 400 like Looker's.
 * A body the spec declares as a string (a filter state, SAML metadata) is taken as
 * sent: clients send the text itself, not a JSON string literal.
 */
export function parseBody(raw: Buffer, contentType: string | undefined, declaredString = false): unknown {
  if (!raw.length) return undefined;
  const text = raw.toString('utf8');
  if (declaredString) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not JSON at all: the text is the value.
    }
    return text;
  }
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Request body could not be parsed as JSON');
  }
}

export interface Outgoing {
  status: number;
  headers?: Record<string, string>;
  /** undefined = empty body with no Content-Type. */
  body?: string | Buffer;
  contentType?: string;
}

export function send(res: ServerResponse, out: Outgoing): void {
  const headers: Record<string, string | number> = { ...(out.headers ?? {}) };
  const payload = out.body === undefined ? undefined : typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  if (payload !== undefined && out.contentType) headers['Content-Type'] = out.contentType;
  headers['Content-Length'] = payload?.length ?? 0;
  res.writeHead(out.status, headers);
  res.end(payload);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, { status, headers, body: JSON.stringify(body), contentType: 'application/json' });
}
