/**
 * The multi-segment portfolio: one sleeve per segment, carved out of the one paper account.
 *
 * - Capital: the segment's target allocation × the opening deposit (the ledger's deposit rows). When the targets
 *   add up to more than 1 they are scaled down in proportion, so the sleeves never promise more than the deposit.
 *   The 'unassigned' sleeve holds the rest of the deposit, and withdrawals come out of its cash.
 * - Trades: the fills whose card is tagged with the segment (cards.segment); fills of untagged cards, or of a
 *   segment the catalog does not know, go to 'unassigned'.
 * - cash = capital − buys + sells − fees, from the fills' recorded gross and fee (the same cents the ledger holds);
 *   positions with average cost, long and short (the account's own position arithmetic, per sleeve); unrealised
 *   P&L at the live quote — an option (multiplier above 1, or an OCC symbol) at `optionMark`. A symbol with no
 *   live mark is carried at ONE price shared by every sleeve: the account's average cost (as the account values
 *   it), or the symbol's last fill when the account is flat. Carrying each sleeve at its own cost would not add
 *   up: two sleeves holding +178 and −178 of a contract bought at different prices would show the flat account
 *   a market value (fast-check found exactly that).
 * So the sleeves add up to the account: Σ cash = ledger cash, Σ market value = the account's market value.
 */
import { EngineError, RPC_ERROR, type PortfolioBySegment, type Quote, type SegmentBook } from '../../../shared/contract';
import type { Db } from '../db/open-database';
import { createSegmentPerformanceRepo, type SegmentFillRow } from '../db/repositories/segment-performance-repo';
import { parseOccSymbol } from '../options/chain/symbols';
import { roundMoney, roundPrice } from '../trading/account';
import { applyFill, averageCost, type PositionBook } from '../trading/position-math';
import { UNASSIGNED, UNASSIGNED_NAME, type SegmentCatalog } from './types';

export interface SegmentBooksDeps {
  db: Db;
  market: { quote(symbol: string): Quote | null };
  catalog: SegmentCatalog;
  now: () => number;
  /** An option contract's mark per share (null when there is none: the position is carried at cost). */
  optionMark?: (symbol: string) => number | null;
}

export interface SegmentBooks {
  book(segmentId: string): SegmentBook;
  all(): PortfolioBySegment;
  /**
   * The sleeves as they stood at `t` (epoch ms): the fills up to `t`, valued at `close(symbol)` — a past session's
   * close — and options at the carrying price (no past option marks are kept). For a snapshot written late (the
   * catch-up of a close missed while the app was shut). Deposits and withdrawals count up to `t` too.
   */
  at(t: number, close: (symbol: string) => number | null): PortfolioBySegment;
}

export interface SleeveInput {
  depositCents: number;
  withdrawalCents: number;
  fills: readonly SegmentFillRow[];
  segments: readonly { id: string; name: string; targetAllocation: number }[];
  quote(symbol: string): Pick<Quote, 'last'> | null;
  optionMark?: ((symbol: string) => number | null) | undefined;
  now: number;
}

interface Sleeve {
  id: string;
  name: string;
  capitalCents: number;
  cashCents: number;
  realizedCents: number;
  trades: number;
  positions: Map<string, PositionBook & { multiplier: number }>;
}

/** Shares per contract of a fill: as recorded, or 100 for an OCC option symbol recorded without one. */
export function fillMultiplier(symbol: string, recorded: number): number {
  if (recorded > 1) return recorded;
  return parseOccSymbol(symbol) !== null ? 100 : 1;
}

/** Per-share price of a symbol with no live mark, the same for every sleeve (see the header). */
function carryPrice(acct: (PositionBook & { multiplier: number; lastFill: number }) | undefined, sleeveAvg: number): number {
  if (acct === undefined) return sleeveAvg;
  return acct.quantity !== 0 ? averageCost(acct, acct.multiplier) : acct.lastFill;
}

