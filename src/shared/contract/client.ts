/**
 * The one interface the renderer (and tests) use to talk to the engine, whatever the transport.
 */
import type { EventData, EventTopic } from './events';
import type { MethodName, ParamsIn, Result } from './methods';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface EngineClient {
  /** Calls a method; rejects with an EngineError carrying the JSON-RPC code. */
  invoke<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>>;
  /** Listens to a topic; the client subscribes on the engine side as needed. Returns an unsubscribe. */
  on<T extends EventTopic>(topic: T, listener: (data: EventData<T>) => void): () => void;
  /** Transport state, for the status bar. */
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** What the preload exposes as `window.engine`: raw frames over the two IPC channels. */
export interface EngineBridge {
  /** Sends one JSON-RPC request frame and resolves with its response frame. */
  invoke(frame: string): Promise<string>;
  /** Receives JSON-RPC event frames. Returns an unsubscribe. */
  on(listener: (frame: string) => void): () => void;
}

/** What the preload exposes as `window.shell`: a few window operations, nothing else. */
export interface ShellBridge {
  openView(view: string, params?: Record<string, string>): Promise<void>;
  /**
   * The main process reuses this window for another selection of the same view (a notification for another card
   * or symbol) and sends the new params here. Returns an unsubscribe function.
   */
  onNavigate(listener: (params: Record<string, string>) => void): () => void;
  /**
   * Desktop only: saves this window's page as a PDF (print styles applied) into the data directory's exports
   * folder and resolves with the file's path. `name` is a short file stem (letters, digits, - and _).
   */
  savePdf?(name: string): Promise<string>;
  platform: string;
}
