/**
 * The Electron transport of the engine: JSON-RPC frames in over 'engine:invoke', event frames out over
 * 'engine:event', plus 'shell:openView'. Each window's webContents gets its own engine Connection, so its
 * subscriptions live and die with it. Only our own windows showing our own renderer may call in.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipcMain as electronIpcMain, type IpcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { RPC_ERROR, type RpcId } from '../../shared/contract/rpc';
import type { Connection, Engine } from '../core';
import { isRendererUrl, type RendererLocation } from './renderer-url';

/** The IPC channel names; the preload repeats them as literals (it may import only types from shared). */
export const CHANNELS = {
  invoke: 'engine:invoke',
  event: 'engine:event',
  openView: 'shell:openView',
  /** main → renderer: the window now shows another selection of its view (params). */
  navigate: 'shell:navigate',
  /** renderer → main: save the calling window's page as a PDF (the printable report). */
  savePdf: 'shell:savePdf',
} as const;

/** What the bridge needs from the window manager. */
export interface BridgeWindows {
  /** True when the webContents belongs to a window we created. */
  owns(contents: WebContents): boolean;
  /** Opens or focuses a view's window (validates the view id itself). */
  open(view: string, params?: Record<string, string>): unknown;
  /** The view a webContents shows, for connection labels. */
  viewOf?(contents: WebContents): string | undefined;
}

/** Options of installIpcBridge. */
export interface IpcBridgeOptions {
  engine: Pick<Engine, 'connect'>;
  windows: BridgeWindows;
  location: RendererLocation;
  /** Injected in tests; Electron's ipcMain otherwise. */
  ipcMain?: Pick<IpcMain, 'handle' | 'removeHandler'>;
  /** Where saved PDFs go (the data directory's exports folder). Without it, savePdf is refused. */
  exportsDir?: string;
  /** Wall clock for file names (tests). */
  now?: () => number;
}

/** The installed bridge. */
export interface IpcBridge {
  /** Removes the handlers and closes every connection. */
  dispose(): void;
  /** Number of live engine connections (one per webContents that has called in). */
  connectionCount(): number;
}

/** Registers the engine and shell channels on ipcMain. */
export function installIpcBridge(opts: IpcBridgeOptions): IpcBridge {
  const ipc = opts.ipcMain ?? electronIpcMain;
  const connections = new Map<WebContents, Connection>();

  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    // A destroyed/navigated-away frame is null; a subframe (parent set) is never our renderer's document.
    return (
      opts.windows.owns(event.sender) &&
      frame !== null &&
      frame.parent === null &&
      isRendererUrl(frame.url, opts.location)
    );
  };

  const connectionFor = (contents: WebContents): Connection => {
    const existing = connections.get(contents);
    if (existing) return existing;
    const view = opts.windows.viewOf?.(contents) ?? 'window';
    const connection = opts.engine.connect({
      transport: 'ipc',
      label: `${view}#${contents.id}`,
      send: (frame) => {
        if (!contents.isDestroyed()) contents.send(CHANNELS.event, frame);
      },
    });
    connections.set(contents, connection);
    const drop = (): void => {
      if (connections.get(contents) !== connection) return;
      connections.delete(contents);
      connection.close();
    };
    contents.once('destroyed', drop);
    // A crashed renderer's subscriptions are dead; its reload gets a fresh connection on the first call.
    contents.once('render-process-gone', drop);
    return connection;
  };

  ipc.handle(CHANNELS.invoke, async (event: IpcMainInvokeEvent, frame: unknown): Promise<string> => {
    if (typeof frame !== 'string') return errorFrame(null, RPC_ERROR.invalidRequest, 'frame must be a string');
    if (!isTrusted(event)) {
      // Echo the id when cheap to read; a large frame from a stranger isn't worth parsing.
      return errorFrame(idOf(frame, 65_536), RPC_ERROR.forbidden, 'sender is not a Kestrel window');
    }
    try {
      // A notification (no id) has no response; ipcRenderer.invoke still needs a value, so '' stands for none.
      return (await connectionFor(event.sender).request(frame)) ?? '';
    } catch (err) {
      // Connection.request should never throw; if it does, the renderer still gets a frame, not a rejection.
      console.error('[ipc] engine request failed', err);
      return errorFrame(idOf(frame), RPC_ERROR.internal, 'internal error');
    }
  });

  ipc.handle(CHANNELS.openView, (event: IpcMainInvokeEvent, view: unknown, params: unknown): void => {
    if (!isTrusted(event)) throw new Error('forbidden: sender is not a Kestrel window');
    if (typeof view !== 'string') throw new Error('view must be a string');
    // The window manager validates the view id and sanitises params; a bad id is refused there.
    opts.windows.open(view, isStringRecord(params) ? params : {});
  });

  ipc.handle(CHANNELS.savePdf, async (event: IpcMainInvokeEvent, name: unknown): Promise<string> => {
    if (!isTrusted(event)) throw new Error('forbidden: sender is not a Kestrel window');
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error('name must be 1–64 letters, digits, - or _');
    if (!opts.exportsDir) throw new Error('saving PDFs is not available');
    const pdf = await event.sender.printToPDF({ printBackground: true, pageSize: 'A4', landscape: true });
    mkdirSync(opts.exportsDir, { recursive: true });
    const stamp = new Date((opts.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    const path = join(opts.exportsDir, `${name}-${stamp}.pdf`);
    writeFileSync(path, pdf);
    return path;
  });

  return {
    dispose() {
      ipc.removeHandler(CHANNELS.invoke);
      ipc.removeHandler(CHANNELS.openView);
      ipc.removeHandler(CHANNELS.savePdf);
      for (const c of connections.values()) c.close();
      connections.clear();
    },
    connectionCount: () => connections.size,
  };
}

/** A JSON-RPC error response frame. */
export function errorFrame(id: RpcId, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}

/** The id of a request frame, so a refusal still reaches the right pending call; null when unreadable. */
function idOf(frame: string, maxLength = Number.POSITIVE_INFINITY): RpcId {
  if (frame.length > maxLength) return null;
  try {
    const parsed: unknown = JSON.parse(frame);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed) {
      const id = (parsed as { id: unknown }).id;
      if (typeof id === 'string' || typeof id === 'number') return id;
    }
  } catch {
    // unreadable: answer with id null, as JSON-RPC says for a parse error
  }
  return null;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
