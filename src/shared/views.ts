/**
 * The views the one renderer bundle can show; `?view=<id>` picks one, in its own window (Electron) or tab
 * (browser mode). Later views add rows here — the tray, the window manager and the renderer all read this list.
 */
export const VIEWS = [
  { id: 'market', title: 'Market' },
  { id: 'sectors', title: 'Sectors' },
  { id: 'approvals', title: 'Approvals' },
  { id: 'portfolio', title: 'Positions & orders' },
  { id: 'options', title: 'Options' },
  { id: 'segments', title: 'Segments' },
  { id: 'compare', title: 'Compare' },
  { id: 'settings', title: 'Settings' },
] as const;

/** The id of a view in VIEWS. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a fresh profile opens with. */
export const DEFAULT_VIEW: ViewId = 'market';

/** Narrows an untrusted string (a URL query, an IPC argument) to a known view id. */
export function isViewId(id: unknown): id is ViewId {
  return typeof id === 'string' && VIEWS.some((v) => v.id === id);
}
