/**
 * Trading-desk benchmarks: 100 symbols' signals → guardrailed pending cards, `guardrails.evaluate` latency, and
 * approve → paper fill event at a WebSocket client. A real engine and browser-mode server on 127.0.0.1 (the
 * integration harness), the simulated clock running at 1× from Friday 2026-11-20 10:00 New York, quotes of the
 * whole universe ticking every 500 ms meanwhile.
 */
import { loadavg } from 'node:os';
import type { Engine } from '../src/main/core';
import { startHarness, type TestClient } from '../tests/integration/harness';
import { percentile, type BenchResult } from './lib';

const ISSUE = 4;
const SIGNALS = 100;
/** WebSocket clients for the evaluation latency: 25 calls each stays under the 30-a-minute limit. */
const CONNECTIONS = 60;

/** Stocks the guardrails let through for a small catalyst-swing buy, most liquid first. */
async function liquidSymbols(engine: Engine, want: number): Promise<string[]> {
  const u = await engine.call('market.universe', { limit: 5000 });
  const candidates = u.items.filter((i) => i.kind === 'stock' && i.price > 5 && i.avgVolume20 > 2e6).sort((a, b) => b.avgVolume20 - a.avgVolume20);
  const ok: string[] = [];
  for (const c of candidates) {
    const r = await engine.call('guardrails.evaluate', { symbol: c.symbol, side: 'buy', quantity: 20, orderType: 'market', playbook: 'catalyst_swing' });
    if (r.passed) ok.push(c.symbol);
    if (ok.length === want) return ok;
  }
  throw new Error(`only ${ok.length} liquid symbols pass the guardrails; the bench needs ${want}`);
}

/** One strategy signal per symbol, as a strategy raises them: a card intent with its upstream stage times. */
function signals(symbols: readonly string[], t: number, round: number) {
  return symbols.map((symbol, i) => ({
    symbol,
    side: 'buy' as const,
    quantity: 20,
    orderType: 'market' as const,
    playbook: 'catalyst_swing',
    origin: 'strategy' as const,
    originId: 'bench-breakout',
    thesis: `bench round ${round}: breakout signal #${i} on ${symbol}`,
    stages: { ingest: t - 2_000, feature: t - 1_000, signal: t },
  }));
}

