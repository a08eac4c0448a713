// Encrypts every payload lookerflow sends to Temporal (job inputs, results, progress, memos,
// heartbeat details) with AES-256-GCM, so the Temporal server and its database hold no
// email, name or user-attribute value in plaintext. Each payload names the key it was
// encrypted with: new payloads use the current key, and any known key decrypts, so keys rotate
// without re-encrypting history.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKeys {
  /** Key id → 32-byte key. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new payloads are encrypted with; undefined: encode nothing (decrypt only). */
  currentKeyId: string | undefined;
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly codecKeys: CodecKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.codecKeys.currentKeyId;
    if (keyId === undefined) return payloads;
    const key = this.codecKeys.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      // The key id is authenticated too: a payload relabelled with another key id fails to decrypt.
      cipher.setAAD(Buffer.from(keyId));
      const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
      if (!keyId) throw new ValueError('Encrypted payload without an encryption-key-id');
      const key = this.codecKeys.keys.get(keyId);
      if (!key) {
        throw new ValueError(`Payload encrypted with key "${keyId}", which this process does not know: add it to LOOKERFLOW_CODEC_KEYS (or LOOKERFLOW_CODEC_KEYS_FILE)`);
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`Encrypted payload (key "${keyId}") is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new ValueError(`Payload encrypted with key "${keyId}" does not decrypt: the key of that id differs from the one it was encrypted with, or the payload was altered`);
      }
      return temporal.api.common.v1.Payload.decode(plaintext);
    });
  }
}
