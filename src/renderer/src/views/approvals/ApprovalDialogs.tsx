/**
 * The Approvals view's dialogs, opened through the store (Esc closes them via closeOverlays): reject with a
 * reason, modify (fewer shares, a limit inside the fat-finger band; save or approve with the change), approve
 * all (lists the cards, confirms, then shows which were refused and why), and the guardrail explain dialog.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TradeCard } from '../../../../shared/contract/trading-schemas';
import { ExplainDialog } from '../../components/guardrails/ExplainDialog';
import { Dialog } from '../../components/ui/Dialog';
import { useEngine } from '../../engine/engine-context';
import { formatInt, formatPrice } from '../../lib/format';
import { setApprovalDialog } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { approveAllCards, approveCard, modifyCard, rejectCard, type RefusedCard } from '../../store/trading-commands';
import type { TradingErrorText } from '../../store/trading-errors';
import { cardNotional, formatMoney, modifyProblems, orderPrices, sideClass, sideLabel } from './trade-format';

const close = (): void => setApprovalDialog(null);

/** Whichever approval dialog the store has open. */
export function ApprovalDialogs(): ReactNode {
  const dialog = useKestrelStore((s) => s.approvalDialog);
  const cards = useKestrelStore((s) => s.cards);
  if (!dialog) return null;
  if (dialog.kind === 'approveAll') return <ApproveAllDialog ids={dialog.cardIds} />;
  if (dialog.kind === 'explain') return <ExplainDialog cardId={dialog.cardId} focus={dialog.focus} onClose={close} />;
  const card = cards.find((c) => c.id === dialog.cardId);
  if (!card) return null;
  return dialog.kind === 'reject' ? <RejectDialog card={card} /> : <ModifyDialog card={card} />;
}

function CardLine({ card }: { card: TradeCard }): ReactNode {
  return (
    <p className="ad-card">
      <span className={`badge ${sideClass(card.side)}`}>{sideLabel(card.side)}</span> <strong>{card.symbol}</strong> {formatInt(card.quantity)} · {orderPrices(card)} ·{' '}
      <span className="muted">{card.name}</span>
    </p>
  );
}

function ErrorBox({ error }: { error: TradingErrorText | null }): ReactNode {
  if (!error) return null;
  return (
    <p className="ad-error" role="alert" data-testid="dialog-error" data-code={error.code ?? ''}>
      <strong>{error.title}{error.code !== null ? ` (${error.code})` : ''}:</strong> {error.detail}
    </p>
  );
}

const QUICK_REASONS = ['Thesis not convincing', 'Entry too late', 'Size too large', 'Risk off today'];

