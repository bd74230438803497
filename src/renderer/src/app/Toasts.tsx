/**
 * Browser-mode toasts for `alerts.raised`, for cards that newly wait for approval and for fills (Electron shows native
 * notifications instead, so the store only queues toasts over WebSocket). Each dismisses itself after ~8 s;
 * clicking an alert opens the symbol in the Market view, clicking a card opens the Approvals view on it.
 */
import { useEffect, type ReactNode } from 'react';
import type { Alert } from '../../../shared/contract/sector-schemas';
import type { Fill, TradeCard } from '../../../shared/contract/trading-schemas';
import { changeClass, formatInt, formatNyTime, formatPct, formatPrice } from '../lib/format';
import { dismissCardToast, dismissFillToast, dismissToast, openApprovals, openInMarket, openPortfolio } from '../store/actions';
import { useKestrelStore } from '../store/index';

/** How long a toast stays, ms. */
export const TOAST_MS = 8_000;

/** The toast stack (bottom right). */
export function Toasts(): ReactNode {
  const toasts = useKestrelStore((s) => s.toasts);
  const cards = useKestrelStore((s) => s.cardToasts);
  const fills = useKestrelStore((s) => s.fillToasts);
  if (toasts.length === 0 && cards.length === 0 && fills.length === 0) return null;
  return (
    <div className="toasts" aria-live="polite" aria-label="Alerts">
      {fills.map((f) => (
        <FillToast key={f.id} fill={f} />
      ))}
      {cards.map((c) => (
        <CardToast key={c.id} card={c} />
      ))}
      {toasts.map((t) => (
        <Toast key={t.id} alert={t} />
      ))}
    </div>
  );
}

function FillToast({ fill }: { fill: Fill }): ReactNode {
  useEffect(() => {
    const id = setTimeout(() => dismissFillToast(fill.id), TOAST_MS);
    return () => clearTimeout(id);
  }, [fill.id]);
  return (
    <div className="toast sev-info" data-testid="fill-toast" data-card-id={fill.cardId} role="status">
      <button
        type="button"
        className="toast-body"
        title="Open Positions & orders"
        onClick={() => {
          dismissFillToast(fill.id);
          openPortfolio();
        }}
      >
        <span className="toast-line">
          <strong>
            Filled {fill.side.toUpperCase()} {formatInt(fill.quantity)} {fill.symbol}
          </strong>
          <span className="num">@ {formatPrice(fill.price)}</span>
          <span className="toast-time num">{formatNyTime(fill.t, false)} ET</span>
        </span>
        <span className="toast-msg">
          {fill.source} · card {fill.cardId} · fee ${fill.fee.toFixed(2)}
        </span>
      </button>
      <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissFillToast(fill.id)}>
        ×
      </button>
    </div>
  );
}

function CardToast({ card }: { card: TradeCard }): ReactNode {
  useEffect(() => {
    const id = setTimeout(() => dismissCardToast(card.id), TOAST_MS);
    return () => clearTimeout(id);
  }, [card.id]);
  const price = card.limitPrice !== null ? ` @ ${formatPrice(card.limitPrice)}` : '';
  return (
    <div className={`toast ${card.status === 'blocked' ? 'sev-critical' : 'sev-info'}`} data-testid="card-toast" data-card-id={card.id} role="status">
      <button
        type="button"
        className="toast-body"
        title="Open the approval queue on this card"
        onClick={() => {
          dismissCardToast(card.id);
          openApprovals(card.id);
        }}
      >
        <span className="toast-line">
          {card.strategy ? (
            <>
              <strong>
                {card.strategy.template.replaceAll('_', ' ')} {formatInt(card.quantity)} × {card.symbol}
              </strong>
              <span className="num">
                {card.strategy.netPrice >= 0 ? 'debit' : 'credit'}
                {price}
              </span>
            </>
          ) : (
            <>
              <strong>
                {card.side.toUpperCase()} {formatInt(card.quantity)} {card.symbol}
              </strong>
              <span className="num">
                {card.orderType.replace('_', ' ')}
                {price}
              </span>
            </>
          )}
          <span className="toast-time num">{formatNyTime(card.createdAt, false)} ET</span>
        </span>
        <span className="toast-msg">
          {card.status === 'blocked' ? 'New card, blocked by guardrails' : 'New card waiting for approval'} · {card.origin.replace('_', ' ')} · {card.playbook}
        </span>
      </button>
      <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissCardToast(card.id)}>
        ×
      </button>
    </div>
  );
}

function Toast({ alert }: { alert: Alert }): ReactNode {
  useEffect(() => {
    const id = setTimeout(() => dismissToast(alert.id), TOAST_MS);
    return () => clearTimeout(id);
  }, [alert.id]);
  return (
    <div className={`toast sev-${alert.severity}`} data-testid="toast" data-symbol={alert.symbol} role="status">
      <button
        type="button"
        className="toast-body"
        title={`Open ${alert.symbol} in the Market view`}
        onClick={() => {
          dismissToast(alert.id);
          openInMarket(alert.symbol);
        }}
      >
        <span className="toast-line">
          <strong>{alert.symbol}</strong> <span className={`num ${changeClass(alert.movePct)}`}>{formatPct(alert.movePct)}</span>
          <span className="toast-time num">{formatNyTime(alert.t, false)} ET</span>
        </span>
        <span className="toast-msg">{alert.message}</span>
      </button>
      <button type="button" className="icon-btn toast-close" aria-label="Dismiss" onClick={() => dismissToast(alert.id)}>
        ×
      </button>
    </div>
  );
}
