import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../../../shared/contract/schemas';
import { CATALYST_KINDS } from '../../sectors/catalyst-kinds';
import { catalystEvents, catalystHeadline, catalystKindFor, SMALL_FLOAT_SHARES } from './catalyst-events';
import { createMarketSimulator } from './index';

const sim = createMarketSimulator({ seed: 42 });
const instruments = sim.instruments();
const FROM = '2026-03-09';
const TO = '2026-03-13';

function instrument(over: Partial<Instrument>): Instrument {
  return {
    symbol: 'LYRA',
    name: 'Lyra Oncology Inc.',
    kind: 'stock',
    sector: 'healthcare',
    industry: 'Biotechnology',
    exchange: 'NASDAQ',
    marketCap: 400e6,
    float: 50e6,
    sharesOutstanding: 60e6,
    ...over,
  };
}

describe('catalystEvents', () => {
  it('dresses every simulated catalyst of the week, deterministically and in time order', () => {
    const events = catalystEvents(sim, instruments, FROM, TO);
    const raw = instruments.flatMap((i) => sim.catalysts(i.symbol, FROM, TO));
    expect(events.length).toBe(raw.length);
    expect(events.length).toBeGreaterThan(20);
    for (let k = 1; k < events.length; k++) expect(events[k]!.t).toBeGreaterThanOrEqual(events[k - 1]!.t);
    for (const e of events) {
      expect(CATALYST_KINDS).toContain(e.kind);
      expect(e.direction).toBe(Math.abs(e.movePct) < 1 ? 0 : Math.sign(e.movePct));
      expect(e.headline.length).toBeGreaterThan(10);
      expect(e.headline.length).toBeLessThan(120);
    }
    expect(catalystEvents(createMarketSimulator({ seed: 42 }), instruments, FROM, TO)).toEqual(events);
  });

  it('takes < 100 ms for the whole universe over five sessions', () => {
    catalystEvents(sim, instruments, FROM, TO); // the simulator's year chunks are warm after this
    const t0 = performance.now();
    catalystEvents(sim, instruments, FROM, TO);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('skips instruments the simulator does not know', () => {
    expect(catalystEvents(sim, [instrument({ symbol: 'NOPE' })], FROM, TO)).toEqual([]);
  });

  it('derives the kind from sector, industry and the sign of the move', () => {
    const dates = Array.from({ length: 60 }, (_, d) => `2026-04-${String((d % 28) + 1).padStart(2, '0')}#${d}`);
    const kindsOf = (i: Instrument, move: number): Set<string> => new Set(dates.map((d) => catalystKindFor(i, d, move)));

    expect(kindsOf(instrument({}), 40)).toEqual(new Set(['fda_decision', 'trial_readout']));
    expect(kindsOf(instrument({}), -40)).toEqual(new Set(['fda_decision', 'trial_readout']));
    const smallBiotech = instrument({ float: SMALL_FLOAT_SHARES / 2 });
    expect(kindsOf(smallBiotech, -40)).toEqual(new Set(['fda_decision', 'trial_readout', 'offering']));
    expect(kindsOf(smallBiotech, 40).has('offering')).toBe(false);

    const miner = instrument({ sector: 'materials', industry: 'Gold Mining', name: 'Granite Gold Mines Corp.' });
    expect(kindsOf(miner, 20)).toEqual(new Set(['drilling_results', 'earnings']));
    const explorer = instrument({ sector: 'energy', industry: 'Oil & Gas E&P' });
    expect(kindsOf(explorer, -20)).toEqual(new Set(['drilling_results', 'earnings']));
    const refiner = instrument({ sector: 'energy', industry: 'Oil & Gas Refining & Marketing' });
    expect(kindsOf(refiner, 20)).toEqual(new Set(['earnings']));

    const machinery = instrument({ sector: 'industrials', industry: 'Machinery' });
    expect(kindsOf(machinery, 20)).toEqual(new Set(['contract_win', 'earnings']));
    expect(kindsOf(machinery, -20)).toEqual(new Set(['earnings']));
    const bank = instrument({ sector: 'financials', industry: 'Regional Banks' });
    expect(kindsOf(bank, 20)).toEqual(new Set(['earnings']));
  });

  it('writes short headlines naming the company without its corporate ending', () => {
    const lyra = instrument({});
    expect(catalystHeadline(lyra, '2026-03-10', 'fda_decision', 30)).toMatch(/^Lyra Oncology: FDA approves LYR-\d{3} for /);
    expect(catalystHeadline(lyra, '2026-03-10', 'trial_readout', -30)).toMatch(/^Lyra Oncology: Phase [23] trial of LYR-\d{3} misses/);
    expect(catalystHeadline(lyra, '2026-03-10', 'offering', -30)).toMatch(/^Lyra Oncology prices \$\d+M public offering/);
    const miner = instrument({ symbol: 'GRAN', name: 'Granite Gold Mines Corp.', industry: 'Gold Mining' });
    expect(catalystHeadline(miner, '2026-03-10', 'drilling_results', 25)).toMatch(/^Granite Gold Mines reports high-grade intercepts/);
    expect(catalystHeadline(miner, '2026-03-10', 'earnings', -25)).toBe('Granite Gold Mines misses quarterly estimates and cuts outlook');
  });
});
