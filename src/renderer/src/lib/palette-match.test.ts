// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { matchScore, rankCandidates, type PaletteCandidate } from './palette-match';

describe('matchScore', () => {
  it('orders exact > prefix > word start > substring > subsequence > none', () => {
    const exact = matchScore('xlk', 'XLK');
    const prefix = matchScore('xl', 'XLK');
    const word = matchScore('pow', 'Cobalt Power Inc.');
    const sub = matchScore('bal', 'Cobalt Power Inc.');
    const fuzzy = matchScore('cpi', 'Cobalt Power Inc.');
    expect(exact).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(word);
    expect(word).toBeGreaterThan(sub);
    expect(sub).toBeGreaterThan(fuzzy);
    expect(fuzzy).toBeGreaterThan(0);
    expect(matchScore('zzz', 'Cobalt Power')).toBe(0);
  });
});

describe('rankCandidates', () => {
  const items: PaletteCandidate[] = [
    { id: 'view:market', kind: 'view', label: 'Market' },
    { id: 'cmd:help', kind: 'command', label: 'Keyboard shortcuts', keywords: ['help'] },
    { id: 's:XLK', kind: 'symbol', label: 'XLK', keywords: ['Technology Select Sector SPDR'] },
    { id: 's:XLKA', kind: 'symbol', label: 'XLKA', keywords: ['Alpha Corp.'] },
    { id: 's:MRKT', kind: 'symbol', label: 'MRKT', keywords: ['Market Makers Inc.'] },
  ];

  it('puts the exact symbol first', () => {
    expect(rankCandidates('XLK', items).map((i) => i.id)).toEqual(['s:XLK', 's:XLKA']);
  });

  it('matches company names and command keywords at a discount', () => {
    expect(rankCandidates('technology', items)[0]!.id).toBe('s:XLK');
    expect(rankCandidates('help', items)[0]!.id).toBe('cmd:help');
    const market = rankCandidates('market', items).map((i) => i.id);
    expect(market[0]).toBe('view:market'); // the label match beats the name match
    expect(market).toContain('s:MRKT');
  });

  it('returns everything for an empty query and honours the limit', () => {
    expect(rankCandidates('', items)).toHaveLength(items.length);
    expect(rankCandidates('', items, 2)).toHaveLength(2);
  });
});
