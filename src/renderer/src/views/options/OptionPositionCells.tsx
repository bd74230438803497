/**
 * Option positions in the Positions table: the contract cell (underlying, call/put, strike, expiry; the
 * underlying opens the Market view) and the position Greeks cells (IV, Δ, Γ, Θ per day, vega per point, for the
 * whole position: × quantity × multiplier, as the engine reports them), with a footer sum over option positions.
 */
import type { ReactNode } from 'react';
import type { Position } from '../../../../shared/contract/trading-schemas';
import { openInMarket } from '../../store/actions';
import { formatMoneySigned } from '../approvals/trade-format';
import { expiryLabel, fixed, formatIv, tidy } from './options-model';

type OptionInfo = NonNullable<Position['option']>;

/** Headers of the Greeks columns. */
export const OPTION_GREEK_HEADERS = [
  { label: 'IV', title: 'Implied volatility of the contract' },
  { label: 'Δ', title: 'Position delta (share-equivalents: per-contract delta × quantity × multiplier)' },
  { label: 'Γ', title: 'Position gamma per 1.00 of the underlying' },
  { label: 'Θ/day', title: 'Position theta, dollars per calendar day' },
  { label: 'Vega', title: 'Position vega, dollars per 1 volatility point' },
] as const;

/** The symbol cell of an option position. */
export function OptionContractCell({ position, option }: { position: Position; option: OptionInfo }): ReactNode {
  const type = option.type === 'call' ? 'Call' : 'Put';
  return (
    <td data-testid="option-contract" title={`${position.symbol} · ${position.name}`}>
      <button type="button" className="link-btn sym-link" onClick={() => openInMarket(option.underlying)} aria-label={`Open ${option.underlying} in the Market view`}>
        {option.underlying}
      </button>{' '}
      <span className={`badge ${option.type === 'call' ? 'side-long' : 'side-short'}`}>{type}</span>{' '}
      <span className="num">{option.strike}</span> <span className="muted">{expiryLabel(option.expiry)} ({option.expiry})</span>
    </td>
  );
}

function sum(rows: readonly Position[], k: 'delta' | 'gamma' | 'theta' | 'vega'): number {
  return rows.reduce((s, p) => s + (p.option ? p.option[k] : 0), 0);
}

/** The Greeks cells of a row (blank for a stock), or with `totals` the footer sums over option positions. */
export function OptionGreekCells({ option, totals }: { option: OptionInfo | null; totals?: readonly Position[] }): ReactNode {
  if (totals) {
    return (
      <>
        <td className="muted" title="Sums over the option positions shown">
          Σ
        </td>
        <td className="num">{fixed(sum(totals, 'delta'), 1)}</td>
        <td className="num">{fixed(sum(totals, 'gamma'), 2)}</td>
        <td className="num">{formatMoneySigned(tidy(sum(totals, 'theta')))}</td>
        <td className="num">{formatMoneySigned(tidy(sum(totals, 'vega')))}</td>
      </>
    );
  }
  if (!option) return <td colSpan={OPTION_GREEK_HEADERS.length} />;
  return (
    <>
      <td className="num">{formatIv(option.iv)}</td>
      <td className="num" data-testid="position-delta">
        {fixed(option.delta, 1)}
      </td>
      <td className="num">{fixed(option.gamma, 2)}</td>
      <td className="num">{formatMoneySigned(tidy(option.theta))}</td>
      <td className="num">{formatMoneySigned(tidy(option.vega))}</td>
    </>
  );
}
