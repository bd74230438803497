/** Short labels for dense table cells and filter chips: sectors and exchanges. */
import type { SectorId } from '../../../shared/sectors';

/** Short label per sector. */
export const SECTOR_SHORT: Record<SectorId, string> = {
  technology: 'Technology',
  healthcare: 'Healthcare',
  energy: 'Energy',
  financials: 'Financials',
  consumer_discretionary: 'Cons. Disc.',
  industrials: 'Industrials',
  materials: 'Materials',
  utilities: 'Utilities',
};

/** Label of an instrument's sector; instruments outside the eight (ETFs, the benchmark) show their kind. */
export function sectorLabel(sector: SectorId | null, kind: 'stock' | 'etf'): string {
  if (sector) return SECTOR_SHORT[sector];
  return kind === 'etf' ? 'ETF' : '—';
}

const EXCHANGE_SHORT: Record<string, string> = { 'NYSE American': 'NYSE Amer.' };

/** Exchange name short enough for a dense column. */
export function exchangeLabel(exchange: string): string {
  return EXCHANGE_SHORT[exchange] ?? exchange;
}
