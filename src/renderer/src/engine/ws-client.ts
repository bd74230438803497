/**
 * The browser-mode engine client: JSON-RPC over one WebSocket, reconnecting with exponential backoff and
 * jitter (capped at 10 s) and re-subscribing its topics on every new connection.
 */
import { RpcClient, type RpcClientOptions } from './rpc-client';

/** The part of the WebSocket API the client uses (so tests can pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Constructor of a WebSocketLike. */
export type WebSocketCtor = new (url: string) => WebSocketLike;

/** Options of the WebSocket client. */
export interface WsClientOptions extends RpcClientOptions {
  /** ws:// or wss:// URL including the access token. */
  url: string;
  WebSocketImpl?: WebSocketCtor;
  /** First retry delay, ms (default 500). */
  minBackoffMs?: number;
  /** Longest retry delay, ms (default 10 000). */
  maxBackoffMs?: number;
  /** Random source for the jitter, [0, 1). */
  random?: () => number;
}

const OPEN = 1;

/** Delay before reconnect attempt n (1-based): doubling from min, capped at max, with "equal jitter". */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: spreads many tabs' retries apart without ever retrying immediately.
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** EngineClient over a WebSocket; see the file comment. */
export class WsEngineClient extends RpcClient {
  readonly transport = 'ws' as const;
  private readonly url: string;
  private readonly Impl: WebSocketCtor;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private everOpen = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(options: WsClientOptions) {
    super(options);
    this.url = options.url;
    this.Impl = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor);
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.random = options.random ?? Math.random;
    this.connect();
  }

  override get reconnectAttempt(): number {
    return this.attempt;
  }

  /** Retries at once instead of waiting out the backoff (e.g. the user clicked "Reconnect"). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  protected sendFrame(frame: string): void {
    const ws = this.socket;
    if (!ws || ws.readyState !== OPEN) throw new Error('the socket is not open');
    ws.send(frame);
  }

  protected closeTransport(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.socket;
    this.socket = null;
    ws?.close(1000, 'client closed');
  }

  private connect(): void {
    let ws: WebSocketLike;
    try {
      ws = new this.Impl(this.url);
    } catch (error) {
      this.reportError('could not open the WebSocket', error);
      this.scheduleRetry();
      return;
    }
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket !== ws) return;
      this.attempt = 0;
      this.everOpen = true;
      this.handleOpen();
    };
    ws.onmessage = (ev) => {
      if (this.socket === ws && typeof ev.data === 'string') this.handleFrame(ev.data);
    };
    // A failed handshake (e.g. HTTP 401) surfaces as error + close; close alone drives the retry.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.attempt++;
    this.handleDisconnect(this.everOpen ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(this.attempt, this.minBackoffMs, this.maxBackoffMs, this.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}
