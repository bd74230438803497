/** Issue #2 benchmarks: ingest, market.bars over WebSocket, quote fan-out latency, engine RSS under load. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { migrate, openDatabase, closeDatabase } from '../src/main/core/db';
import { createBarsRepo, createIngestRunsRepo, createInstrumentsRepo } from '../src/main/core/db/repositories';
import { addTradingDays } from '../src/main/core/market/calendar';
import { createIngestor } from '../src/main/core/market/ingest';
import { createMarketSimulator } from '../src/main/core/market/simulator';
import { startHarness, connectClient } from '../tests/integration/harness';
import { percentile, type BenchResult } from './lib';
import { ENGINE_V8_FLAGS } from '../scripts/engine-flags.mjs';

const now = (): number => performance.timeOrigin + performance.now();

export async function benchIngest(): Promise<BenchResult> {
  const sim = createMarketSimulator({ seed: 7 });
  const stocks = sim.instruments().filter((i) => i.kind === 'stock').slice(0, 1000);
  const last = '2026-11-19';
  const first = addTradingDays(last, -251);
  const daily = stocks.map((i) => ({ symbol: i.symbol, bars: sim.dailyBars(i.symbol, first, last) }));
  const intraday = stocks.map((i) => ({ symbol: i.symbol, bars: sim.intradayBars(i.symbol, '2026-11-20') }));
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-bench-'));
  const db = openDatabase({ path: join(dir, 'bench.db') });
  migrate(db, null);
  const instruments = createInstrumentsRepo(db);
  const ingest = createIngestor({ db, bars: createBarsRepo(db), instruments, runs: createIngestRunsRepo(db), now: Date.now });
  const t0 = performance.now();
  ingest.instruments(stocks, 'bench');
  const d = ingest.bars('daily', daily, 'bench');
  const m = ingest.bars('intraday', intraday, 'bench');
  const ms = performance.now() - t0;
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
  const rows = d.inserted + m.inserted;
  if (d.rejected + m.rejected > 0) throw new Error(`bench ingest rejected ${d.rejected + m.rejected} bars`);
  return {
    id: 'ingest-1000x252',
    issue: 2,
    title: 'Ingest 1,000 symbols × 252 daily + 1 session of 5m bars into SQLite',
    unit: 'ms',
    value: ms,
    stat: 'total',
    goal: 3000,
    peer: { name: 'seed 001 target (< 90 s)', value: 90_000 },
    notes: `${rows.toLocaleString('en-US')} rows validated and written (${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s), synchronous=FULL, WAL.`,
  };
}

export async function benchBarsOverWs(): Promise<BenchResult> {
  const h = await startHarness({ validateResults: false, logLevel: 'error' });
  try {
    const c = await h.client();
    const to = Date.parse('2026-11-19T12:00:00-05:00');
    const from = to - 365 * 86_400_000;
    for (let i = 0; i < 50; i++) await c.call('market.bars', { symbol: 'IWM', timeframe: '1d', from, to });
    const samples: number[] = [];
    let bars = 0;
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      const r = await c.call('market.bars', { symbol: 'IWM', timeframe: '1d', from, to });
      samples.push(performance.now() - t0);
      bars = r.result.bars.length;
    }
    return {
      id: 'market-bars-ws',
      issue: 2,
      title: '`market.bars` 1 symbol × 1 year over WebSocket',
      unit: 'ms',
      value: percentile(samples, 99),
      stat: 'p99',
      goal: 10,
      peer: { name: 'seed 002 API target (p95 < 200 ms)', value: 200 },
      samples: samples.length,
      notes: `${bars} bars per reply; p50 ${percentile(samples, 50).toFixed(2)} ms.`,
    };
  } finally {
    await h.close();
  }
}

export async function benchFanout(): Promise<BenchResult> {
  const h = await startHarness({ validateResults: false, logLevel: 'error', tickMs: 500, speed: 1 });
  const emits = new Map<number, number>();
  h.engine.bus.on('quotes.updated', (data) => emits.set(data.asOf, now()));
  const worker = new Worker(join(__dirname, 'fanout-worker.mjs'), {
    workerData: { url: h.wsUrl(), clients: 5, durationMs: 20_000 },
  });
  try {
    const received: { asOf: number; at: number; quotes: number }[][] = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const samples: number[] = [];
    let quotes = 0;
    for (const client of received) {
      for (const r of client) {
        const at = emits.get(r.asOf);
        if (at !== undefined) samples.push(r.at - at);
        quotes = Math.max(quotes, r.quotes);
      }
    }
    return {
      id: 'quote-fanout-5',
      issue: 2,
      title: 'Quote fan-out, engine → 5 WebSocket clients, full universe every tick',
      unit: 'ms',
      value: percentile(samples, 99),
      stat: 'p99',
      goal: 50,
      peer: { name: 'seed 004 target (< 500 ms)', value: 500 },
      samples: samples.length,
      notes: `up to ${quotes} quotes per batch, every 500 ms; p50 ${percentile(samples, 50).toFixed(2)} ms.`,
    };
  } finally {
    await worker.terminate();
    await h.close();
  }
}

/** Runs the built browser-mode server as its own process and samples its RSS with 5 clients at 60× speed. */
async function sampleServerRss(root: string, dir: string): Promise<number[]> {
  const token = 'bench-token-123456';
  const child = spawn(process.execPath, [...ENGINE_V8_FLAGS, join(root, 'out/main/server.js'), '--port', '0', '--token', token, '--data-dir', dir, '--speed', '60', '--start', '2026-11-20T09:00:00-05:00', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url: string = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening on (http:\/\/[^/]+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const clients = await Promise.all(Array.from({ length: 5 }, () => connectClient(`${url.replace('http', 'ws')}/api?token=${token}`)));
    for (const c of clients) await c.call('events.subscribe', { topics: ['quotes.updated', 'bars.updated', 'clock.changed'] });
    const rss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    const samples: number[] = [];
    // 10 simulated minutes at 60× = 10 s of wall time.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(rss());
    }
    for (const c of clients) c.close();
    return samples;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function rssResult(id: string, title: string, samples: number[]): BenchResult {
  const firstHalf = samples.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
  const secondHalf = samples.slice(5).reduce((a, b) => a + b, 0) / 5;
  return {
    id,
    issue: 2,
    title,
    unit: 'MB',
    value: samples[samples.length - 1]!,
    stat: 'final',
    goal: 300,
    peer: { name: 'issue ceiling (300 MB)', value: 300 },
    samples: samples.length,
    notes: `max ${Math.max(...samples).toFixed(0)} MB; last 5 s vs first 5 s: ${secondHalf - firstHalf >= 0 ? '+' : ''}${(secondHalf - firstHalf).toFixed(1)} MB (flat when near 0).`,
  };
}

/** The first start on an empty data directory (history built) and a restart on it (history present). */
export async function benchRss(root: string): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-rss-'));
  try {
    const cold = await sampleServerRss(root, dir);
    const warm = await sampleServerRss(root, dir);
    return [
      rssResult('engine-rss-cold', 'Engine RSS, first start (2 y history built), 10 sim-min at 60×, 5 clients', cold),
      rssResult('engine-rss-warm', 'Engine RSS, restart on the same data, 10 sim-min at 60×, 5 clients', warm),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