export async function benchTrading(): Promise<BenchResult[]> {
  // The engine's own live-loop interval (500 ms), not the integration tests' faster 100 ms.
  const h = await startHarness({ validateResults: false, logLevel: 'error', tickMs: 500 });
  const clients: TestClient[] = [];
  try {
    const engine = h.engine;
    const symbols = await liquidSymbols(engine, SIGNALS);

    // (i) 100 signals → 100 guardrailed cards. Per card through the contract (dispatch, validation, guardrails,
    // one SQLite transaction with its evaluation and audit entry, events), as a strategy calls it; and as one batch.
    const perCall: number[] = [];
    const batch: number[] = [];
    let pending = 0;
    let made = 0;
    for (let round = 0; round < 6; round++) {
      const inputs = signals(symbols, engine.clock.now(), round);
      const t0 = performance.now();
      for (const input of inputs) {
        const card = await engine.call('cards.create', input);
        made++;
        if (card.status === 'pending') pending++;
      }
      const ms = performance.now() - t0;
      const t1 = performance.now();
      const cards = engine.trading.createCards(signals(symbols, engine.clock.now(), round), 'internal#0 bench');
      const batchMs = performance.now() - t1;
      if (cards.length !== SIGNALS) throw new Error(`batch made ${cards.length} cards`);
      if (round > 0) {
        perCall.push(ms); // the first round warms statements and caches
        batch.push(batchMs);
      }
    }

    // (ii) guardrails.evaluate: over WebSocket across many connections (30 evaluations a minute per client is the
    // engine's limit), and in-process, where the rate limiter does not apply, for the evaluation itself.
    const wsSamples: number[] = [];
    for (let conn = 0; conn < CONNECTIONS; conn++) {
      const c = await h.client();
      clients.push(c);
      for (let k = 0; k < 25; k++) {
        const symbol = symbols[(conn * 25 + k) % symbols.length]!;
        const t0 = performance.now();
        const r = await c.call('guardrails.evaluate', { symbol, side: 'buy', quantity: 50, orderType: 'market', playbook: 'catalyst_swing' });
        const ms = performance.now() - t0;
        if (r.error) throw new Error(`guardrails.evaluate over WebSocket: ${r.error.message}`);
        if (k > 0) wsSamples.push(ms); // a connection's first call warms its path
      }
      c.close();
    }
    const inProcess: number[] = [];
    for (let i = 0; i < 2_100; i++) {
      const symbol = symbols[i % symbols.length]!;
      const t0 = performance.now();
      await engine.call('guardrails.evaluate', { symbol, side: i % 2 ? 'buy' : 'short', quantity: 50, orderType: 'market', playbook: 'catalyst_swing' });
      if (i >= 100) inProcess.push(performance.now() - t0);
    }

    // (iii) approve over WebSocket → the paper broker fills a market order → fills.created at the same client.
    // Buys and sells alternate per symbol so positions stay flat and no position limit interferes.
    const c = await h.client();
    clients.push(c);
    const sub = await c.call('events.subscribe', { topics: ['fills.created'] });
    if (sub.error) throw new Error(sub.error.message);
    const fillSamples: number[] = [];
    const traded = symbols.slice(0, 20);
    for (let i = 0; i < 210; i++) {
      const symbol = traded[i % traded.length]!;
      const side = Math.floor(i / traded.length) % 2 === 0 ? 'buy' : 'sell';
      const card = await engine.call('cards.create', { symbol, side, quantity: 10, orderType: 'market', playbook: 'catalyst_swing', thesis: 'bench: approve to fill' });
      if (card.status !== 'pending') throw new Error(`card for ${side} ${symbol} is ${card.status}: ${card.statusReason ?? ''}`);
      const filled = c.nextEvent('fills.created', 5_000, (d: { fill: { cardId: string } }) => d.fill.cardId === card.id);
      const t0 = performance.now();
      const reply = c.call('cards.approve', { id: card.id });
      await filled;
      const ms = performance.now() - t0;
      const r = await reply;
      if (r.error) throw new Error(`cards.approve: ${r.error.message}`);
      if (i >= 10) fillSamples.push(ms);
    }

    const createMedian = percentile(perCall, 50);
    return [
      {
        id: 'signals-to-cards',
        issue: ISSUE,
        title: `${SIGNALS} symbols' signals → guardrailed pending cards (\`cards.create\` per card, in-process)`,
        unit: 'ms',
        value: createMedian,
        stat: 'median of rounds',
        goal: 1000,
        peer: { name: 'seed 001 target (whole pipeline < 90 s for 100 symbols)', value: 90_000 },
        samples: perCall.length,
        notes:
          `${made} cards made one call at a time, ${pending} of them pending${pending < made ? ' (the rest blocked by a guardrail)' : ''}; ` +
          `${(createMedian / SIGNALS).toFixed(2)} ms a card; worst round ${Math.max(...perCall).toFixed(0)} ms. ` +
          `The same ${SIGNALS} as one batch (trading.createCards, one transaction): median ${percentile(batch, 50).toFixed(0)} ms. ` +
          'Measures the card stage (guardrails, SQLite, audit, events) from a signal in hand, not signal generation.',
      },
      {
        id: 'guardrails-evaluate-ws',
        issue: ISSUE,
        title: `\`guardrails.evaluate\` over WebSocket (${CONNECTIONS} connections × 24 calls)`,
        unit: 'ms',
        value: percentile(wsSamples, 99),
        stat: 'p99',
        goal: 5,
        peer: { name: 'seed 002 API target (p95 < 200 ms)', value: 200 },
        samples: wsSamples.length,
        notes:
          `p50 ${percentile(wsSamples, 50).toFixed(2)} ms. The engine allows 30 evaluations a minute per client, so the samples are ` +
          `spread over ${CONNECTIONS} connections. In-process (engine.call, same dispatch and validation, not rate-limited): ` +
          `p50 ${percentile(inProcess, 50).toFixed(2)} ms, p99 ${percentile(inProcess, 99).toFixed(2)} ms over ${inProcess.length} calls.`,
      },
      {
        id: 'approve-to-fill-ws',
        issue: ISSUE,
        title: '`cards.approve` → paper fill → `fills.created` at a WebSocket client',
        unit: 'ms',
        value: percentile(fillSamples, 99),
        stat: 'p99',
        goal: 50,
        peer: { name: 'seed 002 target (trade execution < 100 ms)', value: 100 },
        samples: fillSamples.length,
        notes:
          `p50 ${percentile(fillSamples, 50).toFixed(2)} ms, p90 ${percentile(fillSamples, 90).toFixed(2)} ms, max ${Math.max(...fillSamples).toFixed(1)} ms; ` +
          'market orders of 10 shares, guardrails re-checked at approval; the approval, the submission, the broker\'s fill and the ' +
          'recorded fill (position, ledger, audit) are each a synchronous=FULL SQLite commit, so the tail follows the disk\'s fsync ' +
          `latency (load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end of the run).`,
      },
    ];
  } finally {
    for (const c of clients) c.close();
    await h.close();
  }
}
