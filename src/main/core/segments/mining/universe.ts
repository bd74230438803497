/**
 * The Mining & Resources universe: the market's stocks in Gold Mining, Silver, Copper, Lithium, Uranium and Oil &
 * Gas E&P with a market cap from 10 M to 2 B dollars, each tied to its main commodity. Pure; the manager caches it.
 */
import type { Instrument } from '../../../../shared/contract/schemas';
import { INDUSTRY_COMMODITY, MINING_PLAYBOOK, type CommodityId } from './defaults';

export function miningUniverse(instruments: readonly Instrument[]): Instrument[] {
  return instruments.filter(
    (i) => i.kind === 'stock' && commodityOf(i.industry) !== null && i.marketCap >= MINING_PLAYBOOK.minMarketCap && i.marketCap <= MINING_PLAYBOOK.maxMarketCap,
  );
}

/** The main commodity of a member's industry, or null outside the segment's industries. */
export function commodityOf(industry: string): CommodityId | null {
  return Object.hasOwn(INDUSTRY_COMMODITY, industry) ? INDUSTRY_COMMODITY[industry]! : null;
}
