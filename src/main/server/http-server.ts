/**
 * The browser-mode host: one HTTP server on 127.0.0.1 that serves the built renderer, GET /health (no token),
 * GET /metrics (token), and the engine's JSON-RPC over WebSocket at /api (token). Same frames as Electron IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core';

export interface HttpServerOptions {
  engine: Engine;
  host: string;
  port: number;
  token: string;
  /** Folder of the built renderer (out/renderer); null serves no UI. */
  staticDir: string | null;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Quote frames are dropped for a socket with more than this many bytes queued: the next batch supersedes them. */
export const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;
/** ws closes a connection on a message above this; our own 1 MiB limit answers with -32600 below it. */
const WS_MAX_PAYLOAD = 16 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Reads the token from `Authorization: Bearer …` or `?token=`. */
export function tokenOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token');
}

/** The client's name for itself (`?client=window:approvals`), written in the audit log with its decisions. */
export function clientName(req: IncomingMessage): string | null {
  const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('client');
  return name !== null && /^[A-Za-z0-9 _.:#/-]{1,48}$/.test(name) ? name : null;
}

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { engine, token } = options;
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  const sockets = new Set<WebSocket>();

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (!staticRoot) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Kestrel engine is running; no UI was built. Run `npm run build`.');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request: malformed path');
      return;
    }
    let rel = normalize(decoded).replace(/^([/\\])+/, '');
    if (rel === '' || rel.endsWith(sep)) rel = join(rel, 'index.html');
    let file = resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.writeHead(403).end();
      return;
    }
    let isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile && !extname(rel)) {
      file = join(staticRoot, 'index.html'); // client-side routes (?view=…) all load the one page
      isFile = true;
    }
    if (!isFile) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async (): Promise<void> => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (url.pathname === '/health') {
        if (!engine.running) {
          sendJson(res, 503, { status: 'down', version: engine.version, message: 'starting: loading market history' });
          return;
        }
        try {
          const h = await engine.call('system.health');
          sendJson(res, h.status === 'down' ? 503 : 200, h);
        } catch (error) {
          sendJson(res, 503, { status: 'down', error: error instanceof Error ? error.message : String(error) });
        }
        return;
      }
      if (url.pathname === '/metrics') {
        if (!sameToken(tokenOf(req), token)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }).end('token required');
          return;
        }
        const text = await engine.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': engine.metrics.registry.contentType });
        res.end(text);
        return;
      }
      if (url.pathname === '/api') {
        res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required');
        return;
      }
      await serveStatic(req, res, url.pathname);
    };
    route().catch((error: unknown) => {
      // The path only: the query may carry the access token, which never goes into a log.
      engine.log.error({ err: error, path: url.pathname }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return reject(404, 'Not Found');
    if (!engine.running) return reject(503, 'Service Unavailable');
    if (!sameToken(tokenOf(req), token)) return reject(401, 'Unauthorized');
    const origin = req.headers.origin;
    if (origin !== undefined && req.headers.host !== undefined && new URL(origin).host !== req.headers.host) {
      return reject(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    sockets.add(ws);
    const label = `${clientName(req) ?? 'ws'} ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const conn = engine.connect({
      transport: 'ws',
      label,
      send(frame, topic) {
        if (ws.readyState !== ws.OPEN) return;
        if (topic === 'quotes.updated' && ws.bufferedAmount > SLOW_CLIENT_BYTES) return;
        ws.send(frame);
      },
    });
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? Buffer.from(data as Buffer) : data.toString();
      conn
        .request(raw)
        .then((reply) => {
          if (reply !== null && ws.readyState === ws.OPEN) ws.send(reply);
        })
        .catch((error: unknown) => engine.log.error({ err: error }, 'ws request failed'));
    });
    ws.on('close', () => {
      sockets.delete(ws);
      conn.close();
    });
    ws.on('error', (error) => engine.log.warn({ err: error, label }, 'ws error'));
  });

  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise);
    server.listen(options.port, options.host, () => {
      server.off('error', rejectPromise);
      resolvePromise();
    });
  });
  const address = server.address() as AddressInfo;
  const displayHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    port: address.port,
    host: address.address,
    url: `http://${displayHost}:${address.port}/`,
    async close() {
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
