// The file store as MCP resources: renders, reports and uploads under `lookerflow://files/<path>`.
// resources/list and resources/read go through the job service's file access, i.e. through the
// engine (short workflows whose activities run on a worker), never through a local disk, so the
// MCP server may run on another host than the workers. Job answers link the files they name.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { JobRequestError, type JobService } from '../jobs/job-service';
import { checkPath } from '../jobs/stored-files';

export const FILE_URI_PREFIX = 'lookerflow://files/';
/** Larger files are refused by resources/read; `lookerflow files get` reads any size. */
export const MAX_RESOURCE_BYTES = 10 * 1024 * 1024;
const LISTED_FILES = 100;

export const fileUri = (path: string) => `${FILE_URI_PREFIX}${path}`;

/** A path from a `lookerflow://files/…` URI (or a bare path), checked. */
export function pathOfUri(uri: string): string {
  return checkPath(uri.startsWith(FILE_URI_PREFIX) ? decodeURI(uri.slice(FILE_URI_PREFIX.length)) : uri);
}

/**
 * The job whose files a path holds (`jobs/<jobId>/…`), or undefined for uploads. Job ids start
 * with their type (`renderDashboard-…`), which is what a listing checks against the policy.
 */
export function jobOfPath(path: string): { jobId: string; type: string } | undefined {
  const [top, jobId] = path.split('/');
  return top === 'jobs' && jobId ? { jobId, type: jobId.split('-')[0] } : undefined;
}

const isText = (contentType: string) => contentType.startsWith('text/') || contentType === 'application/json' || contentType === 'application/jsonl';

export interface FileAccess {
  /** Throws when the server's access has expired. */
  checkPolicy(): void;
  /** Refuses a job id whose type the server does not expose (reads the job's real type). */
  checkJob(jobId: string): Promise<void>;
  /** Whether a job type is exposed (for listings, without a call per file). */
  typeExposed(type: string): boolean;
}

export function registerFileResources(server: McpServer, jobService: JobService, access: FileAccess): void {
  server.registerResource(
    'file',
    new ResourceTemplate(`${FILE_URI_PREFIX}{+path}`, {
      list: async () => {
        access.checkPolicy();
        const files = await jobService.files.list('', LISTED_FILES);
        const visible = files.filter((f) => {
          const job = jobOfPath(f.path);
          return !job || access.typeExposed(job.type);
        });
        return { resources: visible.map((f) => ({ uri: fileUri(f.path), name: f.path, size: f.bytes, mimeType: f.contentType })) };
      },
    }),
    { description: 'A file from the lookerflow file store: renders, reports, uploads (newest 100 listed).' },
    async (uri): Promise<ReadResourceResult> => {
      access.checkPolicy();
      const path = pathOfUri(uri.href);
      const job = jobOfPath(path);
      if (job) await access.checkJob(job.jobId);
      const { ref, data } = await jobService.files.read(path, { maxBytes: MAX_RESOURCE_BYTES });
      const content = isText(ref.contentType) ? { text: data.toString('utf8') } : { blob: data.toString('base64') };
      return { contents: [{ uri: uri.href, mimeType: ref.contentType, ...content }] };
    },
  );
}

/** upload_file's input: a text file (a CSV for bulkOnboard's csvFile) or base64 bytes. */
export const UploadFileInput = z
  .object({
    name: z.string().min(1).max(200).describe('e.g. users.csv'),
    text: z.string().optional(),
    base64: z.string().optional(),
  })
  .strict()
  .refine((input) => (input.text === undefined) !== (input.base64 === undefined), { message: 'give text or base64', path: ['text'] });

export async function uploadFile(jobService: JobService, input: z.infer<typeof UploadFileInput>) {
  const data = input.text !== undefined ? Buffer.from(input.text, 'utf8') : Buffer.from(input.base64 ?? '', 'base64');
  const stored = await jobService.files.upload(input.name, data);
  return { ...stored, uri: fileUri(stored.path) };
}

/** Resource links to every stored file a job answer names (fields `path` or `…Path`). */
export function fileLinks(answer: unknown): ResourceLink[] {
  const links = new Map<string, ResourceLink>();
  const visit = (value: unknown, key: string, depth: number) => {
    if (depth > 6 || value === null || typeof value !== 'object') {
      if (typeof value === 'string' && (key === 'path' || key.endsWith('Path')) && /^(jobs|uploads)\//.test(value)) {
        try {
          const path = checkPath(value);
          links.set(path, { type: 'resource_link', uri: fileUri(path), name: path.split('/').pop() ?? path, description: path });
        } catch (error) {
          if (!(error instanceof JobRequestError)) throw error;
        }
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) visit(v, Array.isArray(value) ? key : k, depth + 1);
  };
  visit(answer, '', 0);
  return [...links.values()];
}
