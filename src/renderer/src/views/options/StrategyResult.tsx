/**
 * A strategy's numbers and payoff: net debit or credit, max profit and loss (unlimited said so), breakevens,
 * probability of profit, the margin with the rule the engine applied, reward to risk and the position Greeks;
 * the payoff chart (P&L at expiry, today, and at the what-if date; spot and breakevens marked; zero line) and
 * the what-if sliders (price shift %, days forward, IV shift in points), each change re-analysed (debounced).
 */
import { useMemo, type ReactNode } from 'react';
import type { Strategy, StrategyAnalysis, WhatIf } from '../../../../shared/contract/options-schemas';
import { formatCompact, formatPrice } from '../../lib/format';
import { formatMoney, formatMoneySigned } from '../approvals/trade-format';
import { clampDays, fixed, payoffWindow, tidy } from './options-model';
import { StrikeChart, type StrikeMarker, type StrikeSeries } from './StrikeChart';

/** Props of StrategyResult. */
export interface StrategyResultProps {
  strategy: Strategy;
  result: { analysis: StrategyAnalysis | null; error: string | null; pending: boolean };
  whatIf: WhatIf;
  onWhatIf(w: WhatIf): void;
  /** The underlying's price now (the analysis' spot moves with the price-shift slider). */
  spot: number | null;
}

function Num({ label, value, title, testId, cls, wide }: { label: string; value: string; title: string; testId: string; cls?: string; wide?: boolean }): ReactNode {
  return (
    <div className={`sr-num ${wide ? 'sr-wide' : ''}`} title={title} data-testid={testId} role="group" aria-label={`${label}: ${value}`}>
      <span className="sr-label">{label}</span>
      <span className={`sr-value num ${cls ?? ''}`}>{value}</span>
    </div>
  );
}

/** Dollars; whole dollars from $10,000 up so the figure fits its cell (the tooltip keeps the cents). */
function bigMoney(v: number, signed = false): string {
  if (Math.abs(v) < 10_000) return signed ? formatMoneySigned(v) : formatMoney(v);
  const s = `$${Math.round(Math.abs(v)).toLocaleString('en-US')}`;
  return v < 0 ? `-${s}` : signed ? `+${s}` : s;
}

const ZERO_LEVEL = [{ y: 0, title: '', color: '#5e6878' }] as const;

