// How every lookerflow process (worker, MCP server, CLI, codec server) reaches Temporal: address,
// namespace, TLS and API key, read under Temporal's own environment names (the ones its CLI and
// SDKs read), so one environment serves `temporal` and lookerflow alike.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { z } from 'zod';

const optionalText = z.string().min(1).optional();

export const TemporalConnectionShape = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, for example localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Temporal Cloud API key (or a self-hosted cluster's authorizer token); turns TLS on unless TEMPORAL_TLS=false. */
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalText,
  // The Temporal CLI's older names, read when the current one is not set.
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
};

type ConnectionSettings = z.infer<z.ZodObject<typeof TemporalConnectionShape>>;

/** What NativeConnection.connect (worker) and Connection.connect/lazy (clients) both take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export interface SettingIssue {
  path: string;
  message: string;
}

/** A PEM file or inline PEM, read and checked; the issue names the setting, never the secret. */
function readPem(settings: ConnectionSettings, name: 'SERVER_CA_CERT' | 'CLIENT_CERT' | 'CLIENT_KEY', legacy: keyof ConnectionSettings, issues: SettingIssue[]) {
  const pathSetting = `TEMPORAL_TLS_${name}_PATH` as const;
  const dataSetting = `TEMPORAL_TLS_${name}_DATA` as const;
  const path = settings[pathSetting] ?? (settings[legacy] as string | undefined);
  const data = settings[dataSetting];
  const setting = settings[pathSetting] ? pathSetting : path ? legacy : dataSetting;
  if (path && data) {
    issues.push({ path: dataSetting, message: `set ${pathSetting} or ${dataSetting}, not both` });
    return undefined;
  }
  if (data) return { setting, pem: Buffer.from(data) };
  if (!path) return undefined;
  try {
    return { setting, pem: readFileSync(path) };
  } catch (err) {
    issues.push({ path: setting, message: `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

/**
 * The connection options the settings describe, and one issue per bad or inconsistent setting
 * (unreadable file, not PEM, a key without its certificate, a key that does not match it...).
 */
export function temporalConnectionFromSettings(settings: ConnectionSettings): { options: TemporalConnectionOptions; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const ca = readPem(settings, 'SERVER_CA_CERT', 'TEMPORAL_TLS_CA', issues);
  const cert = readPem(settings, 'CLIENT_CERT', 'TEMPORAL_TLS_CERT', issues);
  const key = readPem(settings, 'CLIENT_KEY', 'TEMPORAL_TLS_KEY', issues);
  let certificate: X509Certificate | undefined;
  for (const pem of [ca, cert]) {
    if (!pem) continue;
    try {
      const parsed = new X509Certificate(pem.pem);
      if (pem === cert) certificate = parsed;
    } catch {
      issues.push({ path: pem.setting, message: 'is not a PEM certificate' });
    }
  }
  if (key) {
    try {
      const privateKey = createPrivateKey(key.pem);
      if (certificate && !certificate.checkPrivateKey(privateKey)) {
        issues.push({ path: key.setting, message: 'does not match the client certificate' });
      }
    } catch {
      issues.push({ path: key.setting, message: 'is not a PEM private key' });
    }
  }
  // Judged on what is set, so an unreadable half is reported once, as unreadable.
  const certSet = Boolean(settings.TEMPORAL_TLS_CLIENT_CERT_PATH ?? settings.TEMPORAL_TLS_CLIENT_CERT_DATA ?? settings.TEMPORAL_TLS_CERT);
  const keySet = Boolean(settings.TEMPORAL_TLS_CLIENT_KEY_PATH ?? settings.TEMPORAL_TLS_CLIENT_KEY_DATA ?? settings.TEMPORAL_TLS_KEY);
  if (key && !certSet) issues.push({ path: key.setting, message: 'is set without a client certificate: mTLS needs TEMPORAL_TLS_CLIENT_CERT_PATH too' });
  if (cert && !keySet) issues.push({ path: cert.setting, message: 'is set without a client key: mTLS needs TEMPORAL_TLS_CLIENT_KEY_PATH too' });

  const tlsMaterial = Boolean(ca || cert || key || settings.TEMPORAL_TLS_SERVER_NAME);
  if (settings.TEMPORAL_TLS === false && tlsMaterial) {
    issues.push({ path: 'TEMPORAL_TLS', message: 'is false but TLS certificates or a server name are set: remove one or the other' });
  }
  const options: TemporalConnectionOptions = { address: settings.TEMPORAL_ADDRESS };
  if (settings.TEMPORAL_API_KEY) options.apiKey = settings.TEMPORAL_API_KEY;
  if (settings.TEMPORAL_TLS === false) options.tls = false;
  else if (tlsMaterial || settings.TEMPORAL_TLS) {
    const tls: TLSConfig = {};
    if (settings.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = settings.TEMPORAL_TLS_SERVER_NAME;
    if (ca) tls.serverRootCACertificate = ca.pem;
    if (cert && key) tls.clientCertPair = { crt: cert.pem, key: key.pem };
    options.tls = tls;
  } else if (options.apiKey) options.tls = true; // As Temporal's clients do: an API key implies TLS.
  return { options, issues };
}

/** `plaintext`, `TLS`, `mTLS`, with `, API key`: for start-up lines (never the key itself). */
export function describeTemporalConnection(options: TemporalConnectionOptions): string {
  const tls = !options.tls ? 'plaintext' : typeof options.tls === 'object' && options.tls.clientCertPair ? 'mTLS' : 'TLS';
  return options.apiKey ? `${tls}, API key` : tls;
}
