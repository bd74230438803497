/**
 * Positions & orders: the account summary, the positions table, the orders blotter and the fills list, each
 * with source and as-of, times in New York. The blotter and fills are virtualized (only visible rows exist).
 * A symbol opens the Market view; a position's Close button opens the order ticket on the closing side.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { Fill, Order } from '../../../../shared/contract/trading-schemas';
import { openTicket } from '../../components/order-ticket/ticket-store';
import { openOptionChain } from '../options/open-chain';
import { useEngine } from '../../engine/engine-context';
import { changeClass, formatInt, formatNyDateTime, formatNyTime, formatPct, formatPrice } from '../../lib/format';
import { SECTOR_SHORT } from '../../lib/labels';
import { openInMarket } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { cancelCard } from '../../store/trading-commands';
import { loadPortfolio } from '../../store/wire-engine-events';
import { formatMoney, formatMoneySigned, orderTypeLabel, sideClass, sideLabel, statusLabel } from '../approvals/trade-format';
import { OptionContractCell, OptionGreekCells, OPTION_GREEK_HEADERS } from '../options/OptionPositionCells';
import { closingSide, filterFills, filterOrders, filterPositions, isOpenOrder, ORDER_FILTERS, positionTotals, type OrderFilter } from './portfolio-model';
import '../approvals/approvals.css';
import './portfolio.css';

/** The view. */
export function PortfolioView(): ReactNode {
  const client = useEngine();
  const error = useKestrelStore((s) => s.portfolioError);
  const [symbolFilter, setSymbolFilter] = useState('');
  return (
    <div className="portfolio-view" data-testid="portfolio-view">
      <AccountStrip filter={symbolFilter} onFilter={setSymbolFilter} />
      {error && (
        <div className="banner banner-error" role="alert">
          Could not load positions and orders: {error}{' '}
          <button type="button" className="link-btn" onClick={() => void loadPortfolio(client)}>
            Retry
          </button>
        </div>
      )}
      <PositionsTable filter={symbolFilter} />
      <div className="pf-lower">
        <OrdersBlotter filter={symbolFilter} />
        <FillsList filter={symbolFilter} />
      </div>
    </div>
  );
}

function Stat({ label, value, cls, title }: { label: string; value: string; cls?: string; title?: string }): ReactNode {
  return (
    <div className="pf-stat" title={title}>
      <span className="pf-stat-label">{label}</span>
      <span className={`pf-stat-value num ${cls ?? ''}`}>{value}</span>
    </div>
  );
}

function AccountStrip({ filter, onFilter }: { filter: string; onFilter(v: string): void }): ReactNode {
  const a = useKestrelStore((s) => s.account);
  const status = useKestrelStore((s) => s.portfolioStatus);
  return (
    <div className="pf-account" data-testid="account-summary" aria-label="Account summary" role="group">
      {a ? (
        <>
          <Stat label="Equity" value={formatMoney(a.equity)} title={`Starting cash ${formatMoney(a.startingCash)}`} />
          <Stat label="Cash" value={formatMoney(a.cash)} />
          <Stat label="Buying power" value={formatMoney(a.buyingPower)} />
          <Stat label="Long MV" value={formatMoney(a.longMarketValue)} />
          <Stat label="Short MV" value={formatMoney(a.shortMarketValue)} cls={a.shortMarketValue < 0 ? 'down' : ''} />
          <Stat label="Realised" value={formatMoneySigned(a.realizedPnl)} cls={changeClass(a.realizedPnl)} />
          <Stat label="Unrealised" value={formatMoneySigned(a.unrealizedPnl)} cls={changeClass(a.unrealizedPnl)} />
          <Stat label="Day P&L" value={formatMoneySigned(a.dayPnl)} cls={changeClass(a.dayPnl)} />
          <Stat label="Open orders" value={formatInt(a.openOrders)} />
          <span className="pf-src" data-testid="account-asof">
            {a.broker} · {a.source} · as of {formatNyTime(a.asOf)} ET
          </span>
        </>
      ) : (
        <span className="muted">{status === 'error' ? 'No account data.' : 'Loading the account…'}</span>
      )}
      <span className="pf-spacer" />
      <label className="filter pf-filter">
        <span className="sr-only">Filter by symbol</span>
        <input type="search" className="filter-input" placeholder="Filter symbol" value={filter} onChange={(e) => onFilter(e.target.value)} aria-label="Filter positions, orders and fills by symbol" data-testid="portfolio-filter" />
      </label>
    </div>
  );
}

