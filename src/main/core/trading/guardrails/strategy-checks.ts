/**
 * Guardrails for an options strategy card (seed 001 stage 2): the same ten check ids, measured the way an options
 * desk measures them.
 * - liquidity: every option leg's contracts against its open interest (advMaxOrderRatio) and its bid/ask spread
 *   against maxOptionSpreadPct;
 * - position_size: the strategy's maximum loss (or, when unlimited, its margin) against maxPositionPctEquity ×
 *   equity and maxPositionUsd;
 * - sector_exposure: the underlying sector's gross exposure plus that risk, as a share of equity;
 * - event_window: an earnings/FDA date within the blackout blocks as for stock; one later but before the expiry
 *   warns (the IV crush lands inside the trade);
 * - fat_finger: the limit against the package's mid (fatFingerMaxPct) and the risk against fatFingerMaxNotionalUsd;
 * - regime, catalyst_freshness, data_freshness, playbook_stale and playbook_gap_chase: the stock checks on the
 *   underlying, with the strategy's net delta as its direction.
 */
import type { GuardrailCheck, GuardrailCheckId, GuardrailResult, GuardrailSeverity } from '../../../../shared/contract';
import { catalystFreshness, dataFreshness, eventWindow, playbookGapChase, playbookStale, regime } from './checks';
import { fmtPct, fmtPctPoints, fmtUsd, grade, worse } from './format';
import type { GuardrailInput } from './types';

type Inputs = GuardrailCheck['inputs'];

export interface StrategyLegRisk {
  symbol: string;
  kind: 'option' | 'stock';
  side: 'buy' | 'sell';
  /** Contracts (or shares) per strategy unit. */
  ratio: number;
  quote: { bid: number; ask: number; mark: number; openInterest: number } | null;
}

export interface StrategyRisk {
  units: number;
  legs: readonly StrategyLegRisk[];
  /** Whole position, dollars; null when the loss is unlimited. */
  maxLoss: number | null;
  /** Buying power the position needs, dollars. */
  margin: number;
  /** Absolute net mid per share for one unit. */
  netMid: number;
  /** Absolute net per share at the natural side of every leg (buys at the ask, sells at the bid). */
  netNatural: number;
  /** True for a net debit (the package pays), false for a credit. */
  debit: boolean;
  /** The card's limit (absolute net per share), or null for "at the mid". */
  limitPrice: number | null;
  /** Nearest expiry among the legs, YYYY-MM-DD. */
  expiry: string;
  /** Position delta in shares (sign gives the trade's direction for the gap check). */
  netDelta: number;
}

function make(check: GuardrailCheckId, severity: GuardrailSeverity, value: GuardrailCheck['value'], limit: GuardrailCheck['limit'], unit: string, message: string, inputs: Inputs): GuardrailCheck {
  return { check, passed: severity !== 'block', severity, value, limit, unit, message, inputs };
}

/** The dollars at risk: the maximum loss, or the margin when the loss is unlimited. */
export function riskDollars(s: StrategyRisk): number {
  return s.maxLoss ?? s.margin;
}

export function optionLiquidity(input: GuardrailInput, s: StrategyRisk): GuardrailCheck {
  const { limits } = input;
  const inputs: Inputs = { advMaxOrderRatio: limits.advMaxOrderRatio, maxOptionSpreadPct: limits.maxOptionSpreadPct, units: s.units };
  let worstRatio = 0;
  let worstSpread = 0;
  let worstLeg = '';
  let severity: GuardrailSeverity = 'info';
  for (const leg of s.legs) {
    if (leg.kind !== 'option') continue;
    if (leg.quote === null) return make('liquidity', 'block', null, limits.advMaxOrderRatio, 'ratio', `No quote for ${leg.symbol}: its liquidity cannot be measured.`, inputs);
    const contracts = leg.ratio * s.units;
    const oiRatio = leg.quote.openInterest > 0 ? contracts / leg.quote.openInterest : Number.POSITIVE_INFINITY;
    const spreadPct = leg.quote.mark > 0 ? ((leg.quote.ask - leg.quote.bid) / leg.quote.mark) * 100 : Number.POSITIVE_INFINITY;
    inputs[`${leg.symbol}.contracts`] = contracts;
    inputs[`${leg.symbol}.openInterest`] = leg.quote.openInterest;
    inputs[`${leg.symbol}.spreadPct`] = Number.isFinite(spreadPct) ? Number(spreadPct.toFixed(2)) : null;
    const g = worse(
      Number.isFinite(oiRatio) ? grade(oiRatio, limits.advMaxOrderRatio, limits.warnFraction) : 'block',
      Number.isFinite(spreadPct) ? grade(spreadPct, limits.maxOptionSpreadPct, limits.warnFraction) : 'block',
    );
    if (oiRatio >= worstRatio) {
      worstRatio = oiRatio;
      worstLeg = leg.symbol;
    }
    worstSpread = Math.max(worstSpread, spreadPct);
    severity = worse(severity, g);
  }
  if (worstLeg === '') return make('liquidity', 'info', null, limits.advMaxOrderRatio, 'ratio', 'No option legs: liquidity is the stock check.', inputs);
  const ratioText = Number.isFinite(worstRatio) ? fmtPct(worstRatio) : 'all (no open interest)';
  const spreadText = Number.isFinite(worstSpread) ? fmtPctPoints(worstSpread) : 'no market';
  const message = `Largest leg is ${ratioText} of its open interest (${worstLeg}; limit ${fmtPct(limits.advMaxOrderRatio)}); widest spread ${spreadText} of mark (limit ${fmtPctPoints(limits.maxOptionSpreadPct)}).`;
  return make('liquidity', severity, Number.isFinite(worstRatio) ? Number(worstRatio.toPrecision(6)) : null, limits.advMaxOrderRatio, 'ratio', message, inputs);
}

