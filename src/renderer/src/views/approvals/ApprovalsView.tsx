/**
 * The Approvals view: the queue of pending and blocked trade cards, newest first, driven from the keyboard
 * (↑/↓ or J/K select, A approve, R reject, M modify, Shift+A approve all, Enter/E thesis, G explain, T ticket),
 * with each refusal explained on its card, and the recently decided cards below.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GuardrailCheckId } from '../../../../shared/contract/trading-schemas';
import { isTypingTarget } from '../../app/dom-ids';
import { openTicket } from '../../components/order-ticket/ticket-store';
import { useEngine } from '../../engine/engine-context';
import { formatInt, formatNyTime, formatPrice } from '../../lib/format';
import { openInMarket, selectCard, setApprovalDialog, setPaletteOpen } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { approveCard, cancelCard } from '../../store/trading-commands';
import type { TradingErrorText } from '../../store/trading-errors';
import { decidedCards, moveCardSelection, queuedCards } from '../../store/trading-reducers';
import { loadCards } from '../../store/wire-engine-events';
import { ApprovalDialogs } from './ApprovalDialogs';
import { CardRow, StatusChip, type CardRowActions } from './CardRow';
import { formatMoney, orderPrices, sideClass, sideLabel } from './trade-format';
import { useSimNow } from './use-sim-now';
import './approvals.css';

/** Whether a modal (ours, the ticket, the explain dialog) is open: the view's keys stay quiet then. */
function modalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** The view. */
export function ApprovalsView(): ReactNode {
  const client = useEngine();
  const cards = useKestrelStore((s) => s.cards);
  const status = useKestrelStore((s) => s.cardsStatus);
  const loadError = useKestrelStore((s) => s.cardsError);
  const selected = useKestrelStore((s) => s.selectedCardId);
  const trading = useKestrelStore((s) => s.tradingStatus);
  const queue = useMemo(() => queuedCards(cards), [cards]);
  const decided = useMemo(() => decidedCards(cards, 30), [cards]);
  const now = useSimNow(250);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Readonly<Record<string, TradingErrorText>>>({});
  const [busy, setBusy] = useState<Readonly<Record<string, string>>>({});
  const queueRef = useRef(queue);
  queueRef.current = queue;

  const setBusyFor = (id: string, what: string | null): void =>
    setBusy((b) => {
      const next = { ...b };
      if (what === null) delete next[id];
      else next[id] = what;
      return next;
    });
  const setErrorFor = (id: string, error: TradingErrorText | null): void =>
    setErrors((e) => {
      const next = { ...e };
      if (error === null) delete next[id];
      else next[id] = error;
      return next;
    });

  const actions: CardRowActions = useMemo(
    () => ({
      select: selectCard,
      toggle: (id) =>
        setExpanded((s) => {
          const next = new Set(s);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      approve: (id) => {
        selectCard(id);
        setErrorFor(id, null);
        setBusyFor(id, 'approve');
        void approveCard(client, id).then((out) => {
          setBusyFor(id, null);
          if (!out.ok) setErrorFor(id, out.error);
        });
      },
      reject: (id) => {
        selectCard(id);
        setApprovalDialog({ kind: 'reject', cardId: id });
      },
      modify: (id) => {
        selectCard(id);
        setApprovalDialog({ kind: 'modify', cardId: id });
      },
      cancel: (id) => {
        selectCard(id);
        setErrorFor(id, null);
        setBusyFor(id, 'cancel');
        void cancelCard(client, id, 'Withdrawn from the approval queue').then((out) => {
          setBusyFor(id, null);
          if (!out.ok) setErrorFor(id, out.error);
        });
      },
      explain: (id, focus?: GuardrailCheckId) => setApprovalDialog(focus ? { kind: 'explain', cardId: id, focus } : { kind: 'explain', cardId: id }),
      dismissError: (id) => setErrorFor(id, null),
    }),
    [client],
  );

  // Keep the selected card on screen (keyboard moves, `?card=` links, notifications).
  useEffect(() => {
    if (!selected) return;
    document.getElementById(`card-${selected}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, queue.length]);

  // Select the first card when nothing is selected.
  useEffect(() => {
    if (selected === null && queue.length > 0) selectCard(queue[0]!.id);
  }, [selected, queue]);

  const onKey = useCallback(
    (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || modalOpen()) return;
      const s = useKestrelStore.getState();
      const q = queueRef.current;
      const id = s.selectedCardId !== null && q.some((c) => c.id === s.selectedCardId) ? s.selectedCardId : null;
      const key = e.key;
      const move = key === 'ArrowDown' || key === 'j' ? 1 : key === 'ArrowUp' || key === 'k' ? -1 : key === 'Home' ? -1e9 : key === 'End' ? 1e9 : 0;
      if (move !== 0 && !e.shiftKey) {
        e.preventDefault();
        selectCard(moveCardSelection(q, id, move));
        return;
      }
      if (key === 'A' && e.shiftKey) {
        e.preventDefault();
        const ids = q.filter((c) => c.status === 'pending').map((c) => c.id);
        if (ids.length > 0) setApprovalDialog({ kind: 'approveAll', cardIds: ids });
        return;
      }
      if (e.shiftKey || id === null) return;
      const card = q.find((c) => c.id === id)!;
      const run: Record<string, () => void> = {
        a: () => actions.approve(id),
        r: () => actions.reject(id),
        m: () => actions.modify(id),
        e: () => actions.toggle(id),
        Enter: () => actions.toggle(id),
        g: () => actions.explain(id),
        t: () => openTicket(card.symbol, card.side),
      };
      const f = run[key];
      // Enter on a focused button or link is that control's own.
      if (key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a')) return;
      if (f) {
        e.preventDefault();
        e.stopPropagation();
        f();
      }
    },
    [actions],
  );
  useEffect(() => {
    // Capture, so `t` here means "ticket for this card's symbol" rather than the window-wide selection.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onKey]);

  const pending = queue.filter((c) => c.status === 'pending').length;
  const blocked = queue.length - pending;
  return (
    <div className="approvals-view" data-testid="approvals-view">
      <div className="aq-toolbar">
        <h1 className="aq-title">Approval queue</h1>
        <span className="aq-counts" aria-live="polite" data-testid="queue-count" data-count={queue.length}>
          <strong className="num">{pending}</strong> pending · <span className={blocked > 0 ? 'down' : 'muted'}>{blocked} blocked</span>
        </span>
        <span className="aq-keys muted" aria-hidden="true">
          <kbd>J</kbd>
          <kbd>K</kbd> select · <kbd>A</kbd> approve · <kbd>R</kbd> reject · <kbd>M</kbd> modify · <kbd>Enter</kbd> thesis · <kbd>G</kbd> why
        </span>
        <span className="aq-spacer" />
        <button
          type="button"
          className="btn btn-approve"
          aria-label="Approve all pending cards"
          title="Approve all pending cards (Shift+A)"
          disabled={pending === 0}
          data-testid="approve-all"
          onClick={() => setApprovalDialog({ kind: 'approveAll', cardIds: queue.filter((c) => c.status === 'pending').map((c) => c.id) })}
        >
          Approve all ({pending})
        </button>
      </div>
      {trading?.halted && (
        <div className="banner aq-halted" role="status" data-testid="approvals-halted">
          Desk halted{trading.since ? ` since ${formatNyTime(trading.since)} ET` : ''}
          {trading.by ? ` by ${trading.by}` : ''}: “{trading.reason ?? 'no reason given'}”. Approvals are refused until trading resumes.
        </div>
      )}
      {loadError && (
        <div className="banner banner-error" role="alert">
          Could not load the cards: {loadError}{' '}
          <button type="button" className="link-btn" onClick={() => void loadCards(client)}>
            Retry
          </button>
        </div>
      )}
      <div className="aq-scroll">
        <section className="aq-queue" aria-label="Pending cards" data-testid="approval-queue">
          {queue.length === 0 ? (
            <EmptyQueue loading={status === 'loading' || status === 'idle'} />
          ) : (
            queue.map((c) => (
              <CardRow
                key={c.id}
                card={c}
                selected={c.id === selected}
                expanded={expanded.has(c.id)}
                now={now}
                busy={busy[c.id] ?? null}
                error={errors[c.id] ?? null}
                actions={actions}
              />
            ))
          )}
        </section>
        <DecidedSection cards={decided} selected={selected} errors={errors} onDismiss={actions.dismissError} />
      </div>
      <ApprovalDialogs />
    </div>
  );
}

function EmptyQueue({ loading }: { loading: boolean }): ReactNode {
  const symbol = useKestrelStore((s) => s.selectedSymbol);
  if (loading) {
    return (
      <p className="empty-state aq-empty" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading the approval queue…
      </p>
    );
  }
  return (
    <div className="aq-empty" data-testid="approvals-empty">
      <p className="aq-empty-title">No cards waiting for approval.</p>
      <p className="muted">
        Cards arrive from the sector grid, segments and strategies, or raise one yourself: press <kbd>T</kbd> on a symbol (Market view, sector cards) to open
        the order ticket, or <kbd>Ctrl/⌘</kbd> <kbd>K</kbd> and “New order ticket”.
      </p>
      <p>
        <button type="button" className="btn" onClick={() => (symbol ? openTicket(symbol) : setPaletteOpen(true))} data-testid="empty-new-ticket">
          {symbol ? `New order ticket for ${symbol}` : 'Find a symbol…'}
        </button>
      </p>
    </div>
  );
}

function DecidedSection({
  cards,
  selected,
  errors,
  onDismiss,
}: {
  cards: ReturnType<typeof decidedCards>;
  selected: string | null;
  errors: Readonly<Record<string, TradingErrorText>>;
  onDismiss(id: string): void;
}): ReactNode {
  return (
    <section className="aq-decided" aria-label="Recently decided cards" data-testid="decided-cards">
      <h2 className="aq-h2">Recently decided</h2>
      {cards.length === 0 ? (
        <p className="muted aq-decided-empty">Nothing decided yet this session.</p>
      ) : (
        <table className="aq-dtable">
          <thead>
            <tr>
              <th>Decided (ET)</th>
              <th>Side</th>
              <th>Symbol</th>
              <th className="num">Qty</th>
              <th>Order</th>
              <th>Status</th>
              <th className="num">Filled</th>
              <th className="num">Avg fill</th>
              <th>By</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {cards.map((c) => (
              <tr
                key={c.id}
                id={`card-${c.id}`}
                className={c.id === selected ? 'aq-selected' : undefined}
                data-testid="decided-card"
                data-card-id={c.id}
                data-status={c.status}
                aria-label={`${c.symbol} ${c.status}`}
                onClick={() => selectCard(c.id)}
              >
                <td>{formatNyTime(c.decidedAt ?? c.updatedAt)}</td>
                <td>
                  <span className={`badge ${sideClass(c.side)}`}>{sideLabel(c.side)}</span>
                </td>
                <td>
                  <button type="button" className="link-btn sym-link" onClick={() => openInMarket(c.symbol)} aria-label={`Open ${c.symbol} in the Market view`}>
                    {c.symbol}
                  </button>
                </td>
                <td className="num">{formatInt(c.quantity)}</td>
                <td>{orderPrices(c)}</td>
                <td>
                  <StatusChip status={c.status} />
                </td>
                <td className="num">
                  {formatInt(c.filledQuantity)}/{formatInt(c.quantity)}
                </td>
                <td className="num" title={c.avgFillPrice !== null ? `Notional ${formatMoney(c.avgFillPrice * c.filledQuantity)}` : undefined}>
                  {formatPrice(c.avgFillPrice)}
                </td>
                <td className="muted">{c.decidedBy ?? '—'}</td>
                <td className="aq-reason" title={c.statusReason ?? undefined}>
                  {errors[c.id] ? (
                    <span className="down" role="alert">
                      {errors[c.id]!.title}: {errors[c.id]!.detail}{' '}
                      <button type="button" className="link-btn" onClick={() => onDismiss(c.id)}>
                        dismiss
                      </button>
                    </span>
                  ) : (
                    (c.statusReason ?? '')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
