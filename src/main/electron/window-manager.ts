/**
 * Opens every view in its own BrowserWindow over the one renderer bundle (`?view=<id>`), and remembers where
 * each window was — per view and per display — so the layout of the last session comes back at start.
 */
import { BrowserWindow, screen, type WebContents, type WebPreferences } from 'electron';
import { DEFAULT_VIEW, isViewId, VIEWS } from '../../shared/views';
import {
  clampBounds,
  DEFAULT_SIZE,
  defaultBounds,
  layoutKey,
  restoreBounds,
  sanitizeParams,
  type Bounds,
  type DisplayInfo,
  type LayoutStore,
  type SavedLayout,
  type SavedWindow,
} from './layout';
import { CHANNELS } from './ipc-bridge';
import type { RendererLocation } from './renderer-url';

export * from './layout';

/** Options of the WindowManager. */
export interface WindowManagerOptions {
  store: LayoutStore;
  location: RendererLocation;
  /** Absolute path of the built preload (out/preload/index.js). */
  preloadPath: string;
  /** Window icon (Linux/Windows); optional. */
  iconPath?: string;
  /** Debounce of layout writes while a window is dragged or resized. */
  saveDelayMs?: number;
}

const CASCADE_PX = 24;
const MAX_REMEMBERED = 64;

/** The webPreferences of every Kestrel window: isolated, sandboxed, no Node, only our preload. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // A middle click must not open a link in a new window behind the window-open handler's back.
    disableBlinkFeatures: 'Auxclick',
  };
}

interface Entry {
  win: BrowserWindow;
  view: string;
  params: Record<string, string>;
  saved: SavedWindow;
}

/** Creates, finds and remembers the app's windows. */
/**
 * Params that only pick what a view has selected; a window moves between them without reloading. `card` only: a
 * second Market window for another symbol is a deliberate multi-monitor layout, a second approvals window per
 * notification is not.
 */
const SELECTION_PARAMS = new Set(['card']);
/** In a linked window (`link=<colour>`) the symbol is a selection too. */
const LINKED_SELECTION_PARAMS = new Set(['card', 'symbol']);

export class WindowManager {
  private readonly entries = new Map<BrowserWindow, Entry>();
  private readonly layout: SavedLayout;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private quitting = false;

  constructor(private readonly opts: WindowManagerOptions) {
    this.layout = opts.store.get();
  }

  /** Reopens every window of the last session (or the default view); call once the engine is up. */
  restore(): void {
    const saved = this.layout.windows.filter((w) => isViewId(w.view));
    if (saved.length === 0) {
      this.open(DEFAULT_VIEW);
      return;
    }
    const { displays, primaryId } = currentDisplays();
    for (const w of saved) {
      const params = sanitizeParams(w.params);
      if (this.find(w.view, params)) continue;
      const placed = restoreBounds(w, displays, primaryId, this.layout.bounds);
      this.create(w.view, params, placed.bounds, w.maximized);
    }
  }

  /** Focuses the window showing `view` with these params, or opens one; null for an unknown view. */
  open(view: string, params: Record<string, string> = {}): BrowserWindow | null {
    if (!isViewId(view)) {
      console.warn(`[windows] refusing to open unknown view ${JSON.stringify(view)}`);
      return null;
    }
    const clean = sanitizeParams(params);
    const existing = this.find(view, clean) ?? this.findForSelection(view, clean);
    if (existing) {
      if (!sameParams(existing.params, clean)) {
        // Same view, another selection (a notification for another card): move this window there.
        existing.params = clean;
        existing.saved = { ...existing.saved, params: clean };
        existing.win.webContents.send(CHANNELS.navigate, clean);
        this.scheduleSave();
      }
      if (existing.win.isMinimized()) existing.win.restore();
      existing.win.show();
      existing.win.focus();
      return existing.win;
    }
    return this.create(view, clean, this.placeNew(view), false);
  }

  /** True when `contents` belongs to a window this manager created (the IPC bridge's first sender check). */
  owns(contents: WebContents): boolean {
    for (const e of this.entries.values()) {
      if (!e.win.isDestroyed() && e.win.webContents === contents) return true;
    }
    return false;
  }

  /** The view shown by `contents`, if it is one of ours. */
  viewOf(contents: WebContents): string | undefined {
    for (const e of this.entries.values()) {
      if (!e.win.isDestroyed() && e.win.webContents === contents) return e.view;
    }
    return undefined;
  }

  /** Number of open windows. */
  count(): number {
    return this.entries.size;
  }

  /** Focuses the most recently opened window, or restores the layout when none is open. */
  focusOrRestore(): void {
    const last = [...this.entries.values()].pop();
    if (!last) return this.restore();
    if (last.win.isMinimized()) last.win.restore();
    last.win.show();
    last.win.focus();
  }

  /** Saves the layout now and freezes the list of open windows, so closing them on quit doesn't empty it. */
  beginQuit(): void {
    if (this.quitting) return;
    for (const e of this.entries.values()) this.capture(e);
    this.flush();
    this.quitting = true;
  }

  /** Writes the layout now, cancelling any pending debounced write. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.quitting) return;
    this.layout.windows = [...this.entries.values()].map((e) => e.saved);
    this.write();
  }

  /**
   * A window of `view` that only differs in what it has selected, reused rather than opening another: the card
   * (a notification for another card), or the symbol when both are in the same link group (a linked window
   * follows its group anyway, so a second one would only duplicate it). The most recently opened one wins.
   */
  private findForSelection(view: string, params: Record<string, string>): Entry | undefined {
    const movable = params['link'] !== undefined ? LINKED_SELECTION_PARAMS : SELECTION_PARAMS;
    const fixed = (p: Record<string, string>): string =>
      JSON.stringify(Object.keys(p).filter((k) => !movable.has(k)).sort().map((k) => [k, p[k]]));
    const want = fixed(params);
    const candidates = [...this.entries.values()].filter((e) => e.view === view && !e.win.isDestroyed() && fixed(e.params) === want);
    return candidates.pop();
  }

