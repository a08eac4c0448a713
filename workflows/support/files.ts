// How a workflow reaches the file store: activities on its own (job) task queue, served by the
// workflow worker; they make no Looker call, so they do not queue behind Looker's rate limit.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { FileActivities } from '../../activities/stored-files';

export function fileActivities(): FileActivities {
  return proxyActivities<FileActivities>({
    taskQueue: workflowInfo().taskQueue,
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