/** Numbers, payoff and what-if of a strategy. */
export function StrategyResult({ strategy, result, whatIf, onWhatIf, spot }: StrategyResultProps): ReactNode {
  const a = result.analysis;
  const now = spot ?? a?.spot ?? null;
  const series = useMemo<StrikeSeries[]>(() => {
    if (!a) return [];
    const strikes = strategy.legs.flatMap((l) => (l.strike === null ? [] : [l.strike]));
    const pts = payoffWindow(a.payoff, [...strikes, ...a.breakevens, a.spot, ...(now !== null ? [now] : [])]);
    const out: StrikeSeries[] = [
      { id: 'expiry', kind: 'line', color: '#3d7eff', title: 'At expiry', points: pts.map((p) => ({ x: p.price, y: p.expiry })) },
      { id: 'today', kind: 'line', color: '#8b94a3', title: 'Today', lineStyle: 'dashed', lineWidth: 1, points: pts.map((p) => ({ x: p.price, y: p.today })) },
    ];
    if (pts.some((p) => p.atDate !== null)) {
      out.push({ id: 'atDate', kind: 'line', color: '#f0b429', title: whatIf.daysForward ? `+${whatIf.daysForward}d` : 'What-if', lineStyle: 'dotted', points: pts.filter((p) => p.atDate !== null).map((p) => ({ x: p.price, y: p.atDate! })) });
    }
    return out;
  }, [a, now, strategy.legs, whatIf.daysForward]);
  const markers = useMemo<StrikeMarker[]>(() => {
    if (!a) return [];
    return [
      ...(now !== null ? [{ x: now, text: `Spot ${formatPrice(now)}`, color: '#d5dae2', position: 'belowBar' as const, shape: 'arrowUp' as const }] : []),
      ...(whatIf.spotShiftPct ? [{ x: a.spot, text: `What-if ${formatPrice(a.spot)}`, color: '#f0b429', position: 'belowBar' as const, shape: 'arrowUp' as const }] : []),
      ...a.breakevens.map((b) => ({ x: b, text: `BE ${formatPrice(b)}`, color: '#26a69a', position: 'aboveBar' as const, shape: 'circle' as const })),
    ];
  }, [a, now, whatIf.spotShiftPct]);

  // The analysis counts days to expiry from the what-if date; the slider's range is from today.
  const dte = a ? a.daysToExpiry + (whatIf.daysForward ?? 0) : 30;
  const set = (patch: Partial<WhatIf>): void => {
    const next: WhatIf = { ...whatIf, ...patch };
    // Zero means "no what-if": leave it out so the request stays the plain analysis.
    for (const k of Object.keys(next) as (keyof WhatIf)[]) if (!next[k]) delete next[k];
    onWhatIf(next);
  };

  return (
    <div className="sr" data-testid="strategy-result" data-pending={result.pending}>
      {result.error && (
        <p className="ad-error" role="alert" data-testid="analysis-error">
          {result.error}
        </p>
      )}
      {a ? (
        <div className="sr-nums" aria-label="Strategy numbers" role="group">
          <Num
            label={a.netDebit > 0 ? 'Net debit' : a.netDebit < 0 ? 'Net credit' : 'Net'}
            value={bigMoney(Math.abs(tidy(a.netDebit)))}
            title={`Per strategy unit (${formatPrice(Math.abs(a.netDebit) / 100)} per share × 100); × ${strategy.quantity} = ${formatMoney(Math.abs(a.netDebit) * strategy.quantity)}`}
            testId="net-debit"
            cls={a.netDebit < 0 ? 'up' : a.netDebit > 0 ? 'down' : ''}
          />
          <Num label="Max profit" value={a.maxProfit === null ? 'Unlimited' : bigMoney(tidy(a.maxProfit), true)} title={`Whole position at expiry: ${a.maxProfit === null ? "unlimited" : formatMoney(a.maxProfit)}`} testId="max-profit" cls="up" />
          <Num label="Max loss" value={a.maxLoss === null ? 'Unlimited' : bigMoney(-Math.abs(tidy(a.maxLoss)), true)} title={`Whole position at expiry: ${a.maxLoss === null ? "unlimited" : formatMoney(Math.abs(a.maxLoss))}`} testId="max-loss" cls="down" />
          <Num wide label="Breakevens" value={a.breakevens.length ? a.breakevens.map((b) => formatPrice(b)).join(' · ') : 'none'} title="Underlying prices at expiry where the P&L crosses zero" testId="breakevens" />
          <Num label="Prob. of profit" value={`${(a.probabilityOfProfit * 100).toFixed(1)}%`} title="Probability the position makes money at expiry: lognormal under each leg's IV, risk-neutral drift" testId="pop" />
          <Num label="Reward:risk" value={a.rewardToRisk === null ? '—' : `${a.rewardToRisk.toFixed(2)}`} title="Max profit / |max loss|; — when either is unlimited" testId="reward-risk" />
          <Num label="Margin" value={bigMoney(tidy(a.margin.requirement))} title={a.margin.rule} testId="margin" />
          <Num label="Δ" value={fixed(a.greeks.delta, 2)} title="Position delta: share-equivalents" testId="pos-delta" />
          <Num label="Γ" value={fixed(a.greeks.gamma, 3)} title="Position gamma per 1.00 of the underlying" testId="pos-gamma" />
          <Num label="Θ/day" value={formatMoneySigned(tidy(a.greeks.theta))} title="Position theta, dollars per calendar day" testId="pos-theta" />
          <Num label="Vega" value={formatMoneySigned(tidy(a.greeks.vega))} title="Position vega, dollars per 1 volatility point" testId="pos-vega" />
          <Num label="ρ" value={formatMoneySigned(tidy(a.greeks.rho))} title="Position rho, dollars per 1 rate point" testId="pos-rho" />
        </div>
      ) : (
        !result.error && <p className="muted">Analysing…</p>
      )}
      {a && (
        <p className="sr-margin-rule muted" data-testid="margin-rule">
          Margin rule: {a.margin.rule}
        </p>
      )}
      {a && (
        <figure className="sr-fig">
          <figcaption>
            Payoff <span className="muted">P&amp;L of {strategy.quantity} unit{strategy.quantity === 1 ? '' : 's'} by underlying price · blue at expiry, grey today{whatIf.daysForward ? `, amber in ${whatIf.daysForward} days` : Object.keys(whatIf).length > 0 ? ', amber the what-if today' : ''}</span>
          </figcaption>
          <StrikeChart series={series} markers={markers} levels={ZERO_LEVEL} formatY={(v) => `${v < 0 ? '−' : ''}$${formatCompact(Math.abs(v))}`} label={`Payoff of the ${strategy.template.replace(/_/g, ' ')} on ${strategy.underlying}`} testId="payoff-chart" className="sr-chart" />
        </figure>
      )}
      <div className="sr-whatif" role="group" aria-label="What-if">
        <Slider label="Price shift" unit="%" min={-30} max={30} step={1} value={whatIf.spotShiftPct ?? 0} onChange={(v) => set({ spotShiftPct: v })} testId="whatif-price" />
        <Slider label="Days forward" unit="d" min={0} max={Math.max(1, Math.floor(dte))} step={1} value={clampDays(whatIf.daysForward ?? 0, Math.max(1, dte))} onChange={(v) => set({ daysForward: v })} testId="whatif-days" />
        <Slider label="IV shift" unit=" pts" min={-30} max={30} step={1} value={whatIf.ivShiftPoints ?? 0} onChange={(v) => set({ ivShiftPoints: v })} testId="whatif-iv" />
        <button type="button" className="link-btn" onClick={() => onWhatIf({})} disabled={Object.keys(whatIf).length === 0} aria-label="Reset the what-if sliders">
          Reset
        </button>
      </div>
    </div>
  );
}

function Slider({ label, unit, min, max, step, value, onChange, testId }: { label: string; unit: string; min: number; max: number; step: number; value: number; onChange(v: number): void; testId: string }): ReactNode {
  const text = `${value > 0 && unit !== 'd' ? '+' : ''}${value}${unit}`;
  return (
    <label className="sr-slider">
      <span className="sr-slider-label">{label}</span>
      <input type="range" min={min} max={max} step={step} value={value} aria-label={`What-if ${label.toLowerCase()}`} aria-valuetext={text} data-testid={testId} onChange={(e) => onChange(Number(e.target.value))} />
      <output className="num">{text}</output>
    </label>
  );
}
