/**
 * The sandboxed preload: exposes `window.engine` (raw JSON-RPC frames over two channels) and `window.shell`
 * (a few window operations) — and nothing else of ipcRenderer. Imports only types from shared, so it stays a
 * tiny CommonJS bundle a sandboxed renderer can load.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EngineBridge, ShellBridge } from '../shared/contract/client';

// Must equal CHANNELS in src/main/electron/ipc-bridge.ts (a test checks); repeated because a value import from
// main would drag main-process code into the preload bundle.
const INVOKE = 'engine:invoke';
const EVENT = 'engine:event';
const OPEN_VIEW = 'shell:openView';
const NAVIGATE = 'shell:navigate';
const SAVE_PDF = 'shell:savePdf';

/** `window.engine`: one request frame in, its response frame out; event frames to listeners. */
export const engine: EngineBridge = {
  invoke(frame: string): Promise<string> {
    if (typeof frame !== 'string') return Promise.reject(new TypeError('frame must be a string'));
    return ipcRenderer.invoke(INVOKE, frame) as Promise<string>;
  },
  on(listener: (frame: string) => void): () => void {
    // Our own wrapper per subscription: the page never sees the IpcRendererEvent (it carries `sender`, an
    // ipcRenderer), and unsubscribing removes exactly this listener and no other.
    const wrapped = (_event: IpcRendererEvent, frame: unknown): void => {
      if (typeof frame === 'string') listener(frame);
    };
    ipcRenderer.on(EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT, wrapped);
    };
  },
};

/** `window.shell`: open a view in its own window; the platform, for platform-specific UI. */
export const shell: ShellBridge = {
  async openView(view: string, params?: Record<string, string>): Promise<void> {
    await ipcRenderer.invoke(OPEN_VIEW, view, params ?? {});
  },
  onNavigate(listener: (params: Record<string, string>) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, params: unknown): void => {
      if (typeof params !== 'object' || params === null) return;
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(params as Record<string, unknown>)) if (typeof v === 'string') clean[k] = v;
      listener(clean);
    };
    ipcRenderer.on(NAVIGATE, wrapped);
    return () => {
      ipcRenderer.removeListener(NAVIGATE, wrapped);
    };
  },
  async savePdf(name: string): Promise<string> {
    return (await ipcRenderer.invoke(SAVE_PDF, name)) as string;
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('engine', engine);
contextBridge.exposeInMainWorld('shell', shell);
