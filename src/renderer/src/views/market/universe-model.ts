/**
 * The universe table's pure logic: columns, filtering and sorting. Kept free of React so it is unit-tested
 * directly and re-run cheaply on every (batched) quote flush.
 */
import type { Quote, UniverseItem } from '../../../../shared/contract/schemas';
import type { SectorId } from '../../../../shared/sectors';

/** A sortable column. */
export type SortKey =
  | 'symbol'
  | 'name'
  | 'sector'
  | 'exchange'
  | 'last'
  | 'change'
  | 'changePct'
  | 'volume'
  | 'avgVolume20'
  | 'marketCap'
  | 'float';

/** Sort column and direction. */
export interface SortSpec {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** Sector filter: one sector, everything, or instruments outside the eight sectors (ETFs, IWM). */
export type SectorFilter = SectorId | 'all' | 'other';

/** One column of the table. */
export interface ColumnDef {
  key: SortKey;
  label: string;
  /** Full name for the header's tooltip and aria-label. */
  title: string;
  numeric: boolean;
  /** Values change with every quote, so sorting by it re-sorts on quote flushes. */
  live: boolean;
}

/** The table's columns, in display order. */
export const COLUMNS: readonly ColumnDef[] = [
  { key: 'symbol', label: 'Symbol', title: 'Symbol', numeric: false, live: false },
  { key: 'name', label: 'Name', title: 'Company name', numeric: false, live: false },
  { key: 'sector', label: 'Sector', title: 'Sector', numeric: false, live: false },
  { key: 'exchange', label: 'Exch', title: 'Exchange', numeric: false, live: false },
  { key: 'last', label: 'Last', title: 'Last price', numeric: true, live: true },
  { key: 'change', label: 'Chg', title: 'Change since previous close', numeric: true, live: true },
  { key: 'changePct', label: 'Chg %', title: 'Change % since previous close', numeric: true, live: true },
  { key: 'volume', label: 'Volume', title: 'Volume today', numeric: true, live: true },
  { key: 'avgVolume20', label: 'Avg Vol', title: '20-day average volume', numeric: true, live: false },
  { key: 'marketCap', label: 'Mkt Cap', title: 'Market capitalisation', numeric: true, live: false },
  { key: 'float', label: 'Float', title: 'Float (shares available to trade)', numeric: true, live: false },
];

/** Whether sorting by `key` depends on live quotes. */
export function isLiveSort(key: SortKey): boolean {
  return COLUMNS.find((c) => c.key === key)?.live ?? false;
}

/** The next sort after clicking a header: same column flips, a new one starts numeric-desc / text-asc. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const numeric = COLUMNS.find((c) => c.key === key)?.numeric ?? false;
  return { key, dir: numeric ? 'desc' : 'asc' };
}

/** Items whose symbol or name contains the text (case-insensitive) and that are in the sector filter. */
export function filterUniverse(
  items: readonly UniverseItem[],
  text: string,
  sector: SectorFilter,
): readonly UniverseItem[] {
  const q = text.trim().toLowerCase();
  if (q === '' && sector === 'all') return items;
  return items.filter((it) => {
    if (sector === 'other' ? it.sector !== null : sector !== 'all' && it.sector !== sector) return false;
    if (q === '') return true;
    return it.symbol.toLowerCase().includes(q) || it.name.toLowerCase().includes(q);
  });
}

type Value = string | number | null;

/** The value a column sorts by; quotes override the universe's snapshot price. */
export function sortValue(item: UniverseItem, quote: Quote | undefined, key: SortKey): Value {
  switch (key) {
    case 'symbol':
      return item.symbol;
    case 'name':
      return item.name;
    case 'sector':
      return item.sector;
    case 'exchange':
      return item.exchange;
    case 'last':
      return quote?.last ?? item.price;
    case 'change':
      return quote?.change ?? null;
    case 'changePct':
      return quote?.changePct ?? null;
    case 'volume':
      return quote?.volume ?? null;
    case 'avgVolume20':
      return item.avgVolume20;
    case 'marketCap':
      return item.marketCap;
    case 'float':
      return item.float;
  }
}

const collator = new Intl.Collator('en-US', { sensitivity: 'base', numeric: true });

function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** A sorted copy; missing values sort last in both directions, ties break by symbol. */
export function sortUniverse(
  items: readonly UniverseItem[],
  quotes: Readonly<Record<string, Quote>>,
  sort: SortSpec,
): UniverseItem[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = items.map((item) => ({ item, v: sortValue(item, quotes[item.symbol], sort.key) }));
  keyed.sort((a, b) => {
    const aMissing = a.v === null || (typeof a.v === 'number' && Number.isNaN(a.v));
    const bMissing = b.v === null || (typeof b.v === 'number' && Number.isNaN(b.v));
    if (aMissing || bMissing) return aMissing === bMissing ? cmpSymbol(a.item, b.item) : aMissing ? 1 : -1;
    return sign * compareValues(a.v, b.v) || cmpSymbol(a.item, b.item);
  });
  return keyed.map((k) => k.item);
}

function cmpSymbol(a: UniverseItem, b: UniverseItem): number {
  return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
}

/** The index `delta` rows away from the selected symbol, clamped to the list (first row if none selected). */
export function moveSelection(rows: readonly UniverseItem[], selected: string | null, delta: number): number {
  if (rows.length === 0) return -1;
  const at = selected === null ? -1 : rows.findIndex((r) => r.symbol === selected);
  if (at < 0) return delta >= 0 ? 0 : rows.length - 1;
  return Math.max(0, Math.min(rows.length - 1, at + delta));
}
