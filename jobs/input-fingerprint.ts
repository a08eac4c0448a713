// What an idempotency key remembers of the input it was first used with: a hash of the whole
// (validated) input and one per top-level field, kept in the job's memo. Reusing the key with
// an input whose hash differs is refused, naming the fields that differ; the input itself
// never goes into the memo (it is in the history already, and may be large).
import { createHash } from 'node:crypto';

/** The memo key holding the fingerprint. */
export const INPUT_FINGERPRINT_MEMO = 'lookerflowInput';

export interface InputFingerprint {
  hash: string;
  /** Hash of each top-level field (the input itself when it is not an object, under ''). */
  fields: Record<string, string>;
}

export function inputFingerprint(input: unknown): InputFingerprint {
  const fields: Record<string, string> = {};
  if (isRecord(input)) for (const [name, value] of Object.entries(input)) fields[name] = hashOf(value);
  else fields[''] = hashOf(input);
  return { hash: hashOf(input), fields };
}

/** The fields whose values differ between two fingerprints (one side missing counts), sorted. */
export function differingFields(first: InputFingerprint, second: InputFingerprint): string[] {
  const names = new Set([...Object.keys(first.fields), ...Object.keys(second.fields)]);
  return [...names].filter((name) => first.fields[name] !== second.fields[name]).sort();
}

export function isInputFingerprint(value: unknown): value is InputFingerprint {
  return isRecord(value) && typeof value.hash === 'string' && isRecord(value.fields);
}

/** sha-256 of the value's JSON with object keys sorted, so key order does not matter. */
function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
