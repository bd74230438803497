/** Issue #3 benchmarks: full-universe sector analysis, sectors.grid over WebSocket, price tick → alerts.raised. */
import type { Quote } from '../src/shared/contract';
import { startHarness } from '../tests/integration/harness';
import { percentile, type BenchResult } from './lib';

export async function benchSectors(): Promise<BenchResult[]> {
  const h = await startHarness({ validateResults: false, logLevel: 'error', paused: true });
  try {
    const c = await h.client();
    // Full analysis: universe members × 4 timeframes, scoring, ranking, persisted. The clock is paused so every
    // run sees the same market.
    const durations: number[] = [];
    let members = 0;
    for (let i = 0; i < 16; i++) {
      const done = new Promise<number>((resolve) => {
        const t0 = performance.now();
        const off = h.engine.bus.on('analysis.progress', (p) => {
          if (p.done) {
            off();
            resolve(performance.now() - t0);
          }
        });
      });
      await h.engine.call('sectors.analyze');
      const ms = await done;
      if (i > 0) durations.push(ms); // the first run warms caches
    }
    const grid = await h.engine.call('sectors.grid');
    members = grid.sectors.reduce((s, x) => s + x.members, 0);

    for (let i = 0; i < 50; i++) await c.call('sectors.grid');
    const gridSamples: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await c.call('sectors.grid');
      gridSamples.push(performance.now() - t0);
    }

    // Tick → alert: a quote batch on the engine's bus with one member crossing +16 %, through the detector, the
    // SQLite insert and the event, to a WebSocket client.
    await c.call('events.subscribe', { topics: ['alerts.raised'] });
    const universe = (await c.call('universe.current', { included: true, limit: 10_000 })).result.items as { symbol: string }[];
    const quotes = new Map((await h.engine.call('market.quotes')).quotes.map((q) => [q.symbol, q]));
    const alertSamples: number[] = [];
    for (const m of universe.slice(0, 300)) {
      const q = quotes.get(m.symbol);
      if (!q) continue;
      const moved: Quote = { ...q, last: +(q.prevClose * 1.16).toFixed(2), t: q.t + 1 };
      const received = c.nextEvent('alerts.raised', 5_000, (a) => a.symbol === m.symbol);
      const t0 = performance.now();
      h.engine.bus.emit('quotes.updated', { source: 'bench', asOf: moved.t, quotes: [moved] });
      await received;
      alertSamples.push(performance.now() - t0);
    }
    const median = percentile(durations, 50);
    return [
      {
        id: 'sector-analysis',
        issue: 3,
        title: `Full sector analysis (${members} members × 4 timeframes, scored, ranked, persisted)`,
        unit: 'ms',
        value: median,
        stat: 'median',
        goal: 250,
        peer: { name: 'seed 004 target (3–5 min)', value: 180_000 },
        samples: durations.length,
        notes: `p90 ${percentile(durations, 90).toFixed(0)} ms.`,
      },
      {
        id: 'sectors-grid-ws',
        issue: 3,
        title: '`sectors.grid` over WebSocket',
        unit: 'ms',
        value: percentile(gridSamples, 99),
        stat: 'p99',
        goal: 10,
        peer: { name: 'seed 004 target (< 1 s)', value: 1000 },
        samples: gridSamples.length,
        notes: `p50 ${percentile(gridSamples, 50).toFixed(2)} ms.`,
      },
      {
        id: 'tick-to-alert',
        issue: 3,
        title: 'Price tick → `alerts.raised` at a WebSocket client',
        unit: 'ms',
        value: percentile(alertSamples, 99),
        stat: 'p99',
        goal: 50,
        peer: { name: 'seed 004 WebSocket target (< 500 ms)', value: 500 },
        samples: alertSamples.length,
        notes: `p50 ${percentile(alertSamples, 50).toFixed(2)} ms.`,
      },
    ];
  } finally {
    await h.close();
  }
}
