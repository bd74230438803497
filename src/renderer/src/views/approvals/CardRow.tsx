/**
 * One card of the approval queue: a dense header line (side, symbol, size, prices, notional, playbook, origin,
 * age and expiry countdown, live last price with source and as-of, sparkline, actions), the guardrail chips
 * and thesis line, and, expanded, the full thesis with its evidence and sources. A refusal shows below it.
 */
import { memo, type ReactNode } from 'react';
import type { GuardrailCheckId, TradeCard } from '../../../../shared/contract/trading-schemas';
import { GuardrailChips } from '../../components/guardrails/GuardrailChips';
import { CardTraceButton } from '../../components/llm-trace/CardTraceButton';
import { formatAge, formatInt, formatNyTime, formatPrice } from '../../lib/format';
import { SECTOR_SHORT } from '../../lib/labels';
import { useKestrelStore } from '../../store/index';
import type { TradingErrorText } from '../../store/trading-errors';
import { StrategySummary } from '../options/StrategySummary';
import { Sparkline } from './Sparkline';
import { cardNotional, countdownTier, formatCountdown, formatMoney, orderPrices, sideClass, sideLabel, statusLabel } from './trade-format';

/** What a row can ask of the view. */
export interface CardRowActions {
  select(id: string): void;
  toggle(id: string): void;
  approve(id: string): void;
  reject(id: string): void;
  modify(id: string): void;
  cancel(id: string): void;
  explain(id: string, focus?: GuardrailCheckId): void;
  dismissError(id: string): void;
}

/** Props of CardRow. */
export interface CardRowProps {
  card: TradeCard;
  selected: boolean;
  expanded: boolean;
  /** Engine time now (the countdown). */
  now: number;
  busy: string | null;
  error: TradingErrorText | null;
  actions: CardRowActions;
}