function RejectDialog({ card }: { card: TradeCard }): ReactNode {
  const client = useEngine();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TradingErrorText | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const submit = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (!reason.trim() || busy) return;
    setBusy(true);
    const out = await rejectCard(client, card.id, reason.trim());
    setBusy(false);
    if (out.ok) close();
    else setError(out.error);
  };
  return (
    <Dialog title={`Reject ${card.symbol}`} onClose={close} className="dialog-approval" testId="reject-dialog" initialFocus={inputRef}>
      <form className="ad-body" onSubmit={(e) => void submit(e)}>
        <CardLine card={card} />
        <label className="ad-field">
          <span>Reason (required, goes to the audit log)</span>
          <input ref={inputRef} type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reject reason" data-testid="reject-reason" />
        </label>
        <div className="ad-quick" role="group" aria-label="Common reasons">
          {QUICK_REASONS.map((r) => (
            <button key={r} type="button" className="seg-btn" onClick={() => setReason(r)}>
              {r}
            </button>
          ))}
        </div>
        <ErrorBox error={error} />
        <footer className="ad-foot">
          <button type="button" className="btn" onClick={close}>
            Keep it
          </button>
          <button type="submit" className="btn btn-reject" disabled={!reason.trim() || busy} data-testid="confirm-reject">
            {busy ? 'Rejecting…' : 'Reject card'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function ModifyDialog({ card }: { card: TradeCard }): ReactNode {
  const client = useEngine();
  const last = useKestrelStore((s) => s.quotes[card.symbol]?.last ?? null);
  const [quantity, setQuantity] = useState(String(card.quantity));
  const [limit, setLimit] = useState(card.limitPrice !== null ? formatPrice(card.limitPrice).replace(/,/g, '') : '');
  const [maxPct, setMaxPct] = useState<number | null>(null);
  const [busy, setBusy] = useState<null | 'save' | 'approve'>(null);
  const [error, setError] = useState<TradingErrorText | null>(null);
  const qtyRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    client.invoke('guardrails.config').then(
      (r) => live && setMaxPct(r.config.limits.fatFingerMaxPct),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  const problems = modifyProblems({ quantity, limitPrice: limit }, card, { last, maxPct });
  const valid = Object.keys(problems).length === 0;
  const q = Number(quantity.replace(/,/g, ''));
  const p = card.limitPrice !== null ? Number(limit) : null;
  const change = (): { quantity?: number; limitPrice?: number } => {
    const out: { quantity?: number; limitPrice?: number } = {};
    if (q !== card.quantity) out.quantity = q;
    if (p !== null && p !== card.limitPrice) out.limitPrice = p;
    return out;
  };
  const run = async (kind: 'save' | 'approve'): Promise<void> => {
    if (!valid || busy) return;
    setBusy(kind);
    setError(null);
    const out = kind === 'approve' ? await approveCard(client, card.id, change()) : await modifyCard(client, card.id, change());
    setBusy(null);
    if (out.ok) close();
    else setError(out.error);
  };
  const preview = cardNotional({ quantity: Number.isFinite(q) ? q : 0, limitPrice: p, guardrails: card.guardrails }, last);
  return (
    <Dialog title={`Modify ${card.symbol}`} onClose={close} className="dialog-approval" testId="modify-dialog" initialFocus={qtyRef}>
      <form
        className="ad-body"
        onSubmit={(e) => {
          e.preventDefault();
          void run('approve');
        }}
      >
        <CardLine card={card} />
        <div className="ad-grid">
          <label className="ad-field">
            <span>Quantity (max {formatInt(card.quantity)})</span>
            <input ref={qtyRef} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-label="Quantity" aria-invalid={problems.quantity ? true : undefined} data-testid="modify-quantity" />
            {problems.quantity && <small className="ad-problem">{problems.quantity}</small>}
          </label>
          {card.limitPrice !== null && (
            <label className="ad-field">
              <span>Limit price{maxPct !== null && last !== null ? ` (±${maxPct}% of ${formatPrice(last)})` : ''}</span>
              <input inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} aria-label="Limit price" aria-invalid={problems.limitPrice ? true : undefined} data-testid="modify-limit" />
              {problems.limitPrice && <small className="ad-problem">{problems.limitPrice}</small>}
            </label>
          )}
        </div>
        <p className="muted">
          Notional {formatMoney(preview)} · last {formatPrice(last)}. Saving re-runs the guardrails and keeps the card pending; approving sends the changed order.
        </p>
        <ErrorBox error={error} />
        <footer className="ad-foot">
          <button type="button" className="btn" onClick={close}>
            Close
          </button>
          <button type="button" className="btn" disabled={!valid || busy !== null} onClick={() => void run('save')} data-testid="modify-save">
            {busy === 'save' ? 'Saving…' : 'Save changes'}
          </button>
          <button type="submit" className="btn btn-approve" disabled={!valid || busy !== null} data-testid="modify-approve">
            {busy === 'approve' ? 'Approving…' : 'Approve with changes'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function ApproveAllDialog({ ids }: { ids: readonly string[] }): ReactNode {
  const client = useEngine();
  const cards = useKestrelStore((s) => s.cards);
  const listed = ids.map((id) => cards.find((c) => c.id === id)).filter((c): c is TradeCard => c !== undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ approved: string[]; refused: RefusedCard[] } | null>(null);
  const [error, setError] = useState<TradingErrorText | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const out = await approveAllCards(client, ids);
    setBusy(false);
    if (out.ok) setResult({ approved: out.approved, refused: out.refused });
    else setError(out.error);
  };
  const total = listed.reduce((sum, c) => sum + (cardNotional(c, null) ?? 0), 0);
  return (
    <Dialog title={result ? 'Approve all: result' : `Approve ${ids.length} card${ids.length === 1 ? '' : 's'}?`} onClose={close} className="dialog-approval dialog-approve-all" testId="approve-all-dialog" initialFocus={confirmRef}>
      <div className="ad-body">
        {result ? (
          <>
            <p data-testid="approve-all-summary">
              Approved {result.approved.length} of {ids.length}; refused {result.refused.length}.
            </p>
            {result.refused.length > 0 && (
              <ul className="ad-refused" aria-label="Refused cards">
                {result.refused.map((r) => (
                  <li key={r.id} data-testid="refused-card" data-code={r.error.code ?? ''}>
                    <strong>{r.card?.symbol ?? r.id}</strong> — {r.error.title}
                    {r.error.code !== null ? ` (${r.error.code})` : ''}: {r.error.detail}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <>
            <table className="ad-table">
              <thead>
                <tr>
                  <th>Side</th>
                  <th>Symbol</th>
                  <th className="num">Qty</th>
                  <th>Order</th>
                  <th className="num">Notional</th>
                  <th>Guardrails</th>
                </tr>
              </thead>
              <tbody>
                {listed.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <span className={`badge ${sideClass(c.side)}`}>{sideLabel(c.side)}</span>
                    </td>
                    <td>
                      <strong>{c.symbol}</strong>
                    </td>
                    <td className="num">{formatInt(c.quantity)}</td>
                    <td>{orderPrices(c)}</td>
                    <td className="num">{formatMoney(cardNotional(c, null))}</td>
                    <td className={c.guardrails.passed ? 'muted' : 'down'}>{c.guardrails.passed ? (c.guardrails.severity === 'warn' ? 'warnings' : 'pass') : 'BLOCKED'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">Total notional about {formatMoney(total)}. Each card is checked again by the engine; blocked ones are refused with the reason.</p>
          </>
        )}
        <ErrorBox error={error} />
        <footer className="ad-foot">
          <button type="button" className="btn" onClick={close}>
            {result ? 'Close' : 'Cancel'}
          </button>
          {!result && (
            <button ref={confirmRef} type="button" className="btn btn-approve" disabled={busy || ids.length === 0} onClick={() => void run()} data-testid="confirm-approve-all">
              {busy ? 'Approving…' : `Approve ${ids.length}`}
            </button>
          )}
        </footer>
      </div>
    </Dialog>
  );
}
