/**
 * App-wide hardening, applied once after 'ready' and before the first window: no navigation away from our
 * renderer, no new windows, no <webview>, every permission denied, and a strict CSP on our pages.
 */
import { app as electronApp, session as electronSession, type App, type Session, type WebContents } from 'electron';
import { isRendererResource, isRendererUrl, type RendererLocation } from './renderer-url';

/** The Content-Security-Policy of every Kestrel page (the renderer's index.html carries the same meta tag). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Options of installSecurity; app and session are injectable for tests. */
export interface SecurityOptions {
  location: RendererLocation;
  app?: Pick<App, 'on'>;
  session?: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>;
}

/** Installs the hardening; call after app 'ready' (the default session exists only then). */
export function installSecurity(opts: SecurityOptions): void {
  const app = opts.app ?? electronApp;
  const session = opts.session ?? electronSession.defaultSession;
  const { location } = opts;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location));

  // Kestrel needs no camera, microphone, geolocation, notifications-from-the-page, clipboard-read, HID…
  // Native notifications are shown by the main process, which needs no permission.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);

  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isRendererResource(details.url, location)) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      // Ours replaces whatever the dev server sent, so exactly one policy applies.
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

/** Locks one webContents: navigation only within our renderer, no popups, no webviews. */
export function hardenWebContents(contents: WebContents, location: RendererLocation): void {
  contents.on('will-navigate', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault();
  });
  // Subframes too: the CSP already forbids frames, this is the second lock on the same door.
  contents.on('will-frame-navigate', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
