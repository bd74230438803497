/**
 * The eight small-cap sectors of seed 004, with their ETF proxies. Pure data shared by engine and UI;
 * the analytics weights (volatility weight, gap frequency) live in the sector configuration (resources/).
 */
export const SECTOR_IDS = [
  'technology',
  'healthcare',
  'energy',
  'financials',
  'consumer_discretionary',
  'industrials',
  'materials',
  'utilities',
] as const;

export type SectorId = (typeof SECTOR_IDS)[number];

export interface SectorInfo {
  readonly id: SectorId;
  readonly name: string;
  /** ETF used as the sector's proxy (seed 004). */
  readonly etf: string;
}

export const SECTORS: readonly SectorInfo[] = [
  { id: 'technology', name: 'Technology', etf: 'XLK' },
  { id: 'healthcare', name: 'Healthcare', etf: 'XLV' },
  { id: 'energy', name: 'Energy', etf: 'XLE' },
  { id: 'financials', name: 'Financials', etf: 'XLF' },
  { id: 'consumer_discretionary', name: 'Consumer Discretionary', etf: 'XLY' },
  { id: 'industrials', name: 'Industrials', etf: 'XLI' },
  { id: 'materials', name: 'Materials', etf: 'XLB' },
  { id: 'utilities', name: 'Utilities', etf: 'XLU' },
];

/** The small-cap benchmark every sector is measured against. */
export const BENCHMARK_SYMBOL = 'IWM';

export function sectorInfo(id: SectorId): SectorInfo {
  const found = SECTORS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown sector ${id}`);
  return found;
}
