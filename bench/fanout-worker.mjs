// Runs the fan-out clients on their own event loop, as another window or machine would, and reports when each
// quote batch arrived (absolute time from the shared high-resolution clock).
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, clients, durationMs } = workerData;
const now = () => performance.timeOrigin + performance.now();
const results = Array.from({ length: clients }, () => []);
const sockets = await Promise.all(
  results.map(
    (log) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('message', (buf) => {
          const at = now();
          const msg = JSON.parse(buf.toString());
          if (msg.method === 'event' && msg.params.topic === 'quotes.updated') {
            log.push({ asOf: msg.params.data.asOf, at, quotes: msg.params.data.quotes.length });
          }
        });
        ws.once('open', () => {
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { topics: ['quotes.updated'] } }));
          resolve(ws);
        });
        ws.once('error', reject);
      }),
  ),
);
await new Promise((r) => setTimeout(r, durationMs));
for (const ws of sockets) ws.close();
parentPort.postMessage(results);
