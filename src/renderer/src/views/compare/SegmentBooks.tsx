/**
 * The multi-segment portfolio (portfolio.bySegment): per segment (and 'unassigned' for trades outside every
 * segment) the sleeve's capital, cash, market value, equity, realised and unrealised P&L, positions and trades,
 * with the total; a row opens its positions.
 */
import { Fragment, useState, type ReactNode } from 'react';
import type { PortfolioBySegment } from '../../../../shared/contract/segment-schemas';
import { changeClass, formatInt, formatPrice } from '../../lib/format';
import { formatMoney, formatMoneySigned } from '../approvals/trade-format';

/** The table. */
export function SegmentBooks({ data, asOfText }: { data: PortfolioBySegment; asOfText: string }): ReactNode {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const t = data.total;
  return (
    <section className="cmp-section cmp-books" aria-labelledby="cmp-books-h" data-testid="segment-books">
      <h2 className="cmp-h" id="cmp-books-h">
        Portfolio by segment <span className="cmp-h-sub">paper account · as of {asOfText}</span>
      </h2>
      <table className="cmp-table">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col" className="num">
              Capital
            </th>
            <th scope="col" className="num">
              Cash
            </th>
            <th scope="col" className="num">
              Market value
            </th>
            <th scope="col" className="num">
              Equity
            </th>
            <th scope="col" className="num">
              Realised P&amp;L
            </th>
            <th scope="col" className="num">
              Unrealised P&amp;L
            </th>
            <th scope="col" className="num">
              Positions
            </th>
            <th scope="col" className="num">
              Trades
            </th>
          </tr>
        </thead>
        <tbody>
          {data.segments.map((b) => (
            <Fragment key={b.segmentId}>
              <tr data-testid="book-row" data-segment={b.segmentId}>
                <th scope="row">
                  {b.positions.length > 0 ? (
                    <button type="button" className="link-btn cmp-expand" aria-expanded={open.has(b.segmentId)} onClick={() => toggle(b.segmentId)}>
                      {open.has(b.segmentId) ? '▾' : '▸'} {b.name}
                    </button>
                  ) : (
                    <span className="cmp-expand-pad">{b.name}</span>
                  )}
                </th>
                <td className="num" title={b.segmentId === 'unassigned' ? 'The deposit no segment’s target allocation claims' : 'Target allocation × the deposit'}>
                  {formatMoney(b.capital)}
                </td>
                <td className="num">{formatMoney(b.cash)}</td>
                <td className="num">{formatMoney(b.marketValue)}</td>
                <td className="num">{formatMoney(b.equity)}</td>
                <td className={`num ${changeClass(b.realizedPnl)}`}>{formatMoneySigned(b.realizedPnl)}</td>
                <td className={`num ${changeClass(b.unrealizedPnl)}`}>{formatMoneySigned(b.unrealizedPnl)}</td>
                <td className="num">{formatInt(b.positions.length)}</td>
                <td className="num">{formatInt(b.trades)}</td>
              </tr>
              {open.has(b.segmentId) &&
                b.positions.map((p) => (
                  <tr key={`${b.segmentId}:${p.symbol}`} className="cmp-pos-row" data-symbol={p.symbol}>
                    <td className="cmp-pos-sym">{p.symbol}</td>
                    <td className="num muted" colSpan={2}>
                      {formatInt(p.quantity)}
                      {p.multiplier !== 1 ? ` × ${p.multiplier}` : ''} @ {formatPrice(p.avgCost)}
                    </td>
                    <td className="num">{formatMoney(p.marketValue)}</td>
                    <td className="num muted">last {formatPrice(p.last)}</td>
                    <td />
                    <td className={`num ${changeClass(p.unrealizedPnl)}`}>{formatMoneySigned(p.unrealizedPnl)}</td>
                    <td colSpan={2} />
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
        <tfoot>
          <tr className="cmp-total" data-testid="book-total">
            <th scope="row">Total</th>
            <td className="num" data-testid="books-total-capital">
              {formatMoney(data.segments.reduce((sum, b) => sum + b.capital, 0))}
            </td>
            <td className="num">{formatMoney(t.cash)}</td>
            <td className="num">{formatMoney(t.marketValue)}</td>
            <td className="num">{formatMoney(t.equity)}</td>
            <td className={`num ${changeClass(t.realizedPnl)}`}>{formatMoneySigned(t.realizedPnl)}</td>
            <td className={`num ${changeClass(t.unrealizedPnl)}`}>{formatMoneySigned(t.unrealizedPnl)}</td>
            <td className="num">{formatInt(data.segments.reduce((n, b) => n + b.positions.length, 0))}</td>
            <td className="num">{formatInt(data.segments.reduce((n, b) => n + b.trades, 0))}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
