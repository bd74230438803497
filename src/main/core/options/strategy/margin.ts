/**
 * Buying power a strategy needs, Reg-T style (CBOE margin manual, simplified to what the builder makes):
 *
 * 1. Short options are first matched with long options of the same type expiring no earlier (spreads), then with
 *    stock (a short call is covered by 100 long shares, a short put by 100 short shares).
 * 2. Uncovered ("naked") short options: premium + max(20 % of the underlying − the out-of-the-money amount,
 *    10 % of the underlying for calls / of the strike for puts), per share, × multiplier.
 * 3. Long stock: its full cost (ratio × price; a covered call needs nothing more for its short call).
 *    Short stock: 150 % of its value (Reg-T short sale, proceeds included).
 * 4. Every other option (longs and covered shorts): the worst loss at the nearest expiry, longer legs taken at
 *    intrinsic value — for long options that is the debit, for verticals and condors (width − credit) × 100.
 * The requirement is per strategy unit times the quantity; `rule` names each part that applied.
 */
import { intrinsic, legPnl, type LegModel, type OptionLegModel } from './model';

export interface Margin {
  requirement: number;
  rule: string;
}

interface Short {
  m: OptionLegModel;
  open: number;
}

/** Contracts per unit of each short leg left uncovered and covered by stock, after matching with longs. */
function cover(models: readonly LegModel[], multiplier: number): { naked: Map<LegModel, number>; stockCovered: Map<LegModel, number> } {
  const naked = new Map<LegModel, number>();
  const stockCovered = new Map<LegModel, number>();
  let longShares = 0;
  let shortShares = 0;
  for (const m of models) {
    if (m.kind !== 'stock') continue;
    if (m.sign > 0) longShares += m.units;
    else shortShares += m.units;
  }
  for (const type of ['call', 'put'] as const) {
    const options = models.filter((m): m is OptionLegModel => m.kind === 'option' && m.type === type);
    const longs = options.filter((m) => m.sign > 0).map((m) => ({ expiryMs: m.expiryMs, open: m.leg.ratio }));
    longs.sort((a, b) => a.expiryMs - b.expiryMs);
    const shorts: Short[] = options.filter((m) => m.sign < 0).map((m) => ({ m, open: m.leg.ratio }));
    // Latest shorts first: they can only be covered by the latest longs.
    shorts.sort((a, b) => b.m.expiryMs - a.m.expiryMs);
    for (const s of shorts) {
      for (const l of longs) {
        if (s.open === 0) break;
        if (l.expiryMs < s.m.expiryMs || l.open === 0) continue;
        const used = Math.min(l.open, s.open);
        l.open -= used;
        s.open -= used;
      }
      let stock = type === 'call' ? longShares : shortShares;
      const byStock = Math.min(s.open, Math.floor(stock / multiplier));
      stock -= byStock * multiplier;
      if (type === 'call') longShares = stock;
      else shortShares = stock;
      s.open -= byStock;
      if (byStock > 0) stockCovered.set(s.m, byStock);
      if (s.open > 0) naked.set(s.m, s.open);
    }
  }
  return { naked, stockCovered };
}

/** Worst loss per unit at the nearest expiry of option legs, longer legs at intrinsic (0 when none can lose). */
function definedRiskLoss(legs: readonly { m: OptionLegModel; contracts: number }[]): number {
  const strikes = [...new Set(legs.map((l) => l.m.strike))].sort((a, b) => a - b);
  const pnl = (S: number): number => {
    let t = 0;
    for (const { m, contracts } of legs) t += (legPnl(m, intrinsic(m.type, S, m.strike)) * contracts) / m.leg.ratio;
    return t;
  };
  // Matching leaves no net short call above the top strike (slope ≥ 0 there), so the worst case is at 0 or a strike.
  const worst = Math.min(...[0, ...strikes].map(pnl));
  return Math.max(0, -worst);
}

export function regTMargin(models: readonly LegModel[], quantity: number, spot: number, multiplier: number): Margin {
  const { naked, stockCovered } = cover(models, multiplier);
  const parts: string[] = [];
  let perUnit = 0;

  let nakedReq = 0;
  for (const [m, contracts] of naked) {
    if (m.kind !== 'option') continue;
    const otm = m.type === 'call' ? Math.max(m.strike - spot, 0) : Math.max(spot - m.strike, 0);
    const floor = 0.1 * (m.type === 'call' ? spot : m.strike);
    nakedReq += (m.leg.price + Math.max(0.2 * spot - otm, floor)) * multiplier * contracts;
  }
  if (naked.size) {
    perUnit += nakedReq;
    parts.push(
      'Naked short options: premium + the greater of 20 % of the underlying − the out-of-the-money amount and 10 % of the underlying (calls) or of the strike (puts), × ' +
        multiplier,
    );
  }

  let stockReq = 0;
  let shortStock = false;
  for (const m of models) {
    if (m.kind !== 'stock') continue;
    if (m.sign > 0) stockReq += m.units * m.leg.price;
    else {
      stockReq += 1.5 * m.units * m.leg.price;
      shortStock = true;
    }
  }
  if (stockReq > 0) {
    perUnit += stockReq;
    const longStock = models.some((m) => m.kind === 'stock' && m.sign > 0);
    if (longStock) parts.push(stockCovered.size ? 'Covered call: the cost of the shares; the short call they cover needs nothing more' : 'Long stock: its full cost');
    if (shortStock) parts.push('Short stock: 150 % of its value (Reg-T short sale, proceeds included)');
  }

  const residual: { m: OptionLegModel; contracts: number }[] = [];
  for (const m of models) {
    if (m.kind !== 'option') continue;
    const contracts = m.leg.ratio - (naked.get(m) ?? 0) - (stockCovered.get(m) ?? 0);
    if (contracts > 0) residual.push({ m, contracts });
  }
  if (residual.length) {
    perUnit += definedRiskLoss(residual);
    parts.push(
      residual.some((r) => r.m.sign < 0)
        ? 'Defined-risk spreads: the maximum loss at expiry, (widest spread width − net credit) × ' + multiplier
        : 'Long options: the debit paid',
    );
  }
  return { requirement: perUnit * quantity, rule: parts.join('; ') + '.' };
}
