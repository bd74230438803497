import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECTORS } from '../../../shared/sectors';
import { classifySector, industryMatches } from './classify';
import { loadSectorConfig } from './config';

const config = loadSectorConfig(fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url))).config;
const stock = (symbol: string, sector: Parameters<typeof classifySector>[0]['sector'], industry: string) => ({
  symbol,
  sector,
  industry,
  kind: 'stock' as const,
});

describe('classifySector', () => {
  it('a manual override wins with confidence 1', () => {
    expect(classifySector(stock('SOUN', 'technology', 'Software'), config, 'healthcare')).toEqual({
      sector: 'healthcare',
      confidence: 1,
      method: 'override',
    });
    expect(classifySector(stock('SOUN', 'technology', 'Software'), config, null).method).toBe('source');
  });

  it('source confirmed by industry keywords → 0.95 (SOUN is Technology)', () => {
    expect(classifySector(stock('SOUN', 'technology', 'Services-Prepackaged Software'), config)).toEqual({
      sector: 'technology',
      confidence: 0.95,
      method: 'source',
    });
    expect(classifySector(stock('OCUL', 'healthcare', 'Pharmaceutical Preparations'), config).confidence).toBe(0.95);
  });

  it('source without a keyword match → 0.75', () => {
    expect(classifySector(stock('XYZ', 'energy', 'Blank Checks'), config)).toEqual({ sector: 'energy', confidence: 0.75, method: 'source' });
  });

  it('no source sector: keywords alone → 0.6, else none', () => {
    expect(classifySector(stock('OCUL', null, 'Biological Products'), config)).toEqual({
      sector: 'healthcare',
      confidence: 0.6,
      method: 'industry',
    });
    expect(classifySector(stock('ABC', null, 'Blank Checks'), config)).toEqual({ sector: null, confidence: 0, method: 'none' });
  });

  it('keywords match at word starts, most specific first', () => {
    expect(industryMatches('Soil Testing', config)).not.toContain('energy');
    expect(industryMatches('Natural Gas Distribution', config)[0]).toBe('utilities');
    expect(industryMatches('Semiconductors & Related Devices', config)).toEqual(['technology']);
  });

  it('sector ETFs map to their sector; IWM and other ETFs to none', () => {
    for (const s of SECTORS) {
      expect(classifySector({ symbol: s.etf, sector: null, industry: '', kind: 'etf' }, config)).toMatchObject({ sector: s.id, confidence: 1 });
    }
    expect(classifySector({ symbol: 'IWM', sector: null, industry: '', kind: 'etf' }, config).sector).toBeNull();
    expect(classifySector({ symbol: 'ARKK', sector: 'technology', industry: 'Technology', kind: 'etf' }, config).sector).toBeNull();
  });
});