/** A queued card. */
export const CardRow = memo(function CardRow({ card, selected, expanded, now, busy, error, actions }: CardRowProps): ReactNode {
  const quote = useKestrelStore((s) => s.quotes[card.symbol]);
  const source = useKestrelStore((s) => s.quotesSource);
  const last = quote?.last ?? null;
  const remaining = card.expiresAt - now;
  const tier = countdownTier(remaining);
  const notional = cardNotional(card, last);
  const blocked = card.status === 'blocked' || !card.guardrails.passed;
  const evidence = card.thesis.evidence;
  const label = `${sideLabel(card.side)} ${formatInt(card.quantity)} ${card.symbol} ${orderPrices(card)}, ${card.status}${blocked ? ', guardrails block' : ''}, expires in ${formatCountdown(remaining)}`;
  return (
    <article
      className={`aq-card ${selected ? 'aq-selected' : ''} ${blocked ? 'aq-blocked' : ''} ${busy ? 'aq-busy' : ''}`}
      data-testid="approval-card"
      data-card-id={card.id}
      data-symbol={card.symbol}
      data-status={card.status}
      data-selected={selected}
      id={`card-${card.id}`}
      aria-label={label}
      aria-current={selected ? 'true' : undefined}
      onMouseDown={() => actions.select(card.id)}
    >
      <div className="aq-line">
        <span className={`aq-side badge ${sideClass(card.side)}`}>{sideLabel(card.side)}</span>
        <span className="aq-ident">
          <strong className="aq-sym">{card.symbol}</strong>
          <span className="aq-name" title={card.name}>
            {card.name}
          </span>
          {card.sector && <span className="aq-sector">{SECTOR_SHORT[card.sector]}</span>}
        </span>
        <span className="aq-qty num" title={card.strategy ? 'Quantity (strategy units)' : 'Quantity (shares)'}>
          {formatInt(card.quantity)}
        </span>
        <span className="aq-type" title={`${card.orderType.replace('_', ' ')} · time in force ${card.timeInForce.toUpperCase()}`}>
          {orderPrices(card)} <span className="muted">{card.timeInForce.toUpperCase()}</span>
        </span>
        {card.strategy ? (
          <span className="aq-notional num" title="Max loss of the whole strategy position at expiry">
            {card.strategy.maxLoss === null ? 'unl. risk' : formatMoney(Math.abs(card.strategy.maxLoss))}
          </span>
        ) : (
          <span className="aq-notional num" title={card.limitPrice !== null ? 'Notional at the limit price' : 'Notional at the last price'}>
            {formatMoney(notional)}
          </span>
        )}
        <span className="aq-pb" title={`Playbook ${card.playbook}; raised by ${card.origin.replace('_', ' ')}${card.originId ? ` (${card.originId})` : ''}`}>
          <span className="aq-playbook">{card.playbook}</span>
          <span className="muted">{card.origin.replace('_', ' ')}</span>
        </span>
        <span className="aq-time" title={`Raised ${formatNyTime(card.createdAt)} ET; expires ${formatNyTime(card.expiresAt)} ET`}>
          <span className="muted num">{formatAge(now - card.createdAt)} ago</span>
          <span className={`aq-countdown num cd-${tier}`} data-testid="countdown" data-tier={tier} aria-label={`Expires in ${formatCountdown(remaining)}`}>
            {tier === 'expired' ? 'expired' : formatCountdown(remaining)}
          </span>
        </span>
        <span className="aq-last" title={quote ? `Last ${formatPrice(last)} (${source ?? '?'}) as of ${formatNyTime(quote.t)} ET` : 'No quote yet'}>
          <span className="num aq-last-px">{formatPrice(last)}</span>
          <span className="aq-src">
            {source ?? '—'} {quote ? `${formatNyTime(quote.t)} ET` : ''}
          </span>
        </span>
        <Sparkline symbol={card.symbol} last={last} />
        <span className="aq-actions">
          <button type="button" className="btn btn-approve" aria-label={`Approve ${card.symbol} card`} title="Approve (A)" disabled={busy !== null} onClick={() => actions.approve(card.id)} data-testid="approve-card">
            {busy === 'approve' ? 'Approving…' : 'Approve'}
          </button>
          <button type="button" className="btn" aria-label={`Modify ${card.symbol} card`} title="Modify quantity or limit (M)" disabled={busy !== null} onClick={() => actions.modify(card.id)} data-testid="modify-card">
            Modify
          </button>
          <button type="button" className="btn btn-reject" aria-label={`Reject ${card.symbol} card`} title="Reject with a reason (R)" disabled={busy !== null} onClick={() => actions.reject(card.id)} data-testid="reject-card">
            Reject
          </button>
          <button type="button" className="btn btn-ghost" aria-label={`Cancel ${card.symbol} card`} title="Withdraw the card" disabled={busy !== null} onClick={() => actions.cancel(card.id)} data-testid="cancel-card">
            Cancel
          </button>
        </span>
      </div>
      {card.strategy && <StrategySummary strategy={card.strategy} quantity={card.quantity} />}
      <div className="aq-line2">
        {card.status === 'blocked' && (
          <span className="status-chip st-blocked" title={card.statusReason ?? 'Blocked by guardrails'}>
            BLOCKED
          </span>
        )}
        <GuardrailChips result={card.guardrails} compact={!expanded} onOpen={(check) => actions.explain(card.id, check)} />
        <button
          type="button"
          className="aq-thesis"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Hide' : 'Show'} thesis and ${evidence.length} evidence item${evidence.length === 1 ? '' : 's'}`}
          title={card.thesis.text || 'No thesis text'}
          onClick={() => actions.toggle(card.id)}
          data-testid="toggle-thesis"
        >
          <span className="aq-caret" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          <span className="aq-thesis-text">{card.thesis.text || <em className="muted">No thesis</em>}</span>
          <span className="aq-ev-count muted">
            {evidence.length} evidence
          </span>
        </button>
        <span className="aq-pb2 muted" aria-hidden="true">
          {card.playbook} · {card.origin.replace('_', ' ')}
        </span>
        <button type="button" className="link-btn aq-why" onClick={() => actions.explain(card.id)} aria-label={`Explain the guardrails of ${card.symbol}`} data-testid="explain-card">
          Why?
        </button>
        {card.origin === 'segment' && <CardTraceButton cardId={card.id} symbol={card.symbol} />}
      </div>
      {expanded && (
        <div className="aq-detail" data-testid="card-detail">
          {card.thesis.text && <p className="aq-thesis-full">{card.thesis.text}</p>}
          {evidence.length === 0 ? (
            <p className="muted">No evidence attached.</p>
          ) : (
            <ul className="aq-evidence">
              {evidence.map((e, i) => (
                <li key={i} className={e.catalyst ? 'ev-catalyst' : undefined}>
                  <span className="ev-text">{e.text}</span>
                  <span className="ev-meta">
                    {e.catalyst && <span className="badge ev-cat">CATALYST</span>}
                    {e.url ? (
                      <a href={e.url} target="_blank" rel="noreferrer noopener">
                        {e.source}
                      </a>
                    ) : (
                      <span>{e.source}</span>
                    )}
                    {e.t !== undefined && <span className="num"> · {formatNyTime(e.t, false)} ET ({formatAge(now - e.t)} ago)</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="aq-facts muted">
            Card {card.id} · raised {formatNyTime(card.createdAt)} ET at {formatPrice(card.priceAtCreation)} · guardrails {card.guardrails.phase.replace('_', ' ')} at {formatNyTime(card.guardrails.evaluatedAt)} ET on {formatPrice(card.guardrails.price)} ({card.guardrails.source}
            {card.guardrails.quoteAsOf !== null ? `, quote ${formatNyTime(card.guardrails.quoteAsOf)} ET` : ''})
            {card.statusReason ? ` · ${card.statusReason}` : ''}
          </p>
        </div>
      )}
      {error && (
        <div className="aq-error" role="alert" data-testid="card-error" data-code={error.code ?? ''}>
          <strong>{error.title}{error.code !== null ? ` (${error.code})` : ''}:</strong> <span>{error.detail}</span>
          {error.blocking.length > 0 && (
            <span className="aq-error-chips">
              {error.blocking.map((c) => (
                <button key={c.check} type="button" className="link-btn" onClick={() => actions.explain(card.id, c.check)}>
                  explain {c.check.replace(/_/g, ' ')}
                </button>
              ))}
            </span>
          )}
          <button type="button" className="icon-btn aq-error-close" aria-label="Dismiss the error" onClick={() => actions.dismissError(card.id)}>
            ×
          </button>
        </div>
      )}
    </article>
  );
});

/** A status chip for a decided card. */
export function StatusChip({ status }: { status: TradeCard['status'] }): ReactNode {
  return (
    <span className={`status-chip st-${status}`} data-testid="status-chip" data-status={status}>
      {statusLabel(status).toUpperCase()}
    </span>
  );
}
