/**
 * One virtualized table row. It selects only its own quote, so a quote flush re-renders just the rows whose
 * quote moved; the price flash is a class swapped on the DOM node, not React state.
 */
import { memo, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { UniverseItem } from '../../../../shared/contract/schemas';
import { changeClass, formatChange, formatCompact, formatPct, formatPrice } from '../../lib/format';
import { exchangeLabel, sectorLabel } from '../../lib/labels';
import { useKestrelStore } from '../../store/index';

/** Props of a row. */
export interface UniverseRowProps {
  item: UniverseItem;
  index: number;
  /** Pixel offset inside the scroll body. */
  start: number;
  selected: boolean;
  onSelect: (symbol: string) => void;
}

const FLASH_CLASSES = ['flash-up-a', 'flash-up-b', 'flash-down-a', 'flash-down-b'];

/** A row of the universe table. */
export const UniverseRow = memo(function UniverseRow({ item, index, start, selected, onSelect }: UniverseRowProps): ReactNode {
  const quote = useKestrelStore((s) => s.quotes[item.symbol]);
  const lastRef = useRef<HTMLSpanElement>(null);
  const prevLast = useRef<number | undefined>(undefined);
  const parity = useRef(false);
  const last = quote?.last ?? item.price;

  useLayoutEffect(() => {
    const prev = prevLast.current;
    prevLast.current = last;
    const el = lastRef.current;
    if (prev === undefined || prev === last || !el) return;
    // Two identical animations under different names: swapping them restarts the flash without a reflow.
    parity.current = !parity.current;
    el.classList.remove(...FLASH_CLASSES);
    el.classList.add(`flash-${last > prev ? 'up' : 'down'}-${parity.current ? 'a' : 'b'}`);
  }, [last]);

  const dir = changeClass(quote?.change);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`urow ${selected ? 'selected' : ''} ${index % 2 ? 'odd' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="universe-row"
      data-symbol={item.symbol}
      onMouseDown={() => onSelect(item.symbol)}
    >
      <span role="gridcell" className="c c-symbol">
        {item.symbol}
      </span>
      <span role="gridcell" className="c c-name" title={item.name}>
        {item.name}
      </span>
      <span role="gridcell" className="c c-sector" title={item.industry}>
        {sectorLabel(item.sector, item.kind)}
      </span>
      <span role="gridcell" className="c c-exchange" title={item.exchange}>
        {exchangeLabel(item.exchange)}
      </span>
      <span role="gridcell" className="c c-last num" data-testid="last-price" data-symbol={item.symbol} data-value={last} ref={lastRef}>
        {formatPrice(last)}
      </span>
      <span role="gridcell" className={`c c-change num ${dir}`}>
        {formatChange(quote?.change, last)}
      </span>
      <span role="gridcell" className={`c c-changePct num ${dir}`}>
        {formatPct(quote?.changePct)}
      </span>
      <span role="gridcell" className="c c-volume num">
        {formatCompact(quote?.volume)}
      </span>
      <span role="gridcell" className="c c-avgVolume20 num">
        {formatCompact(item.avgVolume20)}
      </span>
      <span role="gridcell" className="c c-marketCap num">
        {formatCompact(item.marketCap)}
      </span>
      <span role="gridcell" className="c c-float num">
        {formatCompact(item.float)}
      </span>
    </div>
  );
});
