/**
 * "Send to approval": the strategy becomes a multi-leg trade card (cards.createStrategy) with an optional limit
 * (the absolute net price per share; default the mid) and thesis, and the created card shows here with its
 * status and guardrail chips and a link to the Approvals view. With OPTIONS_TRADING_ENABLED off, sending is
 * disabled and the notice says so plainly, with a button that turns it on after a confirmation.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import { CONTRACT_MULTIPLIER, type Strategy, type StrategyAnalysis } from '../../../../shared/contract/options-schemas';
import type { TradeCard } from '../../../../shared/contract/trading-schemas';
import { GuardrailChips } from '../../components/guardrails/GuardrailChips';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatPrice } from '../../lib/format';
import { openApprovals } from '../../store/actions';
import { StatusChip } from '../approvals/CardRow';

/** Props of SendToApproval. */
export interface SendToApprovalProps {
  strategy: Strategy;
  analysis: StrategyAnalysis | null;
  status: Result<'options.status'> | null;
  onEnableTrading(): void;
  /** A refusal may mean the setting changed elsewhere: re-read it. */
  onRefused?(): void;
}

/** The send form and its outcome. */
export function SendToApproval({ strategy, analysis, status, onEnableTrading, onRefused }: SendToApprovalProps): ReactNode {
  const client = useEngine();
  const [limit, setLimit] = useState('');
  const [thesis, setThesis] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [card, setCard] = useState<TradeCard | null>(null);
  const enabled = status?.tradingEnabled === true;
  const mid = analysis ? Math.abs(analysis.netDebit) / CONTRACT_MULTIPLIER : null;
  const limitNum = limit.trim() === '' ? null : Number(limit);
  const limitBad = limitNum !== null && (!Number.isFinite(limitNum) || limitNum <= 0 || limitNum > 1e5);
  // A new strategy is a new card to send.
  useEffect(() => setCard(null), [strategy]);
  // The outcome sits at the bottom of a scrolling panel: bring it into view.
  const cardRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!card) return;
    // After layout: the chips wrap the card onto a second line.
    const id = requestAnimationFrame(() => cardRef.current?.scrollIntoView?.({ block: 'end' }));
    return () => cancelAnimationFrame(id);
  }, [card]);

  const send = (): void => {
    setBusy(true);
    setError(null);
    client
      .invoke('cards.createStrategy', {
        strategy,
        ...(limitNum !== null ? { limitPrice: limitNum } : {}),
        ...(thesis.trim() ? { thesis: thesis.trim() } : {}),
        origin: 'strategy',
      })
      .then(
        (c) => {
          setBusy(false);
          setCard(c);
        },
        (e: unknown) => {
          setBusy(false);
          setError(errorText(e));
          onRefused?.();
        },
      );
  };

  return (
    <div className="sa" data-testid="send-to-approval">
      {status && !enabled && (
        <div className="sa-off banner" role="status" data-testid="options-trading-off">
          Option cards are off (OPTIONS_TRADING_ENABLED). The chain, analytics and builder work; sending a strategy to approval needs it on.{' '}
          <button type="button" className="btn btn-small" onClick={onEnableTrading} data-testid="enable-options-trading" aria-label="Turn on option trading (asks for confirmation)">
            Turn on option trading…
          </button>
        </div>
      )}
      <div className="sa-form">
        <label className="sa-limit">
          Limit / share
          <input
            type="text"
            inputMode="decimal"
            value={limit}
            placeholder={mid !== null ? formatPrice(mid, 1) : 'mid'}
            onChange={(e) => setLimit(e.target.value)}
            aria-label="Limit price per share: the absolute net debit or credit accepted (empty: the mid)"
            aria-invalid={limitBad}
            data-testid="strategy-limit"
          />
        </label>
        <input type="text" className="sa-thesis" value={thesis} maxLength={4000} placeholder="Thesis: why this strategy, why now" onChange={(e) => setThesis(e.target.value)} aria-label="Thesis" data-testid="strategy-thesis" />
        <button
          type="button"
          className="btn btn-approve"
          disabled={!enabled || busy || limitBad || analysis === null}
          onClick={send}
          data-testid="send-to-approval-btn"
          aria-label={enabled ? `Send the ${strategy.template.replace(/_/g, ' ')} on ${strategy.underlying} to approval` : 'Send to approval (option cards are off)'}
          title={enabled ? 'Create a multi-leg trade card for a human to approve' : 'Option cards are off (OPTIONS_TRADING_ENABLED)'}
        >
          {busy ? 'Sending…' : 'Send to approval'}
        </button>
      </div>
      {limitBad && <p className="ad-error">The limit must be a positive price per share.</p>}
      {error && (
        <p className="ad-error" role="alert" data-testid="send-error">
          {error}
        </p>
      )}
      {card && (
        <div ref={cardRef} className="sa-card" data-testid="created-card" data-card-id={card.id} data-status={card.status} role="status">
          <StatusChip status={card.status} />
          <strong>{card.id}</strong>
          <span className="muted">
            {card.symbol} · {card.quantity} unit{card.quantity === 1 ? '' : 's'}
            {card.limitPrice !== null ? ` · limit ${formatPrice(card.limitPrice, 1)}` : ''}
          </span>
          <GuardrailChips result={card.guardrails} compact />
          <button type="button" className="link-btn" onClick={() => openApprovals(card.id)} data-testid="open-card-in-approvals" aria-label={`Open card ${card.id} in the Approvals view`}>
            Open in Approvals →
          </button>
          {card.statusReason && <span className="muted sa-reason">{card.statusReason}</span>}
        </div>
      )}
    </div>
  );
}
