/**
 * The options desk (`?view=options&symbol=XYZ`): the window's selected symbol with spot, source and as-of;
 * expiry tabs (weekly/monthly, days to expiry, an event marker when an earnings or FDA date falls before the
 * expiry); the analytics strip; the chain (polled ~2 s, only changed cells repaint) with configurable columns;
 * and, beside it, the pain curve, the IV smile and the strategy builder. Keys (view-local, quiet while typing or
 * while a dialog is open): ↑/↓ strike, ←/→ call/put, B buy at the ask, S sell at the bid, [ / ] expiry.
 * Names without listed options show the engine's reason plainly.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { quoteOfRow, type Expiry, type OptionChain, type Strategy } from '../../../../shared/contract/options-schemas';
import { isTypingTarget } from '../../app/dom-ids';
import { Dialog } from '../../components/ui/Dialog';
import { useEscape } from '../../components/guardrails/use-escape';
import { errorText } from '../../lib/error-text';
import { formatNyTime, formatPrice } from '../../lib/format';
import { anyOverlayOpen, selectSymbol } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { AnalyticsCharts, AnalyticsStrip } from './AnalyticsStrip';
import { ChainTable } from './ChainTable';
import { ColumnsMenu } from './ColumnsMenu';
import { addLeg, dteLabel, expiryAria, expiryLabel, legFromQuote, loadColumns, moveCursor, saveColumns, type ChainCursor, type ColumnId } from './options-model';
import { StrategyBuilder } from './StrategyBuilder';
import { useAnalytics, useChain, useExpiries, useOptionsStatus } from './use-options-data';
import '../approvals/approvals.css';
import './options.css';

/** The view. */
export function OptionsView(): ReactNode {
  const symbol = useKestrelStore((s) => s.selectedSymbol);
  const expiries = useExpiries(symbol);
  const list = expiries.data?.underlying === symbol ? expiries.data : null;
  const [picked, setPicked] = useState<{ symbol: string | null; expiry: string } | null>(null);
  const expiry = pickExpiry(list?.expiries ?? [], picked?.symbol === symbol ? picked.expiry : null);
  const chain = useChain(list?.optionable ? symbol : null, expiry);
  const analytics = useAnalytics(list?.optionable ? symbol : null, expiry);
  const status = useOptionsStatus();
  const [columns, setColumns] = useState<ColumnId[]>(() => loadColumns());
  const [cursor, setCursor] = useState<ChainCursor | null>(null);
  const [strategy, setStrategy] = useState<Strategy | null>(null);
  const [confirmEnable, setConfirmEnable] = useState(false);

  // A new symbol starts a new strategy and cursor.
  useEffect(() => {
    setStrategy(null);
    setCursor(null);
  }, [symbol]);

  const chainRef = useRef<OptionChain | null>(chain.data);
  chainRef.current = chain.data;
  const onPick = useCallback((strike: number, type: 'call' | 'put', side: 'buy' | 'sell') => {
    const c = chainRef.current;
    const row = c?.rows.find((r) => r.strike === strike);
    if (!c || !row) return;
    setStrategy((s) => addLeg(s, c.underlying, legFromQuote(quoteOfRow(c, row, type), side)));
  }, []);
  const setExpiry = useCallback((e: string) => {
    setPicked({ symbol, expiry: e });
    setCursor(null);
  }, [symbol]);
  const changeColumns = useCallback((ids: ColumnId[]) => {
    setColumns(ids);
    saveColumns(ids);
  }, []);

  // View keys.
  const keyState = useRef({ cursor, chain: chain.data, expiries: list?.expiries ?? [], expiry });
  keyState.current = { cursor, chain: chain.data, expiries: list?.expiries ?? [], expiry };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (anyOverlayOpen() || document.querySelector('[aria-modal="true"]') !== null) return;
      const { cursor: cur, chain: c, expiries: exps, expiry: ex } = keyState.current;
      if (e.key === '[' || e.key === ']') {
        const i = exps.findIndex((x) => x.expiry === ex);
        const next = exps[Math.min(exps.length - 1, Math.max(0, i + (e.key === ']' ? 1 : -1)))];
        if (next && next.expiry !== ex) setExpiry(next.expiry);
        e.preventDefault();
        return;
      }
      if (!c) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setCursor(moveCursor(c.rows, cur, e.key === 'ArrowDown' ? 1 : -1, c.atmStrike));
      } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && cur) {
        e.preventDefault();
        setCursor({ ...cur, side: e.key === 'ArrowLeft' ? 'call' : 'put' });
      } else if ((e.key === 'b' || e.key === 'B' || e.key === 's' || e.key === 'S') && !e.shiftKey && cur) {
        e.preventDefault();
        onPick(cur.strike, cur.side, e.key.toLowerCase() === 'b' ? 'buy' : 'sell');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onPick, setExpiry]);

  if (!symbol) {
    return (
      <div className="options-view" data-testid="options-view">
        <p className="empty-state">Select a symbol (Market view, or Ctrl/⌘+K) to open its option chain.</p>
      </div>
    );
  }

  const c = chain.data;
  return (
    <div className="options-view" data-testid="options-view" data-symbol={symbol}>
      <header className="ov-head">
        <SymbolBox symbol={symbol} />
        {c ? (
          <span className="ov-spot" data-testid="chain-spot" title={`Underlying price the chain is priced from; r ${(c.rate * 100).toFixed(2)}%, q ${(c.dividendYield * 100).toFixed(2)}%, multiplier ${c.multiplier}`}>
            <span className="num ov-spot-px">{formatPrice(c.spot)}</span>
            <span className="muted">
              {c.source} · as of {formatNyTime(c.asOf)} ET
            </span>
          </span>
        ) : (
          <span className="muted">{chain.loading || expiries.loading ? 'Loading…' : ''}</span>
        )}
        {c && (
          <span className="muted ov-meta">
            {dteLabel(c.daysToExpiry)} to {c.expiry} · ATM {c.atmStrike}
          </span>
        )}
        <span className="ov-spacer" />
        {chain.error && c && (
          <span className="ov-stale" role="status" title={chain.error}>
            update failed — showing {formatNyTime(c.asOf)} ET
          </span>
        )}
        <ColumnsMenu columns={columns} onChange={changeColumns} />
      </header>
      {expiries.error && !list && (
        <div className="banner banner-error" role="alert">
          Could not read {symbol}'s expiries: {expiries.error}
        </div>
      )}
      {list && !list.optionable && (
        <div className="ov-not-optionable" role="status" data-testid="not-optionable">
          <strong>{list.reason ?? `${symbol} has no listed options.`}</strong> The chain, analytics and strategy builder need listed options (optionable names have a market cap of at least $300M, plus the ETFs).
        </div>
      )}
      {list?.optionable && (
        <>
          <ExpiryTabs expiries={list.expiries} active={expiry} onPick={setExpiry} />
          {analytics.data ? <AnalyticsStrip a={analytics.data} /> : <div className="oa oa-loading muted">{analytics.error ? `Analytics unavailable: ${analytics.error}` : 'Loading analytics…'}</div>}
          <div className="ov-body">
            <div className="ov-chain">
              {c ? (
                <ChainTable chain={c} columns={columns} cursor={cursor} onPick={onPick} onCursor={setCursor} />
              ) : (
                <p className="empty-state">{chain.error ? `Could not read the chain: ${chain.error}` : 'Loading the chain…'}</p>
              )}
            </div>
            <aside className="ov-side">
              {analytics.data && <AnalyticsCharts a={analytics.data} />}
              <StrategyBuilder symbol={symbol} expiry={expiry} chain={c} strategy={strategy} onStrategy={setStrategy} status={status.data} onEnableTrading={() => setConfirmEnable(true)} onStatusStale={status.reload} />
            </aside>
          </div>
        </>
      )}
      {confirmEnable && <EnableTradingDialog onClose={() => setConfirmEnable(false)} onConfirm={() => status.set(true)} />}
    </div>
  );
}

