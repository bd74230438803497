/** Starts a real engine + browser-mode server on 127.0.0.1:0 over a temp data directory, and WebSocket clients for it. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createEngine, type Engine, type EngineConfig } from '../../src/main/core';
import { startHttpServer, type RunningServer } from '../../src/main/server/http-server';

export const TOKEN = 'test-token-abcdef';
/** Friday 2026-11-20 10:00 New York: a regular session. */
export const START = Date.parse('2026-11-20T10:00:00-05:00');

export interface Harness {
  engine: Engine;
  server: RunningServer;
  dataDir: string;
  staticDir: string;
  wsUrl(token?: string | null): string;
  client(token?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<EngineConfig> = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'kestrel-it-'));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Kestrel test</title>');
  const engine = createEngine({ host: 'test', dataDir: dir, start: START, validateResults: true, tickMs: 100, logLevel: 'warn', ...overrides });
  await engine.start();
  const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token: TOKEN, staticDir });
  const clients: TestClient[] = [];
  return {
    engine,
    server,
    dataDir: dir,
    staticDir,
    wsUrl: (token = TOKEN) => `ws://127.0.0.1:${server.port}/api${token === null ? '' : `?token=${token}`}`,
    async client(token = TOKEN) {
      const c = await connectClient(`ws://127.0.0.1:${server.port}/api?token=${token}`);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
      await engine.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RpcReply {
  id: unknown;
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

export interface TestClient {
  ws: WebSocket;
  call(method: string, params?: unknown): Promise<RpcReply>;
  raw(frame: string | Buffer): Promise<any>;
  events: { topic: string; data: any }[];
  nextEvent(topic: string, timeoutMs?: number, predicate?: (data: any) => boolean): Promise<any>;
  /** Like nextEvent, but an event already received counts too. */
  waitEvent(topic: string, predicate: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export function connectClient(url: string, headers?: Record<string, string>): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    let nextId = 1;
    const pending = new Map<unknown, (r: any) => void>();
    const rawWaiters: ((r: any) => void)[] = [];
    const events: { topic: string; data: any }[] = [];
    const eventWaiters: { topic: string; predicate: (d: any) => boolean; resolve: (d: any) => void }[] = [];
    ws.on('message', (buf) => {
      const msg = JSON.parse(buf.toString());
      if (!Array.isArray(msg) && msg.method === 'event') {
        events.push(msg.params);
        for (const w of [...eventWaiters]) {
          if (w.topic === msg.params.topic && w.predicate(msg.params.data)) {
            eventWaiters.splice(eventWaiters.indexOf(w), 1);
            w.resolve(msg.params.data);
          }
        }
        return;
      }
      const id = Array.isArray(msg) ? undefined : msg.id;
      const waiter = pending.get(id);
      if (waiter) {
        pending.delete(id);
        waiter(msg);
      } else rawWaiters.shift()?.(msg);
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () =>
      resolve({
        ws,
        events,
        call(method, params) {
          const id = nextId++;
          return new Promise((r) => {
            pending.set(id, r);
            ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
          });
        },
        raw(frame) {
          return new Promise((r) => {
            rawWaiters.push(r);
            ws.send(frame);
          });
        },
        nextEvent(topic, timeoutMs = 10_000, predicate = () => true) {
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`no ${topic} event within ${timeoutMs} ms`)), timeoutMs);
            eventWaiters.push({ topic, predicate, resolve: (d) => { clearTimeout(timer); res(d); } });
          });
        },
        waitEvent(topic, predicate, timeoutMs = 10_000) {
          const seen = events.find((e) => e.topic === topic && predicate(e.data));
          if (seen) return Promise.resolve(seen.data);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`no ${topic} event within ${timeoutMs} ms`)), timeoutMs);
            eventWaiters.push({ topic, predicate, resolve: (d) => { clearTimeout(timer); res(d); } });
          });
        },
        close: () => ws.close(),
      }),
    );
  });
}