/** The sleeves from the account's records (pure: the factory reads SQLite and the market and calls this). */
export function computeSleeves(input: SleeveInput): PortfolioBySegment {
  const totalTarget = input.segments.reduce((s, x) => s + Math.max(0, x.targetAllocation), 0);
  const scale = totalTarget > 1 ? 1 / totalTarget : 1;
  const sleeves = new Map<string, Sleeve>();
  let assigned = 0;
  for (const s of input.segments) {
    const capitalCents = Math.round(input.depositCents * Math.max(0, s.targetAllocation) * scale);
    assigned += capitalCents;
    sleeves.set(s.id, { id: s.id, name: s.name, capitalCents, cashCents: capitalCents, realizedCents: 0, trades: 0, positions: new Map() });
  }
  const restCents = input.depositCents - assigned;
  const unassigned: Sleeve = {
    id: UNASSIGNED,
    name: UNASSIGNED_NAME,
    capitalCents: restCents,
    cashCents: restCents + input.withdrawalCents,
    realizedCents: 0,
    trades: 0,
    positions: new Map(),
  };

  // The account's own book per symbol (one position per symbol, as the trading service keeps it): the carrying
  // price of a symbol with no live mark.
  const account = new Map<string, PositionBook & { multiplier: number; lastFill: number }>();
  for (const f of input.fills) {
    const sleeve = (f.segment !== null ? sleeves.get(f.segment) : undefined) ?? unassigned;
    const acctMultiplier = fillMultiplier(f.symbol, f.multiplier);
    const acct = account.get(f.symbol) ?? { quantity: 0, costCents: 0, realizedCents: 0, multiplier: acctMultiplier, lastFill: f.price };
    account.set(f.symbol, { ...applyFill(acct, f.side, f.quantity, f.price, acctMultiplier).next, multiplier: acctMultiplier, lastFill: f.price });
    const buying = f.side === 'buy' || f.side === 'cover';
    sleeve.cashCents += (buying ? -f.grossCents : f.grossCents) - f.feeCents;
    sleeve.trades++;
    const multiplier = fillMultiplier(f.symbol, f.multiplier);
    const pos = sleeve.positions.get(f.symbol) ?? { quantity: 0, costCents: 0, realizedCents: 0, multiplier };
    const effect = applyFill(pos, f.side, f.quantity, f.price, multiplier);
    sleeve.realizedCents += effect.realizedCents;
    sleeve.positions.set(f.symbol, { ...effect.next, multiplier });
  }

  const books: SegmentBook[] = [];
  const total = { equity: 0, cash: 0, marketValue: 0, realizedPnl: 0, unrealizedPnl: 0 };
  for (const s of [...sleeves.values(), unassigned]) {
    let marketValue = 0;
    let unrealized = 0;
    const positions: SegmentBook['positions'] = [];
    for (const [symbol, p] of [...s.positions.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (p.quantity === 0) continue;
      const isOption = p.multiplier > 1;
      const avg = averageCost(p, p.multiplier);
      const mark = isOption ? (input.optionMark?.(symbol) ?? null) : (input.quote(symbol)?.last ?? null);
      const last = mark !== null && Number.isFinite(mark) ? mark : null;
      const mv = p.quantity * (last ?? carryPrice(account.get(symbol), avg)) * p.multiplier;
      const upnl = mv - p.costCents / 100;
      marketValue += mv;
      unrealized += upnl;
      positions.push({
        symbol,
        quantity: p.quantity,
        multiplier: p.multiplier,
        avgCost: roundPrice(avg),
        last,
        marketValue: roundMoney(mv),
        unrealizedPnl: roundMoney(upnl),
      });
    }
    const cash = s.cashCents / 100;
    const realized = s.realizedCents / 100;
    books.push({
      segmentId: s.id,
      name: s.name,
      capital: s.capitalCents / 100,
      cash,
      marketValue: roundMoney(marketValue),
      equity: roundMoney(cash + marketValue),
      realizedPnl: realized,
      unrealizedPnl: roundMoney(unrealized),
      positions,
      trades: s.trades,
    });
    total.cash += cash;
    total.marketValue += marketValue;
    total.equity += cash + marketValue;
    total.realizedPnl += realized;
    total.unrealizedPnl += unrealized;
  }
  return {
    asOf: input.now,
    segments: books,
    total: {
      equity: roundMoney(total.equity),
      cash: roundMoney(total.cash),
      marketValue: roundMoney(total.marketValue),
      realizedPnl: roundMoney(total.realizedPnl),
      unrealizedPnl: roundMoney(total.unrealizedPnl),
    },
  };
}

export function createSegmentBooks(deps: SegmentBooksDeps): SegmentBooks {
  const repo = createSegmentPerformanceRepo(deps.db);

  const segments = (): SleeveInput['segments'] =>
    deps.catalog.list().map((s) => ({ id: s.id, name: s.name, targetAllocation: s.riskParameters.targetAllocation }));

  function all(): PortfolioBySegment {
    return computeSleeves({
      depositCents: repo.depositCents(),
      withdrawalCents: repo.withdrawalCents(),
      fills: repo.fills(),
      segments: segments(),
      quote: (s) => deps.market.quote(s),
      optionMark: deps.optionMark,
      now: deps.now(),
    });
  }

  return {
    all,
    at(t, close) {
      return computeSleeves({
        depositCents: repo.depositCents(t),
        withdrawalCents: repo.withdrawalCents(t),
        fills: repo.fills().filter((f) => f.t <= t),
        segments: segments(),
        quote: (s) => {
          const c = close(s);
          return c !== null && Number.isFinite(c) && c > 0 ? { last: c } : null;
        },
        now: t,
      });
    },
    book(segmentId) {
      const found = all().segments.find((b) => b.segmentId === segmentId);
      if (!found) throw new EngineError(RPC_ERROR.notFound, `unknown segment ${segmentId}`);
      return found;
    },
  };
}
