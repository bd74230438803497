/**
 * The typed event bus. Publishers emit domain events; each subscribed client connection receives the JSON-RPC
 * event frame, serialised once per event however many clients listen.
 */
import type { EventData, EventTopic } from '../../../shared/contract';

export type Listener<T extends EventTopic> = (data: EventData<T>, frame: () => string) => void;

export interface EventBus {
  emit<T extends EventTopic>(topic: T, data: EventData<T>): void;
  on<T extends EventTopic>(topic: T, listener: Listener<T>): () => void;
  listenerCount(topic: EventTopic): number;
}

export function createEventBus(onListenerError: (topic: string, error: unknown) => void = () => undefined): EventBus {
  const listeners = new Map<EventTopic, Set<Listener<EventTopic>>>();
  return {
    emit(topic, data) {
      const set = listeners.get(topic);
      if (!set || set.size === 0) return;
      let frame: string | undefined;
      const lazyFrame = (): string =>
        (frame ??= JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic, data } }));
      for (const l of [...set]) {
        try {
          (l as Listener<typeof topic>)(data, lazyFrame);
        } catch (error) {
          onListenerError(topic, error);
        }
      }
    },
    on(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener as Listener<EventTopic>);
      return () => set.delete(listener as Listener<EventTopic>);
    },
    listenerCount: (topic) => listeners.get(topic)?.size ?? 0,
  };
}
