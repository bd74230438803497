/**
 * A small fake of the `electron` module for unit tests (the real binary cannot run here). Use it as
 * `vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule())` and reach the
 * same instances through `fake` exported below.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Rect = { x: number; y: number; width: number; height: number };
type Display = { id: number; bounds: Rect; workArea: Rect };

/** A main frame (or subframe) as IpcMainInvokeEvent.senderFrame sees it. */
export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

let nextContentsId = 1;

/** A webContents: an emitter with send() recorded. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  readonly send = vi.fn();
  mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  /** Renders "the page" as a PDF: a fixed header and the options it was asked for. */
  readonly printToPDF = vi.fn(async (options: unknown) => Buffer.from(`%PDF-1.7 ${JSON.stringify(options)}`));
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
  /** Simulates the renderer going away. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** A BrowserWindow that records its options, bounds and loads. */
export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  bounds: Rect;
  maximized = false;
  minimized = false;
  destroyed = false;
  readonly loadFile = vi.fn((file: string, options?: unknown) => {
    this.webContents.mainFrame.url = `file://${file}`;
    void options;
    return Promise.resolve();
  });
  readonly loadURL = vi.fn((url: string) => {
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly maximize = vi.fn(() => {
    this.maximized = true;
  });

  constructor(readonly options: Record<string, unknown> & Partial<Rect>) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    FakeBrowserWindow.instances.push(this);
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(b: Rect): void {
    this.bounds = { ...b };
    this.emit('move');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

/** A Notification that records instances and can be clicked. */
export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly show = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeNotification.instances.push(this);
  }
}

/** A Tray that records its menu and tooltip. */
export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  menu: { template: unknown[] } | null = null;
  tooltip = '';
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setContextMenu(menu: { template: unknown[] } | null): void {
    this.menu = menu;
  }
  setToolTip(tip: string): void {
    this.tooltip = tip;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const primary: Display = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 25, width: 1920, height: 1055 },
};

/** The shared state every fake API reads and records into. */
export const fake = {
  displays: [primary] as Display[],
  primaryId: 1,
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  ipcRenderer: Object.assign(new EventEmitter(), { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined) }),
  exposed: {} as Record<string, unknown>,
  app: Object.assign(new EventEmitter(), {
    isPackaged: false,
    getPath: vi.fn((_name: string) => '/tmp/kestrel-test-userdata'),
    getAppPath: vi.fn(() => '/app'),
    getVersion: vi.fn(() => '0.0.0-test'),
    getName: vi.fn(() => 'kestrel-test'),
    whenReady: vi.fn(() => Promise.resolve()),
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  }),
  session: {
    permissionRequestHandler: null as null | ((...args: unknown[]) => unknown),
    permissionCheckHandler: null as null | ((...args: unknown[]) => unknown),
    headersListener: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
  },
  showErrorBox: vi.fn(),
};

/** Puts every fake back to its initial state. */
export function resetFake(): void {
  fake.displays = [primary];
  fake.primaryId = 1;
  fake.ipcHandlers.clear();
  fake.ipcRenderer.removeAllListeners();
  fake.ipcRenderer.invoke.mockReset();
  fake.exposed = {};
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  FakeTray.instances = [];
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The module object to return from vi.mock('electron', …) (default export too, for electron-store). */
export function electronModule(): Record<string, unknown> {
  const screen = {
    getAllDisplays: () => fake.displays,
    getPrimaryDisplay: () => fake.displays.find((d) => d.id === fake.primaryId) ?? fake.displays[0],
    getDisplayMatching: (rect: Rect) => {
      let best = screen.getPrimaryDisplay();
      let bestArea = 0;
      for (const d of fake.displays) {
        const a = overlap(d.bounds, rect);
        if (a > bestArea) [best, bestArea] = [d, a];
      }
      return best;
    },
  };
  const ipcMain = {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => {
      if (fake.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      fake.ipcHandlers.set(channel, fn);
    },
    removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    on: () => undefined,
  };
  const defaultSession = {
    setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (fake.session.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (fake.session.permissionCheckHandler = h),
    webRequest: {
      onHeadersReceived: (l: (details: unknown, cb: (r: unknown) => void) => void) => (fake.session.headersListener = l),
    },
  };
  const mod = {
    app: fake.app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (p: string) => ({ path: p, isEmpty: () => false, resize: () => ({ path: p }) }) },
    screen,
    ipcMain,
    ipcRenderer: fake.ipcRenderer,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (fake.exposed[key] = api) },
    session: { defaultSession },
    dialog: { showErrorBox: fake.showErrorBox },
    shell: { openPath: async () => '' },
  };
  return { ...mod, default: mod };
}
