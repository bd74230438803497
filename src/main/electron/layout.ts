/**
 * The pure half of window layout: the persisted shape, and the geometry that puts a saved window back on a
 * present display. No Electron here, so all of it is unit-testable as plain functions.
 */

/** Default size of a view's first window. */
export const DEFAULT_SIZE = { width: 1280, height: 800 };
const MAX_PARAMS = 8;
const PARAM_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** A rectangle in screen coordinates (DIP). */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of an Electron Display the geometry needs. */
export interface DisplayInfo {
  id: number;
  bounds: Bounds;
  workArea: Bounds;
}

/** One window as it was last seen: which view, where, on which display. */
export interface SavedWindow {
  view: string;
  params: Record<string, string>;
  displayId: number;
  /** Normal (un-maximized) bounds, so a maximized window restores to a sensible size. */
  bounds: Bounds;
  maximized: boolean;
}

/** What the layout store persists. */
export interface SavedLayout {
  /** The windows open at the last save, in opening order; all of them reopen at start. */
  windows: SavedWindow[];
  /** The last bounds of each view on each display, keyed by layoutKey(view, displayId). */
  bounds: Record<string, Bounds>;
}

/** Where the layout is persisted (electron-store in the app, a plain object in tests). */
export interface LayoutStore {
  get(): SavedLayout;
  set(layout: SavedLayout): void;
}

/** The key of a view's remembered bounds on one display. */
export function layoutKey(view: string, displayId: number): string {
  return `${view}@${displayId}`;
}

/** An empty layout (first start, or an unreadable file). */
export function emptyLayout(): SavedLayout {
  return { windows: [], bounds: {} };
}

/** Moves and shrinks `b` so that it lies inside `area`. */
export function clampBounds(b: Bounds, area: Bounds): Bounds {
  const width = Math.max(1, Math.min(Math.round(b.width), area.width));
  const height = Math.max(1, Math.min(Math.round(b.height), area.height));
  const x = Math.min(Math.max(Math.round(b.x), area.x), area.x + area.width - width);
  const y = Math.min(Math.max(Math.round(b.y), area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** Where a saved window comes back: its own display if present, else the primary one, always inside a work area. */
export function restoreBounds(
  saved: Pick<SavedWindow, 'bounds' | 'displayId'> & { view?: string },
  displays: readonly DisplayInfo[],
  primaryId: number,
  remembered: Readonly<Record<string, Bounds>> = {},
): { bounds: Bounds; displayId: number } {
  // Its own display still there: exact bounds, pulled inside the work area only if they no longer fit (a
  // resolution change). Otherwise the primary display, preferring bounds this view last had there.
  const same = displays.find((d) => d.id === saved.displayId);
  if (same) {
    const bounds = contains(same.bounds, saved.bounds) ? { ...saved.bounds } : clampBounds(saved.bounds, same.workArea);
    return { bounds, displayId: same.id };
  }
  const target = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (!target) return { bounds: { ...saved.bounds }, displayId: saved.displayId }; // headless: nothing to fit
  const known = saved.view === undefined ? undefined : remembered[layoutKey(saved.view, target.id)];
  return { bounds: clampBounds(known ?? saved.bounds, target.workArea), displayId: target.id };
}

/** Default bounds for a view never seen before: centred in the work area, at most 1280×800. */
export function defaultBounds(workArea: Bounds): Bounds {
  const width = Math.min(DEFAULT_SIZE.width, workArea.width);
  const height = Math.min(DEFAULT_SIZE.height, workArea.height);
  return {
    x: workArea.x + Math.round((workArea.width - width) / 2),
    y: workArea.y + Math.round((workArea.height - height) / 2),
    width,
    height,
  };
}

/** Keeps only short, well-formed string params; `view` is reserved for the view id itself. */
export function sanitizeParams(params: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof params !== 'object' || params === null) return out;
  for (const [k, v] of Object.entries(params)) {
    if (Object.keys(out).length >= MAX_PARAMS) break;
    if (k !== 'view' && PARAM_KEY.test(k) && typeof v === 'string' && v.length <= 256) out[k] = v;
  }
  return out;
}

function contains(outer: Bounds, inner: Bounds): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
