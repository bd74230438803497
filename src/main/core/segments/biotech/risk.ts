/**
 * The Biotech risk model on the sleeve's own positions: exposure, utilisation, the largest position and the
 * drawdown limit (buys pause beyond it), plus what matters in biotech — the share of capital exposed to binary
 * events (PDUFA dates, trial readouts) within 30 days and the nearest of them, concentration (Herfindahl index of
 * the position weights), the holdings' average volatility (ATR over price) and, as a cash-runway proxy (the
 * simulator has no balance sheets), the share of capital in small-float names — the ones that most often raise
 * cash through dilutive offerings.
 */
import type { SegmentBook, SegmentIndicator, SegmentRisk, SegmentRiskParameters } from '../../../../shared/contract';
import { round4 } from '../common/format';
import { bookMetrics, buysPausedMetric, concentrationMetric, metricAt } from '../common/risk-parts';
import { concentration, sleeveRisk } from '../market-view';
import type { SegmentData } from '../types';
import { BIOTECH_PLAYBOOK as PB } from './defaults';
import { CALENDAR_SOURCE, PRICES_SOURCE, type BiotechDetail, type Catalyst } from './gather';

export function biotechRisk(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentRisk {
  const base = sleeveRisk(book, params.maxDrawdown);
  const d = data.detail as unknown as Partial<BiotechDetail>;
  const rows = new Map((Array.isArray(d.rows) ? d.rows : []).map((r) => [r.symbol, r]));
  const catalystOf = (symbol: string): Catalyst | null => rows.get(symbol)?.catalyst ?? d.heldCatalysts?.[symbol] ?? null;
  const asOf = data.asOf;
  const cap = base.capital;

  let binaryValue = 0;
  let binaryCount = 0;
  let nearest: number | null = null;
  let atrWeighted = 0;
  let atrValue = 0;
  let smallFloatValue = 0;
  for (const p of book.positions) {
    if (rows.get(p.symbol)?.smallFloat) smallFloatValue += Math.abs(p.marketValue);
    const c = catalystOf(p.symbol);
    if (c && c.days >= 0 && c.days <= PB.riskEventDays) {
      binaryValue += Math.abs(p.marketValue);
      binaryCount++;
    }
    if (c && c.days >= 0) nearest = nearest === null ? c.days : Math.min(nearest, c.days);
    const atrPct = rows.get(p.symbol)?.atrPct;
    if (atrPct !== null && atrPct !== undefined) {
      atrWeighted += atrPct * Math.abs(p.marketValue);
      atrValue += Math.abs(p.marketValue);
    }
  }
  const metric = metricAt(asOf);
  const metrics: SegmentIndicator[] = [
    ...bookMetrics(metric, base, params),
    metric('binary_exposure_30d', `Capital exposed to binary events within ${PB.riskEventDays} days`, cap > 0 ? round4(binaryValue / cap) : null, 'pct', CALENDAR_SOURCE),
    metric('binary_positions_30d', `Positions with a binary event within ${PB.riskEventDays} days`, binaryCount, 'count', CALENDAR_SOURCE),
    metric('nearest_binary_days', 'Days to the nearest binary event held', nearest, 'days', CALENDAR_SOURCE),
    concentrationMetric(metric, concentration(book.positions)),
    metric('small_float_exposure', 'Capital in small-float names (dilution / cash-runway proxy)', cap > 0 ? round4(smallFloatValue / cap) : null, 'pct', 'simulator universe'),
    metric('avg_atr_pct', 'Average volatility of holdings (ATR / price)', atrValue > 0 ? round4(atrWeighted / atrValue) : null, 'pct', PRICES_SOURCE),
    buysPausedMetric(metric, base),
  ];
  return { asOf, ...base, metrics };
}
