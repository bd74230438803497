/**
 * The option chain table: calls | strike | puts, the calls' columns mirrored so bid and ask sit next to the
 * strike on both sides. In-the-money cells are shaded, the at-the-money strike is marked and a spot row sits
 * between the strikes around the underlying's price. Rows are memoised by strike and re-render only when a
 * shown value changed; cells are memoised by their text, so a poll repaints only the cells that moved.
 * Clicking a bid adds a sell leg, an ask a buy leg.
 */
import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { ChainRow, OptionChain, OptionType } from '../../../../shared/contract/options-schemas';
import { formatPrice } from '../../lib/format';
import { cellText, COLUMN_DEFS, sameCells, spotMarkerIndex, type ChainCursor, type ColumnId } from './options-model';

/** Adds a leg of the contract at (strike, type) on `side`. */
export type PickHandler = (strike: number, type: OptionType, side: 'buy' | 'sell') => void;

/** Props of ChainTable. */
export interface ChainTableProps {
  chain: OptionChain;
  columns: readonly ColumnId[];
  cursor: ChainCursor | null;
  onPick: PickHandler;
  onCursor(cursor: ChainCursor): void;
}

const DEF = new Map(COLUMN_DEFS.map((c) => [c.id, c]));

/** The chain. */
export function ChainTable({ chain, columns, cursor, onPick, onCursor }: ChainTableProps): ReactNode {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable between polls: the rows' memo compares column arrays by identity.
  const callCols = useMemo(() => [...columns].reverse(), [columns]);
  const spotAt = spotMarkerIndex(chain.rows, chain.spot);
  const width = columns.length * 2 + 1;

  // Centre the at-the-money strike when a chain (symbol or expiry) first shows.
  const shownKey = `${chain.underlying}|${chain.expiry}`;
  useEffect(() => {
    const el = scrollRef.current?.querySelector<HTMLElement>('[data-atm="true"]');
    if (el && scrollRef.current) scrollRef.current.scrollTop = Math.max(0, el.offsetTop - scrollRef.current.clientHeight / 2);
  }, [shownKey]);
  // Keep the keyboard cursor's row on screen.
  useEffect(() => {
    if (!cursor) return;
    scrollRef.current?.querySelector<HTMLElement>(`[data-strike="${cursor.strike}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [cursor]);

  const body: ReactNode[] = [];
  chain.rows.forEach((r, i) => {
    if (i === spotAt) body.push(<SpotRow key="spot" spot={chain.spot} width={width} />);
    body.push(
      <Row key={r.strike} row={r} callCols={callCols} putCols={columns} atm={r.strike === chain.atmStrike} cursorSide={cursor?.strike === r.strike ? cursor.side : null} onPick={onPick} onCursor={onCursor} />,
    );
  });
  if (spotAt === chain.rows.length) body.push(<SpotRow key="spot" spot={chain.spot} width={width} />);

  return (
    <div className="oc-scroll" ref={scrollRef}>
      <table className="oc-table" data-testid="chain-table" data-expiry={chain.expiry} aria-label={`Option chain ${chain.underlying} expiring ${chain.expiry}: calls, strike, puts`} aria-rowcount={chain.rows.length + 2}>
        <thead>
          <tr className="oc-sides">
            <th colSpan={columns.length} scope="colgroup" className="oc-side-h oc-calls-h">
              Calls
            </th>
            <th className="oc-strike-h" aria-hidden="true" />
            <th colSpan={columns.length} scope="colgroup" className="oc-side-h oc-puts-h">
              Puts
            </th>
          </tr>
          <tr>
            {callCols.map((c) => (
              <th key={`c-${c}`} scope="col" className="num" title={`Call ${DEF.get(c)!.title}`} aria-label={`Call ${DEF.get(c)!.title}`}>
                {DEF.get(c)!.label}
              </th>
            ))}
            <th scope="col" className="oc-strike-h">
              Strike
            </th>
            {columns.map((c) => (
              <th key={`p-${c}`} scope="col" className="num" title={`Put ${DEF.get(c)!.title}`} aria-label={`Put ${DEF.get(c)!.title}`}>
                {DEF.get(c)!.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}

function SpotRow({ spot, width }: { spot: number; width: number }): ReactNode {
  return (
    <tr className="oc-spot" data-testid="spot-marker" aria-label={`Underlying at ${formatPrice(spot)}`}>
      <td colSpan={width}>
        <span>Spot {formatPrice(spot)}</span>
      </td>
    </tr>
  );
}

interface RowProps {
  row: ChainRow;
  callCols: readonly ColumnId[];
  putCols: readonly ColumnId[];
  atm: boolean;
  cursorSide: OptionType | null;
  onPick: PickHandler;
  onCursor(cursor: ChainCursor): void;
}

const Row = memo(
  function Row({ row, callCols, putCols, atm, cursorSide, onPick, onCursor }: RowProps): ReactNode {
    const { call, put, strike } = row;
    return (
      <tr className={`oc-row ${atm ? 'oc-atm' : ''} ${cursorSide ? 'oc-cursor' : ''}`} data-testid="chain-row" data-strike={strike} data-atm={atm} aria-selected={cursorSide !== null}>
        {callCols.map((c) => (
          <Cell key={c} col={c} text={cellText(call, c)} itm={call.inTheMoney} cur={cursorSide === 'call'} strike={strike} type="call" onPick={onPick} onCursor={onCursor} />
        ))}
        <th scope="row" className={`oc-strike num ${atm ? 'oc-strike-atm' : ''}`} title={atm ? 'At the money (strike nearest the spot)' : undefined}>
          {strike}
          {atm && <span className="oc-atm-tag">ATM</span>}
        </th>
        {putCols.map((c) => (
          <Cell key={c} col={c} text={cellText(put, c)} itm={put.inTheMoney} cur={cursorSide === 'put'} strike={strike} type="put" onPick={onPick} onCursor={onCursor} />
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.row.strike === b.row.strike &&
    a.atm === b.atm &&
    a.cursorSide === b.cursorSide &&
    a.callCols === b.callCols &&
    a.putCols === b.putCols &&
    a.onPick === b.onPick &&
    a.onCursor === b.onCursor &&
    sameCells(a.row.call, b.row.call, a.callCols) &&
    sameCells(a.row.put, b.row.put, a.putCols),
);

interface CellProps {
  col: ColumnId;
  text: string;
  itm: boolean;
  cur: boolean;
  strike: number;
  type: OptionType;
  onPick: PickHandler;
  onCursor(cursor: ChainCursor): void;
}

const Cell = memo(function Cell({ col, text, itm, cur, strike, type, onPick, onCursor }: CellProps): ReactNode {
  const cls = `num oc-c-${col} ${itm ? 'oc-itm' : ''} ${cur ? 'oc-cur' : ''}`;
  if (col === 'bid' || col === 'ask') {
    const side = col === 'bid' ? 'sell' : 'buy';
    return (
      <td className={cls} data-col={col}>
        <button
          type="button"
          className="oc-px"
          data-testid={`${type}-${col}`}
          aria-label={`${side === 'buy' ? 'Buy' : 'Sell'} the ${strike} ${type} at the ${col} ${text}`}
          title={`${side === 'buy' ? 'Buy' : 'Sell'} ${strike} ${type} at ${text} (adds a leg)`}
          onClick={() => {
            onCursor({ strike, side: type });
            onPick(strike, type, side);
          }}
        >
          {text}
        </button>
      </td>
    );
  }
  return (
    <td className={cls} data-col={col} onMouseDown={() => onCursor({ strike, side: type })}>
      {text}
    </td>
  );
});
