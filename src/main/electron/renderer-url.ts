/**
 * Where our one renderer lives and whether a URL is it. Shared by the window manager (what to load), the IPC
 * bridge (who may call the engine) and the security module (where navigation may go, which pages get the CSP).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The renderer's location: the built index.html, or the dev server URL under `electron-vite dev`. */
export interface RendererLocation {
  /** Absolute path of out/renderer/index.html. */
  readonly file: string;
  /** ELECTRON_RENDERER_URL, honoured only in an unpackaged (dev) app. */
  readonly devUrl?: string;
}

/** Resolves the renderer's location; `mainDir` is the bundle's __dirname (out/main). */
export function rendererLocation(opts: { mainDir: string; packaged: boolean; env?: NodeJS.ProcessEnv }): RendererLocation {
  const file = join(opts.mainDir, '../renderer/index.html');
  const dev = (opts.env ?? process.env)['ELECTRON_RENDERER_URL'];
  // A packaged app never loads a URL taken from the environment: that would let anyone who can set an env var
  // point the privileged bridge at a page of their choosing.
  return !opts.packaged && dev && parse(dev) ? { file, devUrl: dev } : { file };
}

/** True when `url` is our renderer page (any query or hash), i.e. a document allowed to talk to the engine. */
export function isRendererUrl(url: string, loc: RendererLocation): boolean {
  const u = parse(url);
  if (!u) return false;
  if (loc.devUrl !== undefined) {
    const dev = parse(loc.devUrl);
    return dev !== null && u.origin === dev.origin && u.origin !== 'null';
  }
  return u.protocol === 'file:' && u.host === '' && pathKey(u.pathname) === pathKey(pathToFileURL(loc.file).pathname);
}

/** True when `url` is our renderer page or one of its assets (used to scope the CSP header). */
export function isRendererResource(url: string, loc: RendererLocation): boolean {
  if (isRendererUrl(url, loc)) return true;
  const u = parse(url);
  if (!u || loc.devUrl !== undefined || u.protocol !== 'file:') return false;
  const dir = pathKey(pathToFileURL(join(loc.file, '..')).pathname);
  return pathKey(u.pathname).startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** A file URL path in comparable form: Chromium and Node may percent-encode (and, on Windows, case) differently. */
function pathKey(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  return process.platform === 'win32' ? decoded.toLowerCase() : decoded;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
