/**
 * Pure presentation logic of the comparison view: the metrics table's rows (label, unit, which way is better,
 * NUMBERS.md's sign conventions), the best value per row, correlation cell colours and text, the equity curves
 * as chart points, the diversification tier, allocation bars, and the per-segment book totals. No React.
 */
import type { PerformanceMetrics } from '../../../../shared/contract/analytics-schemas';
import type { SegmentComparison, SegmentPerformance } from '../../../../shared/contract/segment-schemas';
import { roundTo } from '../../lib/format';

const DASH = '—';

/** Why a metric is null (the calculator returns null with fewer than two observations or zero variance). */
export const TOO_FEW = 'too few observations';

type MetricKey = Exclude<keyof PerformanceMetrics, 'observations'>;

/** A row of the metrics table. */
export interface MetricRow {
  key: MetricKey;
  label: string;
  /** 'pct': a decimal shown as a signed percentage; 'loss': a positive loss fraction; 'ratio': plain. */
  format: 'pct' | 'loss' | 'ratio' | 'vol';
  /** Which value is best: the highest, the lowest, the closest to zero (drawdown: highest, i.e. least negative). */
  better: 'high' | 'low' | null;
  title: string;
}

/** The table's rows in order. */
export const METRIC_ROWS: readonly MetricRow[] = [
  { key: 'totalReturn', label: 'Total return', format: 'pct', better: 'high', title: 'Compounded return over the period' },
  { key: 'cagr', label: 'CAGR', format: 'pct', better: 'high', title: 'Compound annual growth rate (252 sessions a year)' },
  { key: 'sharpe', label: 'Sharpe', format: 'ratio', better: 'high', title: 'Annualised Sharpe ratio of daily returns (√252), risk-free 0' },
  { key: 'sortino', label: 'Sortino', format: 'ratio', better: 'high', title: 'Annualised Sortino ratio (downside deviation, MAR 0)' },
  { key: 'maxDrawdown', label: 'Max drawdown', format: 'pct', better: 'high', title: 'Largest peak-to-trough fall of wealth starting at 1.0 (negative)' },
  { key: 'annualVolatility', label: 'Annual volatility', format: 'vol', better: 'low', title: 'Standard deviation of daily returns × √252' },
  { key: 'beta', label: 'Beta vs IWM', format: 'ratio', better: null, title: 'Covariance with the benchmark over its variance' },
  { key: 'alpha', label: 'Alpha vs IWM', format: 'pct', better: 'high', title: "Annualised by compounding: (1 + mean(r − β·b))^252 − 1" },
  { key: 'var95Historical', label: 'VaR 95% (hist.)', format: 'loss', better: 'low', title: 'One-day loss exceeded on 5% of days (historical)' },
  { key: 'es95Historical', label: 'ES 95% (hist.)', format: 'loss', better: 'low', title: 'Average one-day loss beyond the historical VaR' },
  { key: 'var95Parametric', label: 'VaR 95% (normal)', format: 'loss', better: 'low', title: 'One-day VaR under a normal fit' },
  { key: 'es95Parametric', label: 'ES 95% (normal)', format: 'loss', better: 'low', title: 'One-day expected shortfall under a normal fit' },
];

