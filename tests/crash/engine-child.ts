/**
 * A real engine in its own process, for the crash-safety test: `node --import tsx tests/crash/engine-child.ts <json>`.
 * It talks to its parent through stdout, one JSON object a line (pipes are synchronous on Linux, so a line the
 * parent read was written before any SIGKILL that follows it).
 *
 * Modes:
 * - drive: loops create → approve (→ sometimes reject, sometimes leave pending) over liquid symbols until killed,
 *   announcing every approval the engine acknowledged ({"ev":"approved","id":…}).
 * - settle: starts (start() reconciles with the broker's book), waits until no due order is pending submission,
 *   reports, stops cleanly.
 * - halt: approves one multi-tranche card (later tranches due later), throws the kill switch, then keeps trying
 *   to approve new cards (each must answer 4003) until killed.
 * - probe: reports the trading status, what an approval answers now and a watched card's orders (engine and
 *   broker side); with `resume`, resumes, waits until the due orders have gone out and reports again.
 */
import { createEngine, type Engine } from '../../src/main/core';
import { EngineError } from '../../src/shared/contract';
import { openReadOnly, rng } from './invariants';

export interface ChildConfig {
  mode: 'drive' | 'settle' | 'halt' | 'probe';
  dataDir: string;
  resourcesDir: string;
  /** Simulated start instant (epoch ms). */
  start: number;
  speed: number;
  seed: number;
  /** Symbols to trade (liquid, passing the guardrails); the first run picks them when empty. */
  symbols?: string[];
  /** probe: resume trading and wait for the due orders. */
  resume?: boolean;
  /** probe: report this card's orders as the engine and the broker's book hold them. */
  watchCard?: string;
}

const say = (msg: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
};

const codeOf = (error: unknown): number | string => (error instanceof EngineError ? error.code : String(error));

async function liquidSymbols(engine: Engine): Promise<string[]> {
  const u = await engine.call('market.universe', { limit: 5000 });
  const candidates = u.items.filter((i) => i.kind === 'stock' && i.price > 5 && i.price < 200 && i.avgVolume20 > 2e6);
  const ok: string[] = [];
  for (const c of candidates) {
    const r = await engine.call('guardrails.evaluate', { symbol: c.symbol, side: 'buy', quantity: 100, orderType: 'market', playbook: 'catalyst_swing' });
    if (r.passed) ok.push(c.symbol);
    if (ok.length >= 40) break;
  }
  return ok;
}

/** A card's orders as the engine holds them, and how many of them the broker's book holds (a second, read-only connection). */
function watch(engine: Engine, cardId: string | undefined): { orders: { clientOrderId: string; status: string; dueAt: number }[]; atBroker: string[] } | null {
  if (!cardId) return null;
  const orders = engine.trading.repo.ordersOfCard(cardId).map((o) => ({ clientOrderId: o.clientOrderId, status: o.status, dueAt: o.dueAt }));
  const db = openReadOnly(engine.dbPath);
  try {
    const atBroker = (db.prepare('SELECT client_order_id FROM paper_orders WHERE client_order_id LIKE ? ORDER BY client_order_id').all(`${cardId}-%`) as { client_order_id: string }[]).map((r) => r.client_order_id);
    return { orders, atBroker };
  } finally {
    db.close();
  }
}

