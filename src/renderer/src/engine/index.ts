/**
 * Picks the engine transport: Electron IPC when the preload exposed `window.engine`, otherwise a WebSocket
 * back to the server that served this page.
 */
import type { EngineBridge, ShellBridge } from '../../../shared/contract/client';
import { IpcEngineClient } from './ipc-client';
import type { RendererEngineClient } from './rpc-client';
import { engineSocketUrl, resolveToken } from './token';
import { WsEngineClient } from './ws-client';

export type { RendererEngineClient } from './rpc-client';
export { CLIENT_ERROR } from './rpc-client';

// Read through `unknown` so this file does not depend on (or clash with) the preload's global typings.
function desktopGlobals(): { engine?: EngineBridge; shell?: ShellBridge } {
  return window as unknown as { engine?: EngineBridge; shell?: ShellBridge };
}

/** The desktop shell bridge, when running inside Electron. */
export function getShell(): ShellBridge | undefined {
  return desktopGlobals().shell;
}

// Reading sessionStorage throws where storage is disabled (some privacy settings, sandboxed frames).
function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** A created client and what the UI should know about how it was made. */
export interface CreatedClient {
  client: RendererEngineClient;
  /** Browser mode without an access token: the engine will refuse the connection. */
  tokenMissing: boolean;
}

/** Creates the engine client for this window. */
export function createEngineClient(): CreatedClient {
  const bridge = desktopGlobals().engine;
  if (bridge) return { client: new IpcEngineClient(bridge), tokenMissing: false };
  const token = resolveToken({ location: window.location, storage: sessionStorageOrNull(), history: window.history });
  return {
    client: new WsEngineClient({ url: engineSocketUrl(window.location, token, `window:${new URLSearchParams(window.location.search).get('view') ?? 'main'}`) }),
    tokenMissing: token === null,
  };
}
