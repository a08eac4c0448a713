// Start-up check: is LOOKERSDK_BASE_URL a Looker API, and do the credentials work?
// Fails with one line naming the setting to fix, instead of every job failing later.
import { LookerApiError, LookerNetworkError } from './looker-api-error';
import type { LookerClient } from './looker-client';

export class LookerConnectionError extends Error {
  override name = 'LookerConnectionError';

  constructor(
    message: string,
    /** True when Looker may answer later (unreachable, 5xx, 429); false for wrong settings. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Looker did not answer, or answered "not now": worth asking again later. */
function isTransient(error: unknown): boolean {
  return error instanceof LookerNetworkError || (error instanceof LookerApiError && (error.status >= 500 || error.status === 429 || error.status === 408));
}

export interface LookerConnectionInfo {
  lookerReleaseVersion?: string;
  userId?: string;
  userDisplayName?: string;
}

export async function checkLookerConnection(looker: LookerClient): Promise<LookerConnectionInfo> {
  const where = `LOOKERSDK_BASE_URL (${looker.baseUrl})`;
  let release: string | undefined;
  try {
    // /versions needs no login, so it tests the URL alone.
    const versions = await looker.call(
      'versions',
      (sdk) => sdk.authSession.transport.request<{ looker_release_version?: string; supported_versions?: unknown }, unknown>('GET', '/api/4.0/versions'),
      { skipLogin: true },
    );
    if (typeof versions !== 'object' || versions === null || !('supported_versions' in versions)) {
      throw new LookerConnectionError(`${where} is not a Looker API: /api/4.0/versions did not describe API versions`);
    }
    release = versions.looker_release_version;
  } catch (error) {
    if (error instanceof LookerConnectionError) throw error;
    if (error instanceof LookerNetworkError) throw new LookerConnectionError(`${where} is unreachable: ${error.causeMessage}`, true);
    if (error instanceof LookerApiError) {
      if (isTransient(error)) throw new LookerConnectionError(`${where} is unavailable: /api/4.0/versions answered ${error.status}`, true);
      throw new LookerConnectionError(`${where} is not a Looker API: /api/4.0/versions answered ${error.status}`);
    }
    throw error;
  }

  try {
    const me = await looker.call('me', (sdk) => sdk.me('id,display_name'));
    return { lookerReleaseVersion: release, userId: me.id, userDisplayName: me.display_name ?? undefined };
  } catch (error) {
    if (error instanceof LookerApiError && (error.operation === 'login' || error.status === 401)) {
      throw new LookerConnectionError(
        `Looker refused LOOKERSDK_CLIENT_ID / LOOKERSDK_CLIENT_SECRET at ${looker.baseUrl} (${error.operation} answered ${error.status})`,
      );
    }
    if (error instanceof LookerNetworkError) throw new LookerConnectionError(`${where} is unreachable: ${error.causeMessage}`, true);
    if (error instanceof LookerApiError) throw new LookerConnectionError(`${where} answered ${error.status} to ${error.operation}: ${error.lookerMessage}`, isTransient(error));
    throw error;
  }
}
