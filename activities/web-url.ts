// The Looker web address that links (dashboardUrl, lookUrl) are built on: what the operator set
// (LOOKERFLOW_LOOKER_WEB_URL), else what Looker reports as its web server (/versions
// `web_server_url`), else the API address without Looker's API port.
import type { LookerClient } from './looker-client';

const API_PORT = ':19999';

/** Resolves the web address once per process: configured, reported by Looker, or derived. */
export function createWebUrl(looker: LookerClient, configured?: string): () => Promise<string> {
  let known: Promise<string> | undefined;
  const reported = async (): Promise<string> => {
    const versions = await looker.call(
      'versions',
      (sdk) => sdk.authSession.transport.request<{ web_server_url?: string | null }, unknown>('GET', '/api/4.0/versions'),
      { skipLogin: true },
    );
    return versions?.web_server_url ? withoutSlash(versions.web_server_url) : webUrlFromApiUrl(looker.baseUrl);
  };
  return () => {
    if (configured) return Promise.resolve(withoutSlash(configured));
    // A failed read is not kept: the next link asks again.
    known ??= reported().catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}

/**
 * Looker's API usually listens on port 19999 of the web host (https://x.looker.com:19999);
 * the web UI is the same host without that port. Any other base URL is used as it is.
 */
export function webUrlFromApiUrl(baseUrl: string): string {
  return withoutSlash(baseUrl).replace(new RegExp(`${API_PORT}$`), '');
}

function withoutSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
