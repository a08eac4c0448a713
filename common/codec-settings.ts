// The payload encryption keys every lookerflow process of one deployment shares:
// LOOKERFLOW_CODEC_KEYS (or a file, LOOKERFLOW_CODEC_KEYS_FILE) lists `id:base64key` entries;
// LOOKERFLOW_CODEC_KEY_ID picks the one new payloads are encrypted with (default: the first).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CodecKeys } from './payload-codec';
import type { SettingIssue } from './temporal-connection';

export const CodecSettingsShape = {
  LOOKERFLOW_CODEC_KEYS: z.string().min(1).optional(),
  LOOKERFLOW_CODEC_KEYS_FILE: z.string().min(1).optional(),
  LOOKERFLOW_CODEC_KEY_ID: z.string().min(1).optional(),
};

type CodecSettings = z.infer<z.ZodObject<typeof CodecSettingsShape>>;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The keys the settings give (none: payloads are not encrypted), and one issue per bad setting; never echoes a key. */
export function codecKeysFromSettings(settings: CodecSettings): { keys: CodecKeys | undefined; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  let setting: 'LOOKERFLOW_CODEC_KEYS' | 'LOOKERFLOW_CODEC_KEYS_FILE' = 'LOOKERFLOW_CODEC_KEYS';
  let listing = settings.LOOKERFLOW_CODEC_KEYS;
  if (settings.LOOKERFLOW_CODEC_KEYS_FILE) {
    if (listing) issues.push({ path: 'LOOKERFLOW_CODEC_KEYS_FILE', message: 'set LOOKERFLOW_CODEC_KEYS or LOOKERFLOW_CODEC_KEYS_FILE, not both' });
    setting = 'LOOKERFLOW_CODEC_KEYS_FILE';
    try {
      listing = readFileSync(settings.LOOKERFLOW_CODEC_KEYS_FILE, 'utf8');
    } catch (err) {
      issues.push({ path: setting, message: `cannot read ${settings.LOOKERFLOW_CODEC_KEYS_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return { keys: undefined, issues };
    }
  }
  if (!listing) {
    if (settings.LOOKERFLOW_CODEC_KEY_ID) issues.push({ path: 'LOOKERFLOW_CODEC_KEY_ID', message: 'is set but no key is: set LOOKERFLOW_CODEC_KEYS or LOOKERFLOW_CODEC_KEYS_FILE' });
    return { keys: undefined, issues };
  }
  const keys = new Map<string, Buffer>();
  const entries = listing
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const [id, encoded, ...rest] = entry.split(':');
    const where = `entry ${index + 1}`;
    if (!id || encoded === undefined || rest.length || !KEY_ID.test(id)) {
      issues.push({ path: setting, message: `${where} must be <key id>:<base64 of 32 random bytes>, the id of letters, digits, . _ - (generate a key with: openssl rand -base64 32)` });
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
      issues.push({ path: setting, message: `key "${id}" must be 32 bytes in base64 (generate one with: openssl rand -base64 32)` });
    } else if (keys.has(id)) {
      issues.push({ path: setting, message: `key id "${id}" is listed twice` });
    } else keys.set(id, key);
  });
  if (!entries.length) issues.push({ path: setting, message: 'lists no key' });
  const currentKeyId = settings.LOOKERFLOW_CODEC_KEY_ID ?? entries[0]?.split(':')[0];
  if (settings.LOOKERFLOW_CODEC_KEY_ID && !keys.has(settings.LOOKERFLOW_CODEC_KEY_ID) && !issues.length) {
    issues.push({ path: 'LOOKERFLOW_CODEC_KEY_ID', message: `names no key listed in ${setting}` });
  }
  return { keys: issues.length ? undefined : { keys, currentKeyId }, issues };
}
