// Links into Looker's web UI, from the API base URL the worker is configured with.

const API_PORT = ':19999';

/**
 * Looker's API usually listens on port 19999 of the web host (https://x.looker.com:19999);
 * the web UI is the same host without that port. Any other base URL is used as it is.
 */
export function webUrlFromApiUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(new RegExp(`${API_PORT}$`), '');
}

/** Where an object of the API's `type` (singular collection name) opens in Looker, when it has a page. */
const WEB_PAGES: Record<string, (id: string) => string> = {
  dashboard: (id) => `/dashboards/${id}`,
  look: (id) => `/looks/${id}`,
  folder: (id) => `/folders/${id}`,
  user: (id) => `/admin/users/${id}/edit`,
  group: (id) => `/admin/groups/${id}/edit`,
};

export function objectWebUrl(apiBaseUrl: string, type: string, id: string): string | undefined {
  const page = WEB_PAGES[type];
  return page && `${webUrlFromApiUrl(apiBaseUrl)}${page(encodeURIComponent(id))}`;
}
