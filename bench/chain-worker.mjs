// A WebSocket client on its own thread (its own event loop and heap, as a real window is its own process): sends
// the frames the bench hands it and reports how long each reply took to arrive and parse.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const ws = new WebSocket(workerData.url);
await new Promise((resolve, reject) => {
  ws.once('open', resolve);
  ws.once('error', reject);
});
let pending = null;
ws.on('message', (buf) => {
  const reply = JSON.parse(buf.toString());
  const ms = performance.now() - pending.t0;
  const replies = Array.isArray(reply) ? reply : [reply];
  const failed = replies.find((r) => r.error);
  const done = pending;
  pending = null;
  done.reply({ ms, error: failed ? failed.error.message : null, bytes: buf.length });
});
parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    ws.close();
    parentPort.close();
    return;
  }
  pending = { t0: performance.now(), reply: (r) => parentPort.postMessage(r) };
  ws.send(msg.frame);
});
parentPort.postMessage({ ready: true });
