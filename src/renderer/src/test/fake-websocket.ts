/** A scriptable WebSocket stand-in for client tests: open, receive, drop and inspect sent frames. */
import type { WebSocketLike } from '../engine/ws-client';

/** A sent or received JSON-RPC frame, parsed. */
export interface Frame {
  jsonrpc: '2.0';
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

/** Fake WebSocket; every construction is recorded in `FakeWebSocket.instances`. */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  /** The newest socket. */
  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!ws) throw new Error('no socket created');
    return ws;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1000 });
  }

  /** The server accepts the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The connection fails or drops (e.g. a 401 on upgrade, a server restart). */
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }

  /** Delivers a frame from the server. */
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** Sent frames, parsed. */
  frames(): Frame[] {
    return this.sent.map((s) => JSON.parse(s) as Frame);
  }

  /** The newest sent request for a method. */
  request(method: string): Frame {
    const f = this.frames().filter((x) => x.method === method).pop();
    if (!f) throw new Error(`no ${method} request sent`);
    return f;
  }

  /** Answers every sent events.subscribe / events.unsubscribe with success. */
  ackSubscriptions(): void {
    for (const f of this.frames()) {
      if (f.method === 'events.subscribe' || f.method === 'events.unsubscribe') {
        this.receive({ jsonrpc: '2.0', id: f.id, result: { topics: (f.params as { topics: string[] }).topics } });
      }
    }
  }

  /** Pushes an event frame. */
  emit(topic: string, data: unknown): void {
    this.receive({ jsonrpc: '2.0', method: 'event', params: { topic, data } });
  }
}
