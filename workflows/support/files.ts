// How a workflow reaches the file store: activities on `<queue>-files`; they make no Looker
// call, so they do not queue behind Looker's rate limit.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { FileActivities } from '../../activities/stored-files';
import { FILE_CHUNK_BYTES } from '../../contracts/stored-files';
import { filesTaskQueue } from './task-queues';

export function storedFileActivities(): FileActivities {
  return proxyActivities<FileActivities>({
    taskQueue: filesTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '1m',
    scheduleToCloseTimeout: '10m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: ['FileNotFound', 'BadFilePath', 'FileChunkTooLarge'] },
  });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Text from base64 chunks (as readStoredFile returns them). The workflow sandbox has TextDecoder
 * but neither Buffer nor atob; chunks are decoded to bytes first, so a character split across
 * two chunks comes out whole.
 */
export function decodeBase64Utf8(chunks: string[]): string {
  const bytes: number[] = [];
  for (const chunk of chunks) {
    let bits = 0;
    let value = 0;
    for (const char of chunk) {
      const digit = BASE64.indexOf(char);
      if (digit < 0) continue; // padding
      value = (value << 6) | digit;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((value >> bits) & 0xff);
      }
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Saves a large text (a report, a full list) as `jobs/<jobId>/<step>/<fileName>` in chunks of
 * FILE_CHUNK_BYTES, so no activity input nears Temporal's 2 MB payload limit; returns its path.
 * A retried chunk rewrites the file from its offset (see FileStore.writeAt).
 */
export async function saveJobText(step: string, fileName: string, text: string): Promise<string> {
  const path = jobFilePath(step, fileName);
  await writeJobText(path, 0, text);
  return path;
}

/** `jobs/<jobId>/<step>/<fileName>`, with odd characters replaced. */
export function jobFilePath(step: string, fileName: string): string {
  const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  return `jobs/${safe(workflowInfo().workflowId)}/${safe(step)}/${safe(fileName)}`;
}

/**
 * Writes `text` at byte `at` of `path` (cutting what follows), in chunks of FILE_CHUNK_BYTES;
 * returns the file's length after it, so the next part can be appended there.
 */
export async function writeJobText(path: string, at: number, text: string): Promise<number> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length || offset === 0; offset += FILE_CHUNK_BYTES) {
    await storedFileActivities().writeStoredFile({ path, offset: at + offset, data: encodeBase64(bytes.subarray(offset, offset + FILE_CHUNK_BYTES)) });
    if (bytes.length === 0) break;
  }
  return at + bytes.length;
}

function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + (b === undefined ? '=' : BASE64[(n >> 6) & 63]) + (c === undefined ? '=' : BASE64[n & 63]);
  }
  return out;
}