/** The chosen expiry if still listed, else the nearest at least a day out (an expiring chain is mostly noise). */
export function pickExpiry(list: readonly Expiry[], wanted: string | null): string | null {
  if (wanted && list.some((e) => e.expiry === wanted)) return wanted;
  return (list.find((e) => e.daysToExpiry >= 1) ?? list[0])?.expiry ?? null;
}

function SymbolBox({ symbol }: { symbol: string }): ReactNode {
  const [text, setText] = useState<string | null>(null);
  const commit = (): void => {
    const t = text?.trim().toUpperCase();
    if (t && /^[A-Z][A-Z0-9.-]{0,15}$/.test(t)) selectSymbol(t);
    setText(null);
  };
  return (
    <input
      className="ov-symbol"
      value={text ?? symbol}
      aria-label="Underlying symbol (Enter to open its chain)"
      data-testid="options-symbol"
      onFocus={(e) => e.target.select()}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => setText(null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit();
          e.currentTarget.blur();
        }
      }}
    />
  );
}

function ExpiryTabs({ expiries, active, onPick }: { expiries: readonly Expiry[]; active: string | null; onPick(e: string): void }): ReactNode {
  return (
    <nav className="ov-expiries" role="tablist" aria-label="Expiries ([ and ] switch)" data-testid="expiry-tabs">
      {expiries.map((e) => (
        <button
          key={e.expiry}
          type="button"
          role="tab"
          aria-selected={e.expiry === active}
          aria-label={expiryAria(e)}
          className={`ov-exp ${e.expiry === active ? 'active' : ''} ov-exp-${e.kind}`}
          data-testid="expiry-tab"
          data-expiry={e.expiry}
          title={`${e.expiry} · ${e.kind}${e.spansEvent ? ' · an earnings or FDA date falls before this expiry: its IV carries the event' : ''}`}
          onClick={() => onPick(e.expiry)}
        >
          <span className="ov-exp-date">{expiryLabel(e.expiry)}</span>
          <span className="ov-exp-dte num">{dteLabel(e.daysToExpiry)}</span>
          {e.kind === 'monthly' && <span className="ov-exp-kind">M</span>}
          {e.spansEvent && (
            <span className="ov-exp-event" aria-hidden="true">
              E
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}

function EnableTradingDialog({ onClose, onConfirm }: { onClose(): void; onConfirm(): Promise<void> }): ReactNode {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEscape(onClose);
  return (
    <Dialog title="Turn on option trading?" onClose={onClose} testId="enable-options-dialog" className="dialog-confirm">
      <div className="ad-body">
        <p>
          This sets <code>OPTIONS_TRADING_ENABLED</code> on: strategies can then be sent to the approval queue as multi-leg trade cards. Every card still needs the
          guardrails and a human approval before anything is sent to the broker.
        </p>
        {error && (
          <p className="ad-error" role="alert">
            {error}
          </p>
        )}
        <div className="ad-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-approve"
            disabled={busy}
            data-testid="confirm-enable-options"
            onClick={() => {
              setBusy(true);
              onConfirm().then(onClose, (e: unknown) => {
                setBusy(false);
                setError(errorText(e));
              });
            }}
          >
            {busy ? 'Turning on…' : 'Turn on option trading'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
