/**
 * The Mining & Resources risk model on the sleeve's own positions: exposure, utilisation, the largest position and
 * the drawdown limit (buys pause beyond it), plus what matters for miners — the sleeve's beta to gold and to copper
 * (cov/var of daily returns over the last 60 sessions, today's weights applied to the members' returns), the
 * exposure to each commodity as a share of capital, the largest of them, and concentration (Herfindahl index).
 */
import type { SegmentBook, SegmentIndicator, SegmentRisk, SegmentRiskParameters } from '../../../../shared/contract';
import { round4 } from '../common/format';
import { bookMetrics, buysPausedMetric, concentrationMetric, metricAt } from '../common/risk-parts';
import { betaOf, concentration, sleeveRisk } from '../market-view';
import type { SegmentData } from '../types';
import type { CommodityId } from './defaults';
import { COMMODITY_SOURCE, PRICES_SOURCE, type MiningDetail } from './gather';

const METALS: readonly CommodityId[] = ['gold', 'silver', 'copper', 'lithium', 'uranium', 'oil'];

/** Daily returns of the sleeve with today's weights (members without returns are left out, the rest rescaled). */
export function sleeveReturns(positions: readonly { symbol: string; marketValue: number }[], returns: Record<string, number[]>): number[] {
  const parts = positions.filter((p) => (returns[p.symbol]?.length ?? 0) > 0 && p.marketValue !== 0);
  const total = parts.reduce((s, p) => s + Math.abs(p.marketValue), 0);
  if (!(total > 0)) return [];
  const n = Math.min(...parts.map((p) => returns[p.symbol]!.length));
  const out = new Array<number>(n).fill(0);
  for (const p of parts) {
    const r = returns[p.symbol]!.slice(-n);
    const w = p.marketValue / total;
    for (let i = 0; i < n; i++) out[i]! += w * r[i]!;
  }
  return out;
}

export function miningRisk(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentRisk {
  const base = sleeveRisk(book, params.maxDrawdown);
  const d = data.detail as unknown as Partial<MiningDetail>;
  const asOf = data.asOf;
  const cap = base.capital;
  const rows = new Map((Array.isArray(d.rows) ? d.rows : []).map((r) => [r.symbol, r]));
  const metalOf = (symbol: string): CommodityId | null => rows.get(symbol)?.commodity ?? d.heldCommodity?.[symbol] ?? null;

  const byMetal = new Map<CommodityId, number>();
  for (const p of book.positions) {
    const m = metalOf(p.symbol);
    if (m) byMetal.set(m, (byMetal.get(m) ?? 0) + Math.abs(p.marketValue));
  }
  let topMetal: { id: CommodityId; value: number } | null = null;
  for (const [id, value] of byMetal) if (!topMetal || value > topMetal.value) topMetal = { id, value };

  const sleeve = sleeveReturns(book.positions, d.returns ?? {});
  const beta = (id: CommodityId): number | null => {
    const c = d.commodityReturns?.[id];
    if (!c || sleeve.length === 0) return null;
    const b = betaOf(sleeve, c);
    return b === null ? null : Math.round(b * 1000) / 1000;
  };
  const metric = metricAt(asOf);
  const metrics: SegmentIndicator[] = [
    ...bookMetrics(metric, base, params),
    metric('beta_gold', 'Beta of the sleeve to gold (60 sessions)', beta('gold'), 'ratio', `${PRICES_SOURCE}, ${COMMODITY_SOURCE}`),
    metric('beta_copper', 'Beta of the sleeve to copper (60 sessions)', beta('copper'), 'ratio', `${PRICES_SOURCE}, ${COMMODITY_SOURCE}`),
    ...METALS.map((id) => metric(`exposure_${id}`, `Exposure to ${id} producers (share of capital)`, cap > 0 ? round4((byMetal.get(id) ?? 0) / cap) : null, 'pct', 'sleeve book')),
    metric('largest_commodity_exposure', `Largest commodity exposure${topMetal ? ` (${topMetal.id})` : ''}`, topMetal && cap > 0 ? round4(topMetal.value / cap) : null, 'pct', 'sleeve book'),
    concentrationMetric(metric, concentration(book.positions)),
    buysPausedMetric(metric, base),
  ];
  return { asOf, ...base, metrics };
}
