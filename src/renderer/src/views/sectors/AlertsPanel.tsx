/** The Sectors view's alerts panel: recent alerts newest first (time NY, symbol, move, message) with Ack. */
import { useState, type ReactNode } from 'react';
import type { Alert } from '../../../../shared/contract/sector-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { changeClass, formatNyDateTime, formatNyTime, formatPct } from '../../lib/format';
import { SECTOR_SHORT } from '../../lib/labels';
import { openInMarket, setAlertsOpen } from '../../store/actions';
import { ackAlert } from '../../store/engine-commands';
import { useKestrelStore } from '../../store/index';
import { unackedCount } from '../../store/sectors-reducers';
import { loadAlerts } from '../../store/wire-engine-events';

/** The alerts panel (hidden when collapsed). */
export function AlertsPanel(): ReactNode {
  const client = useEngine();
  const open = useKestrelStore((s) => s.alertsOpen);
  const alerts = useKestrelStore((s) => s.alerts);
  const status = useKestrelStore((s) => s.alertsStatus);
  const error = useKestrelStore((s) => s.alertsError);
  const [ackError, setAckError] = useState<string | null>(null);
  if (!open) return null;
  const unacked = unackedCount(alerts);
  const onAck = (id: number): void => {
    setAckError(null);
    ackAlert(client, id).catch((e: unknown) => setAckError(`Could not acknowledge: ${errorText(e)}`));
  };
  return (
    <aside className="alerts-panel" data-testid="alerts-panel" aria-label="Alerts">
      <header className="ap-head">
        <h2>
          Alerts <span className="ap-count">{unacked > 0 ? `${unacked} new` : 'all read'}</span>
        </h2>
        <button type="button" className="icon-btn" aria-label="Hide the alerts panel" title="Hide" onClick={() => setAlertsOpen(false)}>
          ×
        </button>
      </header>
      {(error || ackError) && (
        <div className="ap-error" role="alert">
          {ackError ?? `Alerts unavailable: ${error}`}{' '}
          {error && (
            <button type="button" className="link-btn" onClick={() => void loadAlerts(client)}>
              Retry
            </button>
          )}
        </div>
      )}
      {alerts.length === 0 ? (
        <p className="ap-empty">{status === 'loading' ? 'Loading alerts…' : 'No alerts. Moves of 15 % or more in the universe appear here.'}</p>
      ) : (
        <ul className="ap-list">
          {alerts.map((a) => (
            <AlertRow key={a.id} alert={a} onAck={onAck} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function AlertRow({ alert: a, onAck }: { alert: Alert; onAck: (id: number) => void }): ReactNode {
  return (
    <li className={`ap-row sev-${a.severity} ${a.acked ? 'acked' : ''}`} data-testid="alert-row" data-symbol={a.symbol} data-acked={String(a.acked)}>
      <span className="ap-time num" title={`${formatNyDateTime(a.t)} ET`}>
        {formatNyTime(a.t, false)}
      </span>
      <button type="button" className="ap-sym" title={`Open ${a.symbol} in the Market view`} onClick={() => openInMarket(a.symbol)}>
        {a.symbol}
      </button>
      <span className={`ap-move num ${changeClass(a.movePct)}`}>{formatPct(a.movePct)}</span>
      {a.acked ? (
        <span className="ap-acked" title="Acknowledged">
          ✓
        </span>
      ) : (
        <button type="button" className="btn ap-ack" data-testid="ack-alert" aria-label={`Acknowledge the ${a.symbol} alert`} onClick={() => onAck(a.id)}>
          Ack
        </button>
      )}
      <span className="ap-msg">
        {a.message}
        {a.sector ? <span className="ap-sector"> · {SECTOR_SHORT[a.sector]}</span> : null}
      </span>
    </li>
  );
}