/** A metric in its row's format; null is "—". */
export function formatMetric(row: MetricRow, value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DASH;
  if (row.format === 'ratio') return roundTo(value, 2).toFixed(2);
  if (row.format === 'loss' || row.format === 'vol') return `${roundTo(value * 100, 2).toFixed(2)}%`;
  const r = roundTo(value * 100, 2);
  if (r === 0) return '0.00%';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}%`;
}

/** Index of the best value of a row (ties: the first), or null when fewer than two values are known. */
export function bestIndex(row: MetricRow, values: readonly (number | null)[]): number | null {
  if (row.better === null) return null;
  let best: number | null = null;
  let known = 0;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    known++;
    if (best === null) best = i;
    else if (row.better === 'high' ? v > values[best]! : v < values[best]!) best = i;
  });
  return known >= 2 ? best : null;
}

/** "sleeve" / "universe" with what it means. */
export function basisText(basis: SegmentPerformance['basis']): string {
  return basis === 'sleeve' ? "sleeve: the segment's own paper trades" : "universe: equal-weighted members (the sleeve has too little history)";
}

/** "2026-08-24 → 2026-11-20", or "no history". */
export function rangeText(from: string | null, to: string | null): string {
  if (from === null && to === null) return 'no history';
  return `${from ?? '…'} → ${to ?? '…'}`;
}

// ---- correlation ----

/** A cell's background: blue for −1, the panel for 0, red for +1 (ρ near 1 = no diversification). */
export function correlationColour(rho: number | null): string {
  if (rho === null || !Number.isFinite(rho)) return 'transparent';
  const x = Math.max(-1, Math.min(1, rho));
  const a = roundTo(0.12 + 0.68 * Math.abs(x), 3);
  return x >= 0 ? `rgba(239, 83, 80, ${a})` : `rgba(61, 126, 255, ${a})`;
}

/** ρ to two decimals with its sign (−0.35, +0.82, 1.00 on the diagonal). */
export function formatRho(rho: number | null): string {
  if (rho === null || !Number.isFinite(rho)) return DASH;
  const r = roundTo(rho, 2);
  if (r === 0) return '0.00';
  return `${r > 0 && r < 1 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)}`;
}

/** How strong a correlation reads. */
export function rhoStrength(rho: number | null): string {
  if (rho === null) return TOO_FEW;
  const a = Math.abs(rho);
  const dir = rho >= 0 ? 'positive' : 'negative';
  if (a >= 0.7) return `strong ${dir}`;
  if (a >= 0.4) return `moderate ${dir}`;
  if (a >= 0.2) return `weak ${dir}`;
  return 'uncorrelated';
}

/** Display name of a correlation series (a segment id or the benchmark) from the comparison. */
export function seriesName(id: string, comparison: Pick<SegmentComparison, 'segments' | 'benchmark'>): string {
  if (id === comparison.benchmark) return id;
  return comparison.segments.find((s) => s.segmentId === id)?.name ?? id;
}

// ---- diversification and allocation ----

/** The score's tier: ≥ 70 diversified, 40–70 moderate, < 40 concentrated. */
export function diversificationTier(score: number | null): { tier: 'good' | 'fair' | 'poor' | 'none'; label: string } {
  if (score === null || !Number.isFinite(score)) return { tier: 'none', label: TOO_FEW };
  if (score >= 70) return { tier: 'good', label: 'diversified' };
  if (score >= 40) return { tier: 'fair', label: 'moderately diversified' };
  return { tier: 'poor', label: 'concentrated' };
}

/** An allocation row as bars: widths in % of the widest of target and current (≥ 1 to scale), drift text and tier. */
export function allocationBar(a: { target: number; current: number; drift: number }, scale: number): { targetPct: number; currentPct: number; driftText: string; driftTier: 'ok' | 'warn' | 'bad' } {
  const s = scale > 0 ? scale : 1;
  const pct = (x: number): number => roundTo(Math.max(0, Math.min(1, x / s)) * 100, 2);
  const abs = Math.abs(a.drift);
  const r = roundTo(a.drift * 100, 1);
  return {
    targetPct: pct(a.target),
    currentPct: pct(a.current),
    driftText: r === 0 ? '0.0 pp' : `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(1)} pp`,
    driftTier: abs < 0.02 ? 'ok' : abs < 0.05 ? 'warn' : 'bad',
  };
}

/** The scale of the allocation bars: the largest target or current share (at least 10%). */
export function allocationScale(rows: readonly { target: number; current: number }[]): number {
  return Math.max(0.1, ...rows.map((r) => Math.max(r.target, r.current)));
}

// ---- curves ----

/** The curves' colours, segment by segment; the benchmark is grey and dashed. */
export const CURVE_COLOURS = ['#3d7eff', '#f0b429', '#26a69a', '#c678dd', '#ef5350', '#56b6c2'] as const;
export const BENCHMARK_COLOUR = '#8b94a3';

/** A growth curve as chart points (business-day strings, ascending, one per date, finite values only). */
export function curvePoints(curve: readonly { date: string; value: number }[]): { time: string; value: number }[] {
  const sorted = curve.filter((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.date) && Number.isFinite(p.value)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const out: { time: string; value: number }[] = [];
  for (const p of sorted) {
    if (out.length > 0 && out[out.length - 1]!.time === p.date) out[out.length - 1] = { time: p.date, value: p.value };
    else out.push({ time: p.date, value: p.value });
  }
  return out;
}

/** Growth of 1.0 as a percentage change for the axis: 1.084 → "+8.4%". */
export function formatGrowth(v: number): string {
  const r = roundTo((v - 1) * 100, 1);
  if (r === 0) return '0.0%';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(1)}%`;
}

/** Daily simple returns of a growth curve (oldest first): r_t = v_t / v_{t−1} − 1; a non-positive level gives null. */
export function curveReturns(curve: readonly { date: string; value: number }[]): (number | null)[] {
  const pts = curvePoints(curve);
  const out: (number | null)[] = [];
  for (let i = 1; i < pts.length; i++) {
    const prev = pts[i - 1]!.value;
    out.push(prev > 0 ? pts[i]!.value / prev - 1 : null);
  }
  return out;
}
