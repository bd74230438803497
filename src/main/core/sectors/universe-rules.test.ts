import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { UniverseCandidate } from '../../../shared/contract/sector-schemas';
import { loadSectorConfig } from './config';
import { evaluateCandidate, gapPriority } from './universe-rules';

const rules = loadSectorConfig(fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url))).config.universe;

const ok: UniverseCandidate = { symbol: 'OKAY', marketCap: 180e6, avgVolume20: 2.1e6, price: 5.2, float: 50e6, exchange: 'NASDAQ' };
const judge = (patch: Partial<UniverseCandidate>) => evaluateCandidate({ ...ok, ...patch }, rules);

describe('evaluateCandidate: seed 004 examples', () => {
  it('SOUN include micro, BBAI exclude on volume, PRPL include small, KOSS include micro', () => {
    expect(judge({ symbol: 'SOUN', marketCap: 180e6, avgVolume20: 2.1e6, price: 5.2, float: 300e6 })).toEqual({
      symbol: 'SOUN',
      included: true,
      tier: 'micro',
      reasons: [],
    });
    expect(judge({ symbol: 'BBAI', marketCap: 120e6, avgVolume20: 950_000, price: 3.8, float: 100e6, exchange: 'NYSE' })).toEqual({
      symbol: 'BBAI',
      included: false,
      tier: null,
      reasons: ['average volume 950,000 below 1,000,000'],
    });
    expect(judge({ symbol: 'PRPL', marketCap: 450e6, avgVolume20: 1.8e6, price: 4.1, float: 90e6 })).toMatchObject({ included: true, tier: 'small' });
    expect(judge({ symbol: 'KOSS', marketCap: 85e6, avgVolume20: 3.2e6, price: 8.9, float: 6e6 })).toMatchObject({ included: true, tier: 'micro' });
  });
});

describe('evaluateCandidate: boundaries', () => {
  it('market cap: 10M and 2B inclusive, micro below 300M, small from 300M', () => {
    expect(judge({ marketCap: 10e6 })).toMatchObject({ included: true, tier: 'micro' });
    expect(judge({ marketCap: 10e6 - 1 }).reasons).toEqual(['market cap $9,999,999 below $10,000,000']);
    expect(judge({ marketCap: 9e6 }).reasons).toEqual(['market cap $9.00M below $10.00M']);
    expect(judge({ marketCap: 300e6 - 1 })).toMatchObject({ included: true, tier: 'micro' });
    expect(judge({ marketCap: 300e6 })).toMatchObject({ included: true, tier: 'small' });
    expect(judge({ marketCap: 2e9 })).toMatchObject({ included: true, tier: 'small' });
    expect(judge({ marketCap: 2.1e9 })).toMatchObject({ included: false, tier: null, reasons: ['market cap $2.10B above $2.00B'] });
    expect(judge({ marketCap: 2e9 + 1 }).reasons).toEqual(['market cap $2,000,000,001 above $2,000,000,000']);
  });

  it('price: 2.00 and 100.00 inclusive', () => {
    expect(judge({ price: 2 }).included).toBe(true);
    expect(judge({ price: 100 }).included).toBe(true);
    expect(judge({ price: 1.99 }).reasons).toEqual(['price $1.99 below $2.00']);
    expect(judge({ price: 100.01 }).reasons).toEqual(['price $100.01 above $100.00']);
  });

  it('average volume: 1,000,000 inclusive', () => {
    expect(judge({ avgVolume20: 1_000_000 }).included).toBe(true);
    expect(judge({ avgVolume20: 999_999 }).reasons).toEqual(['average volume 999,999 below 1,000,000']);
  });

  it('float: strictly above 5M (micro) / 10M (small)', () => {
    expect(judge({ float: 5e6 }).reasons).toEqual(['float 5,000,000 not above 5,000,000 (micro cap)']);
    expect(judge({ float: 5e6 + 1 }).included).toBe(true);
    expect(judge({ marketCap: 450e6, float: 10e6 }).reasons).toEqual(['float 10,000,000 not above 10,000,000 (small cap)']);
    expect(judge({ marketCap: 450e6, float: 10e6 + 1 })).toMatchObject({ included: true, tier: 'small' });
    expect(judge({ marketCap: 450e6, float: 8e6 }).included).toBe(false);
    // out of both ranges: float judged against the micro limit
    expect(judge({ marketCap: 3e9, float: 8e6 }).reasons).toEqual(['market cap $3.00B above $2.00B']);
  });

  it('exchange must be listed (case-insensitive)', () => {
    expect(judge({ exchange: 'NYSE American' }).included).toBe(true);
    expect(judge({ exchange: 'nyse' }).included).toBe(true);
    expect(judge({ exchange: 'OTC' }).reasons).toEqual(['exchange OTC not in NASDAQ, NYSE, NYSE American']);
  });

  it('lists every failed rule together', () => {
    const v = judge({ symbol: 'JUNK', marketCap: 5e6, avgVolume20: 10_000, price: 0.5, float: 1e6, exchange: 'OTC' });
    expect(v).toEqual({
      symbol: 'JUNK',
      included: false,
      tier: null,
      reasons: [
        'market cap $5.00M below $10.00M',
        'average volume 10,000 below 1,000,000',
        'price $0.50 below $2.00',
        'exchange OTC not in NASDAQ, NYSE, NYSE American',
        'float 1,000,000 not above 5,000,000 (micro cap)',
      ],
    });
  });
});

describe('gapPriority', () => {
  it('orders by sector frequency and own gap rate, within [0, 1]', () => {
    expect(gapPriority('extreme', 1)).toBe(1);
    expect(gapPriority('very_low', 0)).toBe(0);
    expect(gapPriority('high', 0.2)).toBeGreaterThan(gapPriority('low', 0.2));
    expect(gapPriority('low', 0.5)).toBeGreaterThan(gapPriority('high', 0.1));
    expect(gapPriority('moderate', Number.NaN)).toBe(gapPriority('moderate', 0));
    expect(gapPriority('moderate', 7)).toBe(gapPriority('moderate', 1));
  });
});

describe('share counts in reasons', () => {
  it('are whole shares, with decimals only where rounding would meet the limit', async () => {
    const { evaluateCandidate } = await import('./universe-rules');
    const { loadSectorConfig } = await import('./config');
    const rules = loadSectorConfig('resources/sectors.yaml').config.universe;
    const base = { symbol: 'X', marketCap: 100e6, price: 5, float: 20e6, exchange: 'NASDAQ' };
    expect(evaluateCandidate({ ...base, avgVolume20: 489_651.3 }, rules).reasons).toEqual(['average volume 489,651 below 1,000,000']);
    expect(evaluateCandidate({ ...base, avgVolume20: 999_999.6 }, rules).reasons[0]).toBe('average volume 999,999.6 below 1,000,000');
  });
});
