// `lookerflow codec-server`: Temporal's remote codec protocol (POST /encode and /decode with
// {payloads: [...]}, payloads in proto JSON) over the deployment's payload keys, so the Temporal
// UI and `temporal workflow show --codec-endpoint` can show decrypted payloads to operators who
// hold the bearer token. CORS admits only the UI's origins.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { checkTemporalSettings, readSettings, SettingsError, temporalSetup, TemporalSettingsShape } from '../common/settings';

export const CodecServerSettingsSchema = z
  .object({
    ...TemporalSettingsShape,
    LOOKERFLOW_CODEC_SERVER_TOKEN: z.string({ message: 'is required: the bearer token callers send (for example: openssl rand -hex 32)' }).min(16, 'must be at least 16 characters (for example: openssl rand -hex 32)'),
    LOOKERFLOW_CODEC_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(8888),
    LOOKERFLOW_CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
    /** Origins of the Temporal UI allowed to call from a browser, comma-separated. */
    LOOKERFLOW_CODEC_SERVER_ORIGINS: z
      .string()
      .default('http://localhost:8233')
      .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean)),
  })
  .superRefine(checkTemporalSettings);

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const BodySchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).nullish(), data: z.string().nullish() })),
});

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
});

export interface CodecServerOptions {
  codec: PayloadCodec;
  token: string;
  origins: string[];
  port: number;
  host: string;
  maxBodyBytes?: number;
}

export interface RunningCodecServer {
  url: string;
  close(): Promise<void>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const expected = digest(`Bearer ${options.token}`);
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const server = createServer((req, res) => void handle(req, res).catch(() => send(res, 500, { error: 'codec error' })));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!options.origins.includes(origin)) return send(res, 403, { error: 'origin not allowed' });
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.writeHead(204).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://codec').pathname.replace(/\/+$/, '');
    if (req.method !== 'POST' || (path !== '/encode' && path !== '/decode')) return send(res, 404, { error: 'POST /encode or /decode' });
    // Compared as digests so the comparison takes the same time whatever the token's length.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) return send(res, 401, { error: 'missing or wrong bearer token' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) return send(res, 413, { error: 'request too large' });
      chunks.push(chunk as Buffer);
    }
    let body: z.infer<typeof BodySchema>;
    try {
      body = BodySchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      return send(res, 400, { error: 'body must be JSON {"payloads": [{"metadata": {...}, "data": "<base64>"}]}' });
    }
    const payloads = body.payloads.map(fromJson);
    try {
      const result = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      send(res, 200, { payloads: result.map(toJson) });
    } catch (err) {
      send(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** `lookerflow codec-server [--port N] [--host H]`: runs until SIGINT/SIGTERM. */
export async function runCodecServer(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RunningCodecServer> {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const settings = readSettings(CodecServerSettingsSchema, {
    ...env,
    ...(option('--port') !== undefined ? { LOOKERFLOW_CODEC_SERVER_PORT: option('--port') } : {}),
    ...(option('--host') !== undefined ? { LOOKERFLOW_CODEC_SERVER_HOST: option('--host') } : {}),
  });
  const setup = temporalSetup(settings);
  if (!setup.encrypted) throw new SettingsError('Invalid setting LOOKERFLOW_CODEC_KEYS: the codec server needs the payload keys (LOOKERFLOW_CODEC_KEYS or LOOKERFLOW_CODEC_KEYS_FILE)');
  const server = await startCodecServer({
    codec: setup.dataConverter.payloadCodecs![0]!,
    token: settings.LOOKERFLOW_CODEC_SERVER_TOKEN,
    origins: settings.LOOKERFLOW_CODEC_SERVER_ORIGINS,
    port: settings.LOOKERFLOW_CODEC_SERVER_PORT,
    host: settings.LOOKERFLOW_CODEC_SERVER_HOST,
  });
  log(`lookerflow codec server on ${server.url} (POST /encode, /decode; browsers from ${settings.LOOKERFLOW_CODEC_SERVER_ORIGINS.join(', ')})`);
  return server;
}