async function waitDrained(engine: Engine, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await engine.trading.sweep();
    const now = engine.clock.now();
    const due = engine.trading.repo.liveOrders().filter((o) => o.status === 'pending_submit' && o.dueAt <= now).length;
    if (due === 0 || Date.now() > until) return due;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function drive(engine: Engine, cfg: ChildConfig, symbols: string[]): Promise<never> {
  const random = rng(cfg.seed);
  for (let i = 0; ; i++) {
    const symbol = symbols[Math.floor(random() * symbols.length)]!;
    const held = engine.trading.accountView.position(symbol);
    const side = held > 0 && random() < 0.6 ? 'sell' : 'buy';
    const quantity = side === 'sell' ? Math.max(1, Math.min(held, 5 + Math.floor(random() * 60))) : 5 + Math.floor(random() * 60);
    const last = (await engine.call('market.quote', { symbol })).last;
    // Mostly market orders (fill at once); some buy limits just under the market that work over later batches.
    const limit = side === 'buy' && random() < 0.25;
    try {
      const card = await engine.call('cards.create', {
        symbol,
        side,
        quantity,
        orderType: limit ? 'limit' : 'market',
        ...(limit ? { limitPrice: Math.round(last * 0.997 * 100) / 100 } : {}),
        playbook: 'catalyst_swing',
        thesis: `crash trial ${cfg.seed} #${i}`,
      });
      say({ ev: 'created', id: card.id, status: card.status });
      const roll = random();
      if (card.status === 'pending' && roll < 0.8) {
        try {
          const r = await engine.call('cards.approve', { id: card.id });
          say({ ev: 'approved', id: card.id, status: r.card.status, order: r.order.clientOrderId });
        } catch (error) {
          say({ ev: 'refused', id: card.id, code: codeOf(error) });
        }
      } else if (card.status === 'pending' && roll < 0.9) {
        await engine.call('cards.reject', { id: card.id, reason: 'crash trial: rejected' });
        say({ ev: 'rejected', id: card.id });
      }
    } catch (error) {
      say({ ev: 'error', where: 'create', code: codeOf(error), message: error instanceof Error ? error.message : String(error) });
    }
    // Let the quote loop, the broker's matching passes and the sweep run between iterations.
    await new Promise((r) => setImmediate(r));
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  // The parent holds our stdin open; when it goes away (a crashed or interrupted test run), so do we.
  process.stdin.on('end', () => process.exit(2));
  process.stdin.resume();
  const engine = createEngine({
    host: 'test',
    dataDir: cfg.dataDir,
    resourcesDir: cfg.resourcesDir,
    start: cfg.start,
    speed: cfg.speed,
    tickMs: 100,
    logLevel: 'info',
  });
  const t0 = performance.now();
  await engine.start();
  const symbols = cfg.symbols && cfg.symbols.length > 0 ? cfg.symbols : await liquidSymbols(engine);
  const status = await engine.call('trading.status');
  const audit = await engine.call('audit.verify');
  say({ ev: 'ready', pid: process.pid, startMs: Math.round(performance.now() - t0), status, audit, symbols, now: engine.clock.now() });

  if (cfg.mode === 'drive') await drive(engine, cfg, symbols);

  if (cfg.mode === 'settle') {
    const due = await waitDrained(engine, 8_000);
    say({ ev: 'settled', due, audit: await engine.call('audit.verify'), status: await engine.call('trading.status'), now: engine.clock.now() });
  }

  if (cfg.mode === 'halt') {
    // mean_reversion trades the ranging tape in 3 tranches 15 minutes apart: the first goes now, two wait.
    const symbol = symbols[0]!;
    const card = await engine.call('cards.create', { symbol, side: 'buy', quantity: 30, orderType: 'market', playbook: 'mean_reversion', thesis: 'halt trial' });
    const approved = await engine.call('cards.approve', { id: card.id });
    say({ ev: 'approved', id: card.id, status: approved.card.status, order: approved.order.clientOrderId });
    const halted = await engine.call('trading.halt', { reason: 'crash trial: halt before the kill' });
    say({ ev: 'halted', card: card.id, status: halted });
    const random = rng(cfg.seed);
    for (;;) {
      const c = await engine.call('cards.create', { symbol: symbols[1 + Math.floor(random() * (symbols.length - 1))]!, side: 'buy', quantity: 10, orderType: 'market', playbook: 'catalyst_swing' });
      try {
        await engine.call('cards.approve', { id: c.id });
        say({ ev: 'approved-while-halted', id: c.id });
      } catch (error) {
        say({ ev: 'refused', id: c.id, code: codeOf(error) });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  if (cfg.mode === 'probe') {
    await engine.trading.sweep();
    const before = await engine.call('trading.status');
    const c = await engine.call('cards.create', { symbol: symbols[2]!, side: 'buy', quantity: 10, orderType: 'market', playbook: 'catalyst_swing' });
    let approveCode: number | string | null = null;
    try {
      await engine.call('cards.approve', { id: c.id });
    } catch (error) {
      approveCode = codeOf(error);
    }
    say({ ev: 'probe', status: before, card: c.id, cardStatus: c.status, approveCode, now: engine.clock.now(), watched: watch(engine, cfg.watchCard) });
    if (cfg.resume) {
      await engine.call('trading.resume', {});
      const due = await waitDrained(engine, 8_000);
      say({ ev: 'resumed', due, status: await engine.call('trading.status'), audit: await engine.call('audit.verify'), now: engine.clock.now(), watched: watch(engine, cfg.watchCard) });
    }
  }
  await engine.stop();
  say({ ev: 'stopped' });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say({ ev: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
