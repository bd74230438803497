/**
 * The virtualized universe table: filter box, sector chips, sortable headers and only the visible rows in
 * the DOM. Rows are re-sorted on quote flushes only when the sort column is live (price, change, volume).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { Quote } from '../../../../shared/contract/schemas';
import { FILTER_INPUT_ID, isTypingTarget } from '../../app/dom-ids';
import { openTicket } from '../../components/order-ticket/ticket-store';
import { openOptionChain } from '../options/open-chain';
import { useEngine } from '../../engine/engine-context';
import { formatInt } from '../../lib/format';
import { clearFilters, selectSymbol, setFilterText, sortBy } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { loadUniverse } from '../../store/wire-engine-events';
import { SectorChips } from './SectorChips';
import { UniverseRow } from './UniverseRow';
import { COLUMNS, filterUniverse, isLiveSort, moveSelection, sortUniverse } from './universe-model';

const ROW_HEIGHT = 24;
/** Height of the sticky header row inside the scroll element (market.css .uhead). */
const HEADER_HEIGHT = 26;
const PAGE_ROWS = 20;
const NO_QUOTES: Readonly<Record<string, Quote>> = {};
const NAV_KEYS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_ROWS, PageUp: -PAGE_ROWS, Home: -Infinity, End: Infinity };

/** The universe table. */
export function UniverseTable(): ReactNode {
  const universe = useKestrelStore((s) => s.universe);
  const filterText = useKestrelStore((s) => s.filterText);
  const sectorFilter = useKestrelStore((s) => s.sectorFilter);
  const sort = useKestrelStore((s) => s.sort);
  const selected = useKestrelStore((s) => s.selectedSymbol);
  const live = isLiveSort(sort.key);
  const quotes = useKestrelStore((s) => (live ? s.quotes : NO_QUOTES));

  const filtered = useMemo(() => filterUniverse(universe, filterText, sectorFilter), [universe, filterText, sectorFilter]);
  const rows = useMemo(() => sortUniverse(filtered, quotes, sort), [filtered, quotes, sort]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The rows start below the sticky header, and scrolling a row into view must not hide it under it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  // A new sort or filter shows the top of the new order.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [sort, filterText, sectorFilter]);

  // Keep the selection in view when it moves (keyboard, palette), not when live re-sorting moves rows.
  useEffect(() => {
    const i = selected === null ? -1 : rowsRef.current.findIndex((r) => r.symbol === selected);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [selected, virtualizer]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      const delta = NAV_KEYS[e.key];
      if (delta === undefined || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const inFilter = e.target instanceof HTMLElement && e.target.id === FILTER_INPUT_ID;
      // Arrows work from the filter box too (type, then arrow into the results); Home/End stay with the text.
      if (isTypingTarget(e.target) && !(inFilter && Math.abs(delta) === 1)) return;
      const s = useKestrelStore.getState();
      if (s.paletteOpen || s.helpOpen || s.aboutOpen || s.universeOpen) return;
      const i = moveSelection(rowsRef.current, s.selectedSymbol, delta === Infinity ? 1e9 : delta === -Infinity ? -1e9 : delta);
      const row = rowsRef.current[i];
      if (!row) return;
      e.preventDefault();
      selectSymbol(row.symbol);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onSelect = useCallback((symbol: string) => selectSymbol(symbol), []);

  return (
    <div className="utable" data-testid="universe-table" data-rows={rows.length}>
      <div className="utable-toolbar">
        <FilterBox value={filterText} />
        <span className="utable-count" aria-live="polite">
          {rows.length === universe.length ? `${formatInt(universe.length)} instruments` : `${formatInt(rows.length)} of ${formatInt(universe.length)}`}
        </span>
        <button
          type="button"
          className="btn ticket-btn"
          disabled={selected === null}
          onClick={() => selected && openTicket(selected)}
          aria-label={selected ? `New order ticket for ${selected}` : 'New order ticket (select a symbol first)'}
          title="New order ticket for the selected symbol (T)"
          data-testid="open-ticket"
        >
          Trade{selected ? ` ${selected}` : ''} <kbd>T</kbd>
        </button>
        <button
          type="button"
          className="btn ticket-btn"
          disabled={selected === null}
          onClick={() => selected && openOptionChain(selected)}
          aria-label={selected ? `Option chain for ${selected}` : 'Option chain (select a symbol first)'}
          title="Option chain, analytics and strategy builder for the selected symbol (O)"
          data-testid="open-options"
        >
          Options <kbd>O</kbd>
        </button>
      </div>
      <SectorChips />
      <div className="utable-scroll" ref={scrollRef} role="grid" aria-label="Universe" aria-rowcount={rows.length + 1} aria-colcount={COLUMNS.length}>
        <div className="urow uhead" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => {
            const active = sort.key === c.key;
            return (
              <span
                key={c.key}
                role="columnheader"
                className={`c c-${c.key} ${c.numeric ? 'num' : ''}`}
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  type="button"
                  className={`sort-btn ${active ? 'active' : ''}`}
                  aria-label={`Sort by ${c.title}`}
                  title={c.title}
                  data-testid={`sort-${c.key}`}
                  onClick={() => sortBy(c.key)}
                >
                  {/* Arrow on the outer side so labels stay aligned with their (right- or left-aligned) values. */}
                  {active && c.numeric && <SortArrow dir={sort.dir} />}
                  {c.label}
                  {active && !c.numeric && <SortArrow dir={sort.dir} />}
                </button>
              </span>
            );
          })}
        </div>
        <TableBody rowCount={rows.length} universeCount={universe.length}>
          <div className="ubody" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const item = rows[v.index]!;
              return (
                <UniverseRow key={item.symbol} item={item} index={v.index} start={v.start - HEADER_HEIGHT} selected={item.symbol === selected} onSelect={onSelect} />
              );
            })}
          </div>
        </TableBody>
      </div>
    </div>
  );
}

