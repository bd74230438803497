/**
 * The transport-independent half of every engine client: request ids and their pending promises with
 * timeouts, JSON-RPC response and event frames, and ref-counted topic subscriptions that are replayed on
 * every new connection. Transports (WebSocket, Electron IPC) subclass it and only move strings.
 */
import type { EngineClient, ConnectionState } from '../../../shared/contract/client';
import type { EventData, EventTopic } from '../../../shared/contract/events';
import type { MethodName, ParamsIn, Result } from '../../../shared/contract/methods';
import { EngineError, isRpcEventFrame, isRpcResponse } from '../../../shared/contract/rpc';

/**
 * Client-side failures, in the JSON-RPC "implementation-defined server error" range so they never collide
 * with the engine's own codes.
 */
export const CLIENT_ERROR = {
  /** The connection dropped after the request was sent; it may or may not have run. */
  disconnected: -32000,
  /** No answer within the timeout. */
  timeout: -32001,
  /** The client was closed. */
  closed: -32002,
  /** The transport itself failed (e.g. the IPC bridge threw). */
  transport: -32003,
} as const;

/** An EngineClient plus what the status bar shows about its transport. */
export interface RendererEngineClient extends EngineClient {
  readonly transport: 'ws' | 'ipc';
  /** Reconnection attempts since the connection was last open (0 while open). */
  readonly reconnectAttempt: number;
  /** Skips the backoff wait and retries now (WebSocket only). */
  reconnectNow?(): void;
}

/** Options shared by all transports. */
export interface RpcClientOptions {
  /** Per-request timeout, ms (default 15 s). */
  timeoutMs?: number;
  /** Where listener and subscription failures are reported (default console.warn). */
  onError?: (message: string, error: unknown) => void;
}

interface Pending {
  readonly method: string;
  readonly frame: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: EngineError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

type Listener = (data: unknown) => void;

/** Base class of the engine clients; see the file comment. */
export abstract class RpcClient implements RendererEngineClient {
  abstract readonly transport: 'ws' | 'ipc';
  protected readonly timeoutMs: number;
  protected readonly reportError: (message: string, error: unknown) => void;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Topics the engine has (or is being asked to have) subscribed on the current connection. */
  private readonly engineTopics = new Set<string>();
  /** Bumped on every disconnect so a late failure cannot touch the next connection's bookkeeping. */
  private generation = 0;
  private syncQueued = false;
  private _state: ConnectionState = 'connecting';
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(options: RpcClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.reportError = options.onError ?? ((message, error) => console.warn(`[engine] ${message}`, error));
  }

  /** Sends one frame; only called while the state is 'open'. May throw if the transport is gone. */
  protected abstract sendFrame(frame: string, id: number): void;
  /** Releases the transport for good. */
  protected abstract closeTransport(): void;

  get state(): ConnectionState {
    return this._state;
  }

  get reconnectAttempt(): number {
    return 0;
  }

