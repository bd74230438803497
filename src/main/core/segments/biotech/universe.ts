/**
 * The Biotech universe: the market's healthcare stocks in Biotechnology or Pharmaceuticals with a market cap in the
 * micro/small range (10 M to 2 B dollars, NUMBERS.md's small-cap bounds). Pure; the manager caches it per session.
 */
import type { Instrument } from '../../../../shared/contract/schemas';
import { BIOTECH_PLAYBOOK } from './defaults';

export const BIOTECH_INDUSTRIES: ReadonlySet<string> = new Set(['Biotechnology', 'Pharmaceuticals']);

export function biotechUniverse(instruments: readonly Instrument[]): Instrument[] {
  return instruments.filter(
    (i) =>
      i.kind === 'stock' &&
      i.sector === 'healthcare' &&
      BIOTECH_INDUSTRIES.has(i.industry) &&
      i.marketCap >= BIOTECH_PLAYBOOK.minMarketCap &&
      i.marketCap <= BIOTECH_PLAYBOOK.maxMarketCap,
  );
}
