// Looker connection settings, read from LOOKERSDK_* variables and/or a looker.ini file.
//
// Built on the SDK's own NodeSettings and ini parser, with two differences from
// LookerNodeSDK.init40(): the environment is passed in (so tests need not touch process.env),
// and the request timeout defaults to 60 s.
import { readFileSync } from 'node:fs';
import { ApiConfigSection, NodeSettings } from '@looker/sdk-node';
import { ValueSettings, type IApiSection } from '@looker/sdk-rtl';

export const DEFAULT_LOOKER_TIMEOUT_SECONDS = 60;

/** Settings the SDK reads, plus `maxTries: 1`: retrying is Temporal's job, not the SDK's. */
export class LookerSettings extends NodeSettings {
  readonly maxTries = 1;

  constructor(
    values: IApiSection,
    /** Returns the current credentials; called at every login so a rotated secret is picked up. */
    private readonly readSection: () => IApiSection,
  ) {
    super('', ValueSettings(values, ''));
  }

  override readConfig(_section?: string): IApiSection {
    return this.readSection();
  }
}

export interface LookerSettingsOptions {
  /** A looker.ini file; LOOKERSDK_* variables win over its values. Defaults to env.LOOKERSDK_INI. */
  iniPath?: string;
  /** The ini section to read (default: the first one). */
  section?: string;
}

const ENV_NAMES = {
  base_url: 'LOOKERSDK_BASE_URL',
  client_id: 'LOOKERSDK_CLIENT_ID',
  client_secret: 'LOOKERSDK_CLIENT_SECRET',
  timeout: 'LOOKERSDK_TIMEOUT',
  verify_ssl: 'LOOKERSDK_VERIFY_SSL',
} as const;

export class LookerSettingsError extends Error {
  override name = 'LookerSettingsError';
}

export function lookerSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: LookerSettingsOptions = {},
): LookerSettings {
  const iniPath = options.iniPath ?? env.LOOKERSDK_INI;
  const readSection = (): IApiSection => {
    const fromIni = iniPath ? ApiConfigSection(readFileSync(iniPath, 'utf8'), options.section) : {};
    const fromEnv: IApiSection = {};
    for (const [key, envName] of Object.entries(ENV_NAMES)) {
      const value = env[envName];
      if (value !== undefined && value !== '') fromEnv[key] = unquote(value);
    }
    return { ...fromIni, ...fromEnv };
  };

  const values = readSection();
  const source = iniPath ? ` (nor base_url in ${iniPath})` : '';
  if (!values.base_url) throw new LookerSettingsError(`LOOKERSDK_BASE_URL is not set${source}`);
  if (!values.client_id) throw new LookerSettingsError(`LOOKERSDK_CLIENT_ID is not set${source.replace('base_url', 'client_id')}`);
  if (!values.client_secret) {
    throw new LookerSettingsError(`LOOKERSDK_CLIENT_SECRET is not set${source.replace('base_url', 'client_secret')}`);
  }
  const timeout = values.timeout === undefined ? DEFAULT_LOOKER_TIMEOUT_SECONDS : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new LookerSettingsError('LOOKERSDK_TIMEOUT must be a positive number of seconds');
  }
  // Only the non-secret values become properties; credentials stay inside readSection.
  return new LookerSettings(
    { base_url: String(values.base_url).replace(/\/+$/, ''), timeout: String(timeout), verify_ssl: values.verify_ssl ?? 'true' },
    readSection,
  );
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}
