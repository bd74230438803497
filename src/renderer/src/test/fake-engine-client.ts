/** An in-memory RendererEngineClient for store and component tests: canned method handlers, manual events. */
import type { ConnectionState } from '../../../shared/contract/client';
import type { EventData, EventTopic } from '../../../shared/contract/events';
import type { MethodName, ParamsIn, Result } from '../../../shared/contract/methods';
import { EngineError } from '../../../shared/contract/rpc';
import type { RendererEngineClient } from '../engine/rpc-client';

type Handler = (params: unknown) => unknown;

/** Fake client; set `handlers[method]` and call `emit`/`setState` to drive it. */
export class FakeEngineClient implements RendererEngineClient {
  readonly transport = 'ws' as const;
  reconnectAttempt = 0;
  state: ConnectionState = 'connecting';
  readonly calls: { method: string; params: unknown }[] = [];
  readonly handlers: Partial<Record<MethodName, Handler>> = {};
  private readonly listeners = new Map<string, Set<(d: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();

  invoke<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>> {
    this.calls.push({ method, params });
    const h = this.handlers[method];
    if (!h) return Promise.reject(new EngineError(-32601, `no fake handler for ${method}`));
    try {
      return Promise.resolve(h(params) as Result<M>);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  on<T extends EventTopic>(topic: T, listener: (data: EventData<T>) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    const entry = (d: unknown): void => listener(d as EventData<T>);
    set.add(entry);
    return () => set.delete(entry);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.setState('closed');
  }

  /** Number of listeners on a topic. */
  listenerCount(topic: EventTopic): number {
    return this.listeners.get(topic)?.size ?? 0;
  }

  /** Delivers an event to the listeners of its topic. */
  emit<T extends EventTopic>(topic: T, data: EventData<T>): void {
    for (const l of [...(this.listeners.get(topic) ?? [])]) l(data);
  }

  /** Changes the connection state and notifies. */
  setState(state: ConnectionState, attempt = 0): void {
    this.state = state;
    this.reconnectAttempt = attempt;
    for (const l of [...this.stateListeners]) l(state);
  }
}
