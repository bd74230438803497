/** The globals the preload adds; optional because browser mode (WebSocket) has no preload. */
import type { EngineBridge, ShellBridge } from '../shared/contract/client';

declare global {
  interface Window {
    engine?: EngineBridge;
    shell?: ShellBridge;
  }
}

export {};
