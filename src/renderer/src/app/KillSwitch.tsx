/**
 * The kill switch: a big always-visible top-bar button ("HALT TRADING"; "HALTED — <reason>" with Resume while
 * halted) and its dialogs. Halting needs a reason and a confirmation; resuming needs a confirmation. The state
 * follows `trading.statusChanged`, so a halt from any window shows everywhere. Ctrl+Shift+H opens it.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../components/ui/Dialog';
import { useEngine } from '../engine/engine-context';
import { formatNyTime } from '../lib/format';
import { setHaltDialog } from '../store/actions';
import { useKestrelStore } from '../store/index';
import { haltTrading, resumeTrading } from '../store/trading-commands';
import type { TradingErrorText } from '../store/trading-errors';
import './kill-switch.css';

/** The top bar's kill-switch button. */
export function KillSwitchButton(): ReactNode {
  const status = useKestrelStore((s) => s.tradingStatus);
  const connection = useKestrelStore((s) => s.connection);
  if (status?.halted) {
    const since = status.since ? ` since ${formatNyTime(status.since)} ET` : '';
    return (
      <div className="kill-switch ks-halted" data-testid="kill-switch" data-halted="true" role="status" aria-label={`Trading halted${since}: ${status.reason ?? ''}`}>
        <span className="ks-state" title={`Halted${since}${status.by ? ` by ${status.by}` : ''}: ${status.reason ?? ''}`}>
          HALTED — {status.reason ?? 'no reason'}
        </span>
        <button type="button" className="ks-resume" onClick={() => setHaltDialog('resume')} aria-label="Resume trading" data-testid="resume-trading">
          Resume
        </button>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="kill-switch ks-live"
      data-testid="kill-switch"
      data-halted="false"
      aria-label="Halt trading (kill switch)"
      title="Stop all new orders and approvals (Ctrl+Shift+H)"
      disabled={connection !== 'open' || status === null}
      onClick={() => setHaltDialog('halt')}
    >
      HALT TRADING
    </button>
  );
}

/** The pending-cards badge linking to the Approvals view. */
export function PendingBadge({ onOpen }: { onOpen(): void }): ReactNode {
  const pending = useKestrelStore((s) => s.tradingStatus?.pendingCards ?? s.cards.filter((c) => c.status === 'pending').length);
  return (
    <button
      type="button"
      className={`pending-badge ${pending > 0 ? 'has-pending' : ''}`}
      data-testid="pending-badge"
      data-count={pending}
      aria-label={`Approvals: ${pending} pending card${pending === 1 ? '' : 's'}`}
      title="Open the approval queue"
      onClick={onOpen}
    >
      <span className="pending-label">Approvals</span> <span className="pending-count num">{pending > 99 ? '99+' : pending}</span>
    </button>
  );
}

/** The halt or resume dialog, while the store has one open. */
export function KillSwitchDialog(): ReactNode {
  const dialog = useKestrelStore((s) => s.haltDialog);
  if (dialog === 'halt') return <HaltDialog />;
  if (dialog === 'resume') return <ResumeDialog />;
  return null;
}

function ErrorLine({ error }: { error: TradingErrorText | null }): ReactNode {
  return error ? (
    <p className="ks-error" role="alert">
      <strong>{error.title}:</strong> {error.detail}
    </p>
  ) : null;
}

function HaltDialog(): ReactNode {
  const client = useEngine();
  const status = useKestrelStore((s) => s.tradingStatus);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [cancelWorking, setCancelWorking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TradingErrorText | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ready = reason.trim().length > 0 && confirmed && !busy;
  const open = status?.openOrders ?? null;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const out = await haltTrading(client, reason.trim(), cancelWorking);
    setBusy(false);
    if (out.ok) setHaltDialog(null);
    else setError(out.error);
  };
  return (
    <Dialog title="Halt trading" onClose={() => setHaltDialog(null)} className="dialog-kill" testId="halt-dialog" initialFocus={inputRef}>
      <form className="ks-body" onSubmit={(e) => void submit(e)}>
        <p>
          Halting stops the desk at once: no card can be approved and no order is submitted until trading resumes. Working orders stay at the broker
          {open !== null ? ` (${open} open)` : ''} unless you cancel them below.
        </p>
        <label className="ad-field">
          <span>Reason (required, recorded in the audit log)</span>
          <input ref={inputRef} type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Halt reason" data-testid="halt-reason" />
        </label>
        <label className="ks-confirm">
          <input
            type="checkbox"
            checked={cancelWorking}
            onChange={(e) => setCancelWorking(e.target.checked)}
            aria-label="Also cancel all working orders"
            data-testid="halt-cancel-working"
          />
          Also cancel all working orders{open !== null ? ` (${open})` : ''} — stop-loss and take-profit orders protecting positions included
        </label>
        <label className="ks-confirm">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} aria-label="Confirm halting trading" data-testid="halt-confirm" />
          I want to halt all trading now
        </label>
        <ErrorLine error={error} />
        <footer className="ad-foot">
          <button type="button" className="btn" onClick={() => setHaltDialog(null)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-halt" disabled={!ready} data-testid="halt-submit">
            {busy ? (cancelWorking ? 'Halting and cancelling…' : 'Halting…') : cancelWorking ? 'HALT AND CANCEL ALL' : 'HALT TRADING'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function ResumeDialog(): ReactNode {
  const client = useEngine();
  const status = useKestrelStore((s) => s.tradingStatus);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TradingErrorText | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const resume = async (): Promise<void> => {
    setBusy(true);
    const out = await resumeTrading(client);
    setBusy(false);
    if (out.ok) setHaltDialog(null);
    else setError(out.error);
  };
  return (
    <Dialog title="Resume trading" onClose={() => setHaltDialog(null)} className="dialog-kill" testId="resume-dialog" initialFocus={buttonRef}>
      <div className="ks-body">
        <p>
          Trading is halted{status?.since ? ` since ${formatNyTime(status.since)} ET` : ''}
          {status?.by ? ` by ${status.by}` : ''}: “{status?.reason ?? '—'}”.
        </p>
        <p>Resuming lets cards be approved and orders be submitted again. {status ? `${status.pendingCards} card${status.pendingCards === 1 ? '' : 's'} wait in the queue.` : ''}</p>
        <ErrorLine error={error} />
        <footer className="ad-foot">
          <button type="button" className="btn" onClick={() => setHaltDialog(null)}>
            Stay halted
          </button>
          <button ref={buttonRef} type="button" className="btn btn-approve" disabled={busy} onClick={() => void resume()} data-testid="resume-confirm">
            {busy ? 'Resuming…' : 'Resume trading'}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
