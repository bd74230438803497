/**
 * Browser-mode toasts for `alerts.raised` (Electron shows native notifications instead, so the store only
 * queues toasts over WebSocket). Each dismisses itself after ~8 s; clicking opens the symbol in the Market view.
 */
import { useEffect, type ReactNode } from 'react';
import type { Alert } from '../../../shared/contract/sector-schemas';
import { changeClass, formatNyTime, formatPct } from '../lib/format';
import { dismissToast, openInMarket } from '../store/actions';
import { useKestrelStore } from '../store/index';

/** How long a toast stays, ms. */
export const TOAST_MS = 8_000;

/** The toast stack (bottom right). */
export function Toasts(): ReactNode {
  const toasts = useKestrelStore((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="polite" aria-label="Alerts">
      {toasts.map((t) => (
        <Toast key={t.id} alert={t} />
      ))}
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
