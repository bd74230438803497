/**
 * Browser-mode access token: taken from the page URL's `token` parameter, kept in sessionStorage so a
 * reload without it still connects, and removed from the visible URL (it would leak into screenshots,
 * bookmarks and shared links).
 */

/** sessionStorage key of the token. */
export const TOKEN_STORAGE_KEY = 'kestrel.token';

/** What resolveToken touches, injectable for tests. */
export interface TokenEnv {
  location: Pick<Location, 'href'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  history: Pick<History, 'replaceState' | 'state'> | null;
}

/** The access token, or null when the page has none; strips it from the address bar. */
export function resolveToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token');
    env.history?.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The engine's WebSocket URL on the page's own host. */
export function engineSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null, client?: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const params: string[] = [];
  if (token) params.push(`token=${encodeURIComponent(token)}`);
  // Which window this is: the engine writes it into the audit log next to every decision made from here.
  if (client) params.push(`client=${encodeURIComponent(client)}`);
  return `${scheme}://${location.host}/api${params.length > 0 ? `?${params.join('&')}` : ''}`;
}