  private find(view: string, params: Record<string, string>): Entry | undefined {
    for (const e of this.entries.values()) {
      if (e.view === view && !e.win.isDestroyed() && sameParams(e.params, params)) return e;
    }
    return undefined;
  }

  /** Bounds for a newly opened view: where it was last seen on a present display, else centred on primary. */
  private placeNew(view: string): Bounds {
    const { displays, primaryId } = currentDisplays();
    let bounds: Bounds | undefined;
    let area: Bounds | undefined;
    // The memory is in recency order, so the last matching key is where this view was seen last.
    for (const [key, known] of Object.entries(this.layout.bounds).reverse()) {
      const display = displays.find((d) => layoutKey(view, d.id) === key);
      if (display) {
        bounds = restoreBounds({ view, bounds: known, displayId: display.id }, displays, primaryId).bounds;
        area = display.workArea;
        break;
      }
    }
    area ??= (displays.find((d) => d.id === primaryId) ?? displays[0])?.workArea ?? { x: 0, y: 0, ...DEFAULT_SIZE };
    bounds ??= defaultBounds(area);
    // A second window of the same view (another symbol) is offset so it doesn't hide exactly behind the first.
    const siblings = [...this.entries.values()].filter((e) => e.view === view).length;
    const shift = siblings * CASCADE_PX;
    return clampBounds({ ...bounds, x: bounds.x + shift, y: bounds.y + shift }, area);
  }

  private create(view: string, params: Record<string, string>, bounds: Bounds, maximized: boolean): BrowserWindow {
    const title = VIEWS.find((v) => v.id === view)?.title ?? view;
    const win = new BrowserWindow({
      ...bounds,
      minWidth: 480,
      minHeight: 320,
      show: false,
      title: `Kestrel — ${title}`,
      backgroundColor: '#101418',
      autoHideMenuBar: true,
      ...(this.opts.iconPath ? { icon: this.opts.iconPath } : {}),
      webPreferences: secureWebPreferences(this.opts.preloadPath),
    });
    const entry: Entry = {
      win,
      view,
      params,
      saved: { view, params, bounds, maximized, displayId: displayIdOf(bounds) },
    };
    this.entries.set(win, entry);

    win.once('ready-to-show', () => {
      if (maximized) win.maximize();
      win.show();
    });
    const onChange = (): void => {
      this.capture(entry);
      this.scheduleSave();
    };
    win.on('move', onChange);
    win.on('resize', onChange);
    win.on('maximize', onChange);
    win.on('unmaximize', onChange);
    // 'close' still has a live window to measure; 'closed' only says it is gone.
    win.on('close', () => this.capture(entry));
    win.on('closed', () => this.onClosed(entry));

    this.load(win, view, params);
    this.scheduleSave();
    return win;
  }

  private load(win: BrowserWindow, view: string, params: Record<string, string>): void {
    const query = { ...params, view };
    const { devUrl, file } = this.opts.location;
    let loading: Promise<void>;
    if (devUrl !== undefined) {
      const url = new URL(devUrl);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      loading = win.loadURL(url.toString());
    } else {
      loading = win.loadFile(file, { query });
    }
    loading.catch((err: unknown) => console.error(`[windows] could not load view ${view}`, err));
  }

  private onClosed(entry: Entry): void {
    this.entries.delete(entry.win);
    if (this.quitting) return;
    if (this.entries.size === 0) {
      // Closing the last window is how many people quit: keep it in the layout so it reopens next time.
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.layout.windows = [entry.saved];
      this.write();
      return;
    }
    this.flush();
  }

  private write(): void {
    try {
      this.opts.store.set({ windows: this.layout.windows, bounds: { ...this.layout.bounds } });
    } catch (err) {
      console.error('[windows] could not save the layout', err); // a lost layout must never break the app
    }
  }

  /** Reads a window's current placement into its entry and the per-display memory. */
  private capture(entry: Entry): void {
    const { win } = entry;
    if (win.isDestroyed()) return;
    const maximized = win.isMaximized();
    const bounds = maximized ? win.getNormalBounds() : win.getBounds();
    const displayId = displayIdOf(bounds);
    entry.saved = { view: entry.view, params: entry.params, bounds, maximized, displayId };
    this.remember(layoutKey(entry.view, displayId), bounds);
  }

  private remember(key: string, bounds: Bounds): void {
    const memory = this.layout.bounds;
    delete memory[key]; // re-insert at the end: insertion order doubles as recency
    memory[key] = { ...bounds };
    const keys = Object.keys(memory);
    // Display ids change on some systems at every hot-plug; keep the memory from growing without bound.
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete memory[old];
  }

  private scheduleSave(): void {
    if (this.quitting) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(), this.opts.saveDelayMs ?? 500);
  }
}

function sameParams(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function currentDisplays(): { displays: DisplayInfo[]; primaryId: number } {
  const displays = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea }));
  return { displays, primaryId: screen.getPrimaryDisplay().id };
}

function displayIdOf(bounds: Bounds): number {
  return screen.getDisplayMatching(bounds).id;
}