  invoke<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>> {
    if (this._state === 'closed') {
      return Promise.reject(new EngineError(CLIENT_ERROR.closed, 'the engine connection is closed'));
    }
    const id = this.nextId++;
    const frame = JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    return new Promise<Result<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new EngineError(CLIENT_ERROR.timeout, `${method} timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const entry: Pending = { method, frame, resolve: resolve as (v: unknown) => void, reject, timer, sent: false };
      this.pending.set(id, entry);
      // Requests made while (re)connecting wait in the map and go out on open, still bound by the timeout.
      if (this._state === 'open') this.transmit(id, entry);
    });
  }

  on<T extends EventTopic>(topic: T, listener: (data: EventData<T>) => void): () => void {
    // A wrapper per call, so registering the same function twice needs two unsubscribes, as callers expect.
    const entry: Listener = (data) => listener(data as EventData<T>);
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(entry);
    this.queueTopicSync();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.listeners.get(topic);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) this.listeners.delete(topic);
      this.queueTopicSync();
    };
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    if (this._state === 'closed') return;
    this.closeTransport();
    this.handleDisconnect('closed');
  }

  /** Parses an incoming frame (a response, an event, or a batch of them). */
  protected handleFrame(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch (error) {
      this.reportError('unparseable frame from the engine', error);
      return;
    }
    for (const f of Array.isArray(frame) ? frame : [frame]) {
      if (isRpcResponse(f)) this.settle(f);
      else if (isRpcEventFrame(f)) this.dispatch(f.params.topic, f.params.data);
    }
  }

  /** The transport is up: flush queued requests and subscribe the topics that have listeners. */
  protected handleOpen(): void {
    this.engineTopics.clear();
    this.setState('open');
    for (const [id, entry] of this.pending) if (!entry.sent) this.transmit(id, entry);
    this.syncTopics();
  }

  /** The transport is down: requests in flight fail (queued ones wait unless closing for good). */
  protected handleDisconnect(next: Exclude<ConnectionState, 'open'>): void {
    this.generation++;
    this.engineTopics.clear();
    for (const [id, entry] of this.pending) {
      if (!entry.sent && next !== 'closed') continue;
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(
        next === 'closed'
          ? new EngineError(CLIENT_ERROR.closed, `${entry.method} aborted: the engine connection was closed`)
          : new EngineError(CLIENT_ERROR.disconnected, `${entry.method} failed: the engine connection dropped`),
      );
    }
    this.setState(next, true);
  }

  /** Fails one request whose transport call failed. */
  protected failRequest(id: number, error: EngineError): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  /** Sets the state; `force` notifies even when unchanged (e.g. a new reconnect attempt). */
  protected setState(state: ConnectionState, force = false): void {
    if (state === this._state && !force) return;
    this._state = state;
    for (const l of [...this.stateListeners]) {
      try {
        l(state);
      } catch (error) {
        this.reportError('connection-state listener failed', error);
      }
    }
  }

  private transmit(id: number, entry: Pending): void {
    entry.sent = true;
    try {
      this.sendFrame(entry.frame, id);
    } catch (error) {
      this.failRequest(id, new EngineError(CLIENT_ERROR.transport, `${entry.method} could not be sent: ${String(error)}`));
    }
  }

  private settle(frame: { id: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } }): void {
    if (typeof frame.id !== 'number') return;
    const entry = this.pending.get(frame.id);
    if (!entry) return; // answered after its timeout, or not ours
    this.pending.delete(frame.id);
    clearTimeout(entry.timer);
    if (frame.error) entry.reject(new EngineError(frame.error.code, frame.error.message, frame.error.data));
    else entry.resolve(frame.result);
  }

  private dispatch(topic: string, data: unknown): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(data);
      } catch (error) {
        this.reportError(`listener for ${topic} failed`, error);
      }
    }
  }

  // Several on()/unsubscribe calls in one tick (a view mounting) become one events.subscribe.
  private queueTopicSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    queueMicrotask(() => {
      this.syncQueued = false;
      this.syncTopics();
    });
  }

  private syncTopics(): void {
    if (this._state !== 'open') return;
    const generation = this.generation;
    const add = [...this.listeners.keys()].filter((t) => !this.engineTopics.has(t)) as EventTopic[];
    const drop = [...this.engineTopics].filter((t) => !this.listeners.has(t)) as EventTopic[];
    if (add.length > 0) {
      for (const t of add) this.engineTopics.add(t);
      this.invoke('events.subscribe', { topics: add }).catch((error: unknown) => {
        if (generation !== this.generation) return; // the connection it was for is gone; reconnect redoes it
        for (const t of add) this.engineTopics.delete(t);
        this.reportError(`could not subscribe to ${add.join(', ')}`, error);
      });
    }
    if (drop.length > 0) {
      for (const t of drop) this.engineTopics.delete(t);
      this.invoke('events.unsubscribe', { topics: drop }).catch((error: unknown) => {
        if (generation === this.generation) this.reportError(`could not unsubscribe from ${drop.join(', ')}`, error);
      });
    }
  }
}