function SortArrow({ dir }: { dir: 'asc' | 'desc' }): ReactNode {
  return (
    <span className="sort-ind" aria-hidden="true">
      {dir === 'asc' ? '▲' : '▼'}
    </span>
  );
}

function FilterBox({ value }: { value: string }): ReactNode {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Escape') return;
    // Esc clears first, leaves the box second; overlays are closed by the global handler.
    if (value !== '') setFilterText('');
    else e.currentTarget.blur();
  };
  return (
    <label className="filter">
      <span className="sr-only">Filter instruments by symbol or name</span>
      <input
        id={FILTER_INPUT_ID}
        type="search"
        className="filter-input"
        placeholder="Filter symbol or name"
        autoComplete="off"
        spellCheck={false}
        value={value}
        data-testid="universe-filter"
        aria-label="Filter instruments by symbol or name"
        onChange={(e) => setFilterText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <kbd className="filter-kbd" aria-hidden="true">
        /
      </kbd>
    </label>
  );
}

function TableBody({ rowCount, universeCount, children }: { rowCount: number; universeCount: number; children: ReactNode }): ReactNode {
  const client = useEngine();
  const status = useKestrelStore((s) => s.universeStatus);
  const error = useKestrelStore((s) => s.universeError);
  const connection = useKestrelStore((s) => s.connection);
  if (status === 'error') {
    return (
      <div className="table-state table-error" role="alert">
        <p>Could not load the universe: {error}</p>
        <button type="button" className="btn" aria-label="Retry loading the universe" onClick={() => void loadUniverse(client)}>
          Retry
        </button>
      </div>
    );
  }
  if (status !== 'ready') {
    return (
      <div className="table-state" role="status">
        <span className="spinner" aria-hidden="true" />
        {connection === 'open' ? 'Loading the universe…' : 'Waiting for the engine connection…'}
      </div>
    );
  }
  if (universeCount === 0) return <div className="table-state">The engine has no instruments.</div>;
  if (rowCount === 0) {
    return (
      <div className="table-state">
        <p>No instruments match these filters.</p>
        <button
          type="button"
          className="btn"
          aria-label="Clear the filters"
          onClick={clearFilters}
        >
          Clear filters
        </button>
      </div>
    );
  }
  return children;
}