export function optionPositionSize(input: GuardrailInput, s: StrategyRisk): GuardrailCheck {
  const { limits, equity } = input;
  const risk = riskDollars(s);
  const byEquity = limits.maxPositionPctEquity * equity;
  const limitUsd = Math.min(byEquity, limits.maxPositionUsd);
  const inputs: Inputs = { maxLoss: s.maxLoss, margin: s.margin, riskDollars: risk, equity, maxPositionPctEquity: limits.maxPositionPctEquity, maxPositionUsd: limits.maxPositionUsd, riskPctEquity: equity > 0 ? risk / equity : null };
  if (!(equity > 0)) return make('position_size', 'block', null, limits.maxPositionPctEquity, 'ratio', 'Equity is not positive: no new risk can be sized.', inputs);
  const severity = grade(risk, limitUsd, limits.warnFraction);
  const basis = s.maxLoss === null ? `margin ${fmtUsd(s.margin)} (the loss is unlimited)` : `maximum loss ${fmtUsd(s.maxLoss)}`;
  const message = `${basis} is ${fmtPct(risk / equity)} of equity (${fmtUsd(equity)}); limit ${fmtUsd(limitUsd)} (${fmtPct(limits.maxPositionPctEquity)} of equity, at most ${fmtUsd(limits.maxPositionUsd)}).`;
  return make('position_size', severity, Number((risk / equity).toPrecision(6)), limits.maxPositionPctEquity, 'ratio', message, inputs);
}

export function optionSectorExposure(input: GuardrailInput, s: StrategyRisk): GuardrailCheck {
  const { limits, equity, instrument } = input;
  const sector = instrument.sector;
  const inputs: Inputs = { sector, equity, maxSectorExposure: limits.maxSectorExposure };
  if (sector === null) return make('sector_exposure', 'info', null, limits.maxSectorExposure, 'ratio', `${instrument.symbol} belongs to no sector: sector exposure does not apply.`, inputs);
  let gross = 0;
  for (const p of input.positions) if (p.sector === sector) gross += Math.abs(p.marketValue);
  const after = gross + riskDollars(s);
  Object.assign(inputs, { sectorGrossBefore: Number(gross.toFixed(2)), strategyRisk: riskDollars(s), sectorGrossAfter: Number(after.toFixed(2)) });
  if (!(equity > 0)) return make('sector_exposure', 'block', null, limits.maxSectorExposure, 'ratio', 'Equity is not positive.', inputs);
  const share = after / equity;
  const message = `${sector.replace(/_/g, ' ')} exposure with this strategy's risk is ${fmtPct(share)} of equity; limit ${fmtPct(limits.maxSectorExposure)}.`;
  return make('sector_exposure', grade(share, limits.maxSectorExposure, limits.warnFraction), Number(share.toPrecision(6)), limits.maxSectorExposure, 'ratio', message, inputs);
}

