/**
 * Client connections: one per window (IPC) or socket (WebSocket). A connection owns its event subscriptions,
 * so a window receives only the topics it shows, and everything it holds is released on close.
 */
import { EVENT_TOPICS, isEventTopic, type EventTopic } from '../../../shared/contract';
import type { EventBus } from '../events/bus';
import type { CallContext, Dispatcher } from './dispatch';

export interface ClientInfo {
  transport: 'ipc' | 'ws' | 'internal';
  label: string;
  /** Pushes one JSON-RPC event frame to the client; `topic` lets a transport drop superseded quote frames. */
  send(frame: string, topic: EventTopic): void;
}

export interface Connection {
  readonly id: number;
  /** Handles one JSON-RPC frame; resolves with the reply frame (null for notifications). */
  request(raw: string | Buffer): Promise<string | null>;
  close(): void;
}

export interface ConnectionRegistry {
  connect(client: ClientInfo): Connection;
  count(transport?: ClientInfo['transport']): number;
  closeAll(): void;
}

export function createConnectionRegistry(bus: EventBus, dispatcher: Dispatcher): ConnectionRegistry {
  let nextId = 1;
  const open = new Map<number, { info: ClientInfo; close(): void }>();

  return {
    connect(info) {
      const id = nextId++;
      const subscriptions = new Map<EventTopic, () => void>();
      let closed = false;
      const current = (): EventTopic[] => EVENT_TOPICS.filter((t) => subscriptions.has(t));
      const ctx: CallContext = {
        connectionId: id,
        transport: info.transport,
        label: info.label,
        subscribe(topics) {
          if (!closed) {
            for (const topic of topics) {
              if (!isEventTopic(topic) || subscriptions.has(topic)) continue;
              subscriptions.set(topic, bus.on(topic, (_data, frame) => info.send(frame(), topic)));
            }
          }
          return current();
        },
        unsubscribe(topics) {
          for (const topic of topics) {
            if (!isEventTopic(topic)) continue;
            subscriptions.get(topic)?.();
            subscriptions.delete(topic);
          }
          return current();
        },
      };
      const close = (): void => {
        if (closed) return;
        closed = true;
        for (const off of subscriptions.values()) off();
        subscriptions.clear();
        open.delete(id);
      };
      open.set(id, { info, close });
      return {
        id,
        request: (raw) => dispatcher.handleFrame(raw, ctx),
        close,
      };
    },
    count: (transport) => [...open.values()].filter((c) => !transport || c.info.transport === transport).length,
    closeAll() {
      for (const c of [...open.values()]) c.close();
    },
  };
}