function PositionsTable({ filter }: { filter: string }): ReactNode {
  const positions = useKestrelStore((s) => s.positions);
  const rows = useMemo(() => filterPositions(positions, filter), [positions, filter]);
  const totals = positionTotals(rows);
  // Option positions add their contract and position Greeks; the columns appear when there is one.
  const hasOptions = positions.some((p) => p.option !== null);
  const cols = 12 + (hasOptions ? OPTION_GREEK_HEADERS.length : 0);
  return (
    <section className="pf-section pf-positions" aria-label="Positions">
      <h2 className="aq-h2">
        Positions <span className="muted">({rows.length})</span>
      </h2>
      <div className="pf-table-scroll">
        <table className="pf-table" data-testid="positions-table">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Sector</th>
              <th className="num">Qty</th>
              <th className="num">Avg cost</th>
              <th className="num">Last</th>
              <th className="num">Mkt value</th>
              <th className="num">Unrl P&amp;L</th>
              <th className="num">Unrl %</th>
              <th className="num">Realised</th>
              <th className="num">Day P&amp;L</th>
              {hasOptions &&
                OPTION_GREEK_HEADERS.map((h) => (
                  <th key={h.label} className="num" title={h.title}>
                    {h.label}
                  </th>
                ))}
              <th>Source · as of (ET)</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={cols} className="pf-empty">
                  {positions.length === 0 ? 'No positions. Approved cards that fill show up here.' : 'No position matches the filter.'}
                </td>
              </tr>
            ) : (
              rows.map((p) => (
                <tr key={p.symbol} data-testid="position-row" data-symbol={p.symbol} data-qty={p.quantity} data-option={p.option !== null} aria-label={`${p.symbol} position ${p.quantity} ${p.option ? 'contracts' : 'shares'}`}>
                  {p.option ? (
                    <OptionContractCell position={p} option={p.option} />
                  ) : (
                    <td>
                      <button type="button" className="link-btn sym-link" onClick={() => openInMarket(p.symbol)} aria-label={`Open ${p.symbol} in the Market view`} title={p.name}>
                        {p.symbol}
                      </button>{' '}
                      <span className="muted pf-name">{p.name}</span>
                    </td>
                  )}
                  <td className="muted">{p.sector ? SECTOR_SHORT[p.sector] : '—'}</td>
                  <td className={`num ${p.quantity < 0 ? 'down' : ''}`}>{p.quantity > 0 ? formatInt(p.quantity) : `−${formatInt(-p.quantity)}`}</td>
                  <td className="num">{formatPrice(p.avgCost)}</td>
                  <td className="num">{formatPrice(p.lastPrice)}</td>
                  <td className="num">{formatMoney(p.marketValue)}</td>
                  <td className={`num ${changeClass(p.unrealizedPnl)}`}>{formatMoneySigned(p.unrealizedPnl)}</td>
                  <td className={`num ${changeClass(p.unrealizedPnlPct)}`}>{formatPct(p.unrealizedPnlPct)}</td>
                  <td className={`num ${changeClass(p.realizedPnl)}`}>{formatMoneySigned(p.realizedPnl)}</td>
                  <td className={`num ${changeClass(p.dayPnl)}`}>{formatMoneySigned(p.dayPnl)}</td>
                  {hasOptions && <OptionGreekCells option={p.option} />}
                  <td className="muted pf-asof">
                    {p.source} · {formatNyTime(p.quoteAsOf)}
                  </td>
                  <td>
                    {p.option ? (
                      <button type="button" className="btn pf-close" onClick={() => openOptionChain(p.option!.underlying)} aria-label={`Open the ${p.option.underlying} option chain`}>
                        Chain…
                      </button>
                    ) : (
                      <button type="button" className="btn pf-close" onClick={() => openTicket(p.symbol, closingSide(p.quantity))} aria-label={`Close ${p.symbol} position (order ticket)`}>
                        Close…
                      </button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
          {rows.length > 0 && (
            <tfoot>
              <tr>
                <td colSpan={5} className="muted">
                  Total · gross {formatMoney(totals.gross)}
                </td>
                <td className="num">{formatMoney(totals.marketValue)}</td>
                <td className={`num ${changeClass(totals.unrealizedPnl)}`}>{formatMoneySigned(totals.unrealizedPnl)}</td>
                <td />
                <td className={`num ${changeClass(totals.realizedPnl)}`}>{formatMoneySigned(totals.realizedPnl)}</td>
                <td className={`num ${changeClass(totals.dayPnl)}`}>{formatMoneySigned(totals.dayPnl)}</td>
                {hasOptions && <OptionGreekCells option={null} totals={rows} />}
                <td colSpan={2} />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}

const ROW_H = 22;

/** A virtualized list body with a fixed header, rows laid out by a CSS grid template. */
function VirtualList<T>({
  items,
  header,
  renderRow,
  testId,
  label,
  empty,
}: {
  items: readonly T[];
  header: ReactNode;
  renderRow(item: T, index: number): ReactNode;
  testId: string;
  label: string;
  empty: string;
}): ReactNode {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 10 });
  return (
    <div className="pf-vlist" role="table" aria-label={label} data-testid={testId} data-rows={items.length}>
      {header}
      <div className="pf-vscroll" ref={scrollRef}>
        {items.length === 0 ? (
          <p className="pf-empty">{empty}</p>
        ) : (
          <div className="pf-vbody" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => (
              <div key={v.key} className="pf-vrow-wrap" style={{ transform: `translateY(${v.start}px)` }}>
                {renderRow(items[v.index]!, v.index)}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

function OrdersBlotter({ filter }: { filter: string }): ReactNode {
  const client = useEngine();
  const orders = useKestrelStore((s) => s.orders);
  const [status, setStatus] = useState<OrderFilter>('all');
  const rows = useMemo(() => filterOrders(orders, status, filter), [orders, status, filter]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cancel = (o: Order): void => {
    setBusy(o.cardId);
    setError(null);
    void cancelCard(client, o.cardId, 'Cancelled from the orders blotter').then((out) => {
      setBusy(null);
      if (!out.ok) setError(`${o.symbol}: ${out.error.title} — ${out.error.detail}`);
    });
  };
  return (
    <section className="pf-section pf-orders" aria-label="Orders">
      <div className="pf-head">
        <h2 className="aq-h2">
          Orders <span className="muted">({rows.length})</span>
        </h2>
        <div className="pf-seg" role="group" aria-label="Order status filter">
          {ORDER_FILTERS.map((f) => (
            <button key={f.id} type="button" className={`seg-btn ${status === f.id ? 'active' : ''}`} aria-pressed={status === f.id} onClick={() => setStatus(f.id)} data-testid={`orders-filter-${f.id}`}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p className="ad-error" role="alert">
          {error}
        </p>
      )}
      <VirtualList
        items={rows}
        testId="orders-blotter"
        label="Orders blotter"
        empty={orders.length === 0 ? 'No orders yet. Approving a card sends its order.' : 'No order matches the filters.'}
        header={
          <div className="pf-vrow pf-orow pf-vhead" role="row">
            <span role="columnheader">Created</span>
            <span role="columnheader">Symbol</span>
            <span role="columnheader">Side</span>
            <span role="columnheader">Role</span>
            <span role="columnheader" className="num">
              Tr
            </span>
            <span role="columnheader">Type</span>
            <span role="columnheader" className="num">
              Limit / stop
            </span>
            <span role="columnheader" className="num">
              Filled / qty
            </span>
            <span role="columnheader" className="num">
              Avg fill
            </span>
            <span role="columnheader">Status</span>
            <span role="columnheader">TIF</span>
            <span role="columnheader">Submitted</span>
            <span role="columnheader">Updated</span>
            <span role="columnheader">Reason</span>
            <span role="columnheader" />
          </div>
        }
        renderRow={(o) => (
          <div className="pf-vrow pf-orow" role="row" data-testid="order-row" data-symbol={o.symbol} data-status={o.status} aria-label={`${o.symbol} ${o.side} ${o.quantity} ${o.status}`}>
            <span className="num" title={formatNyDateTime(o.createdAt)}>
              {formatNyTime(o.createdAt)}
            </span>
            <span>
              <button type="button" className="link-btn sym-link" onClick={() => openInMarket(o.symbol)} aria-label={`Open ${o.symbol} in the Market view`}>
                {o.symbol}
              </button>
            </span>
            <span>
              <span className={`badge ${sideClass(o.side)}`}>{sideLabel(o.side)}</span>
            </span>
            <span className="muted">{o.role.replace('_', ' ')}</span>
            <span className="num">{o.role === 'entry' ? o.tranche : '—'}</span>
            <span>{orderTypeLabel(o.orderType)}</span>
            <span className="num">{o.limitPrice !== null || o.stopPrice !== null ? [o.limitPrice, o.stopPrice].filter((x) => x !== null).map((x) => formatPrice(x)).join(' / ') : '—'}</span>
            <span className="num">
              {formatInt(o.filledQuantity)}/{formatInt(o.quantity)}
            </span>
            <span className="num">{formatPrice(o.avgFillPrice)}</span>
            <span>
              <span className={`status-chip ost-${o.status}`}>{statusLabel(o.status).toUpperCase()}</span>
            </span>
            <span className="muted">{o.timeInForce.toUpperCase()}</span>
            <span className="num muted">{o.submittedAt !== null ? formatNyTime(o.submittedAt) : o.status === 'pending_submit' ? `due ${formatNyTime(o.dueAt)}` : '—'}</span>
            <span className="num muted">{formatNyTime(o.updatedAt)}</span>
            <span className="muted pf-reason" title={o.statusReason ?? undefined}>
              {o.statusReason ?? ''}
            </span>
            <span>
              {isOpenOrder(o) && (
                <button type="button" className="btn pf-cancel" disabled={busy === o.cardId} onClick={() => cancel(o)} aria-label={`Cancel the ${o.symbol} card and its open orders`}>
                  Cancel
                </button>
              )}
            </span>
          </div>
        )}
      />
      <p className="pf-foot muted">{orders[0] ? `${orders[0].broker} · times in New York (ET)` : 'Times in New York (ET)'}</p>
    </section>
  );
}

function FillsList({ filter }: { filter: string }): ReactNode {
  const fills = useKestrelStore((s) => s.fills);
  const rows = useMemo(() => filterFills(fills, filter), [fills, filter]);
  return (
    <section className="pf-section pf-fills" aria-label="Fills">
      <div className="pf-head">
        <h2 className="aq-h2">
          Fills <span className="muted">({rows.length})</span>
        </h2>
      </div>
      <VirtualList
        items={rows}
        testId="fills-list"
        label="Fills"
        empty={fills.length === 0 ? 'No fills yet.' : 'No fill matches the filter.'}
        header={
          <div className="pf-vrow pf-frow pf-vhead" role="row">
            <span role="columnheader">Time</span>
            <span role="columnheader">Symbol</span>
            <span role="columnheader">Side</span>
            <span role="columnheader" className="num">
              Qty
            </span>
            <span role="columnheader" className="num">
              Price
            </span>
            <span role="columnheader" className="num">
              Notional
            </span>
            <span role="columnheader" className="num">
              Fee
            </span>
            <span role="columnheader">Source</span>
          </div>
        }
        renderRow={(f: Fill) => (
          <div className="pf-vrow pf-frow" role="row" data-testid="fill-row" data-symbol={f.symbol} aria-label={`Fill ${f.symbol} ${f.side} ${f.quantity} at ${formatPrice(f.price)}`}>
            <span className="num" title={formatNyDateTime(f.t)}>
              {formatNyTime(f.t)}
            </span>
            <span>
              <button type="button" className="link-btn sym-link" onClick={() => openInMarket(f.symbol)} aria-label={`Open ${f.symbol} in the Market view`}>
                {f.symbol}
              </button>
            </span>
            <span>
              <span className={`badge ${sideClass(f.side)}`}>{sideLabel(f.side)}</span>
            </span>
            <span className="num">{formatInt(f.quantity)}</span>
            <span className="num">{formatPrice(f.price)}</span>
            <span className="num">{formatMoney(f.price * f.quantity)}</span>
            <span className="num muted">{formatMoney(f.fee)}</span>
            <span className="muted">{f.source}</span>
          </div>
        )}
      />
    </section>
  );
}