export function optionEventWindow(input: GuardrailInput, s: StrategyRisk): GuardrailCheck {
  const stock = eventWindow(input);
  if (stock.severity === 'block') return stock;
  const before = input.events.filter((e) => input.tradingDaysUntil(e.date) >= 0 && e.date <= s.expiry);
  if (before.length === 0) return { ...stock, inputs: { ...stock.inputs, expiry: s.expiry } };
  const e = before[0]!;
  return {
    ...stock,
    severity: 'warn',
    passed: true,
    inputs: { ...stock.inputs, expiry: s.expiry, eventBeforeExpiry: e.date },
    message: `${e.kind === 'earnings' ? 'Earnings' : e.kind.replace(/_/g, ' ')} on ${e.date} falls before the ${s.expiry} expiry: expect the implied volatility to drop after it.`,
  };
}

/**
 * A package's limit is a fat finger when it is worse than the natural price (paying more than every ask, or
 * accepting less credit than every bid): the distance beyond it, in percent of the mid, against fatFingerMaxPct;
 * and the risk against fatFingerMaxNotionalUsd. A limit between the mid and the natural price is ordinary.
 */
export function optionFatFinger(input: GuardrailInput, s: StrategyRisk): GuardrailCheck {
  const { limits } = input;
  const risk = riskDollars(s);
  const beyond = s.limitPrice === null ? 0 : Math.max(0, s.debit ? s.limitPrice - s.netNatural : s.netNatural - s.limitPrice);
  const distancePct = s.netMid > 0 ? (beyond / s.netMid) * 100 : 0;
  const inputs: Inputs = {
    netMid: s.netMid,
    netNatural: s.netNatural,
    limitPrice: s.limitPrice,
    debit: s.debit,
    beyondNatural: Number(beyond.toFixed(4)),
    distancePct: Number(distancePct.toFixed(4)),
    fatFingerMaxPct: limits.fatFingerMaxPct,
    riskDollars: risk,
    fatFingerMaxNotionalUsd: limits.fatFingerMaxNotionalUsd,
  };
  const severity = worse(grade(distancePct, limits.fatFingerMaxPct, limits.warnFraction), grade(risk, limits.fatFingerMaxNotionalUsd, limits.warnFraction));
  const kind = s.debit ? 'debit' : 'credit';
  const where =
    s.limitPrice === null
      ? `At the mid ($${s.netMid.toFixed(2)} ${kind})`
      : beyond > 0
        ? `Limit $${s.limitPrice.toFixed(2)} ${kind} is $${beyond.toFixed(2)} worse than the natural $${s.netNatural.toFixed(2)} (${fmtPctPoints(distancePct)} of the mid; limit ${fmtPctPoints(limits.fatFingerMaxPct)})`
        : `Limit $${s.limitPrice.toFixed(2)} ${kind} is inside the market (mid $${s.netMid.toFixed(2)}, natural $${s.netNatural.toFixed(2)})`;
  return make('fat_finger', severity, Number(distancePct.toFixed(4)), limits.fatFingerMaxPct, 'pct', `${where}; risk ${fmtUsd(risk)} against a cap of ${fmtUsd(limits.fatFingerMaxNotionalUsd)}.`, inputs);
}

/** All ten checks for a strategy; `input.intent` is the underlying with the strategy's direction. */
export function evaluateStrategyChecks(input: GuardrailInput, s: StrategyRisk): GuardrailResult {
  const directional: GuardrailInput = { ...input, intent: { ...input.intent, side: s.netDelta >= 0 ? 'buy' : 'short' } };
  const runs: [GuardrailCheckId, () => GuardrailCheck][] = [
    ['playbook_stale', () => playbookStale(input)],
    ['playbook_gap_chase', () => playbookGapChase(directional)],
    ['liquidity', () => optionLiquidity(input, s)],
    ['position_size', () => optionPositionSize(input, s)],
    ['sector_exposure', () => optionSectorExposure(input, s)],
    ['event_window', () => optionEventWindow(input, s)],
    ['regime', () => regime(input)],
    ['catalyst_freshness', () => catalystFreshness(input)],
    ['data_freshness', () => dataFreshness(input)],
    ['fat_finger', () => optionFatFinger(input, s)],
  ];
  const checks: GuardrailCheck[] = [];
  let severity: GuardrailSeverity = 'info';
  for (const [id, run] of runs) {
    let c: GuardrailCheck;
    try {
      c = run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      c = { check: id, passed: false, severity: 'block', value: null, limit: null, unit: '', message: `The ${id} check failed: ${message}.`, inputs: {} };
    }
    checks.push(c);
    severity = worse(severity, c.severity);
  }
  return {
    passed: severity !== 'block',
    severity,
    evaluatedAt: input.now,
    phase: input.phase,
    checks,
    price: input.quote?.last ?? null,
    source: input.source,
    quoteAsOf: input.quote?.t ?? null,
    notional: Math.round(riskDollars(s) * 100) / 100,
  };
}
