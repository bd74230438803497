import { describe, expect, it } from 'vitest';
import { isTradingDay } from '../calendar';
import { clinicalMilestones, corporateEvents, eventDetail } from './earnings';
import { createMarketSimulator } from './index';

const sim = createMarketSimulator({ seed: 7 });
const stocks = sim.instruments().filter((i) => i.kind === 'stock');
const drugs = stocks.filter((i) => i.sector === 'healthcare' && (i.industry === 'Biotechnology' || i.industry === 'Pharmaceuticals'));

describe('clinicalMilestones (trial readouts) and eventDetail', () => {
  it('gives drug names trial readouts on trading days, and nobody else', () => {
    const events = clinicalMilestones(7, stocks, '2026-01-01', '2026-12-31');
    const drugSymbols = new Set(drugs.map((d) => d.symbol));
    expect(events.length).toBeGreaterThan(drugs.length * 0.5);
    expect(events.length).toBeLessThan(drugs.length * 1.0);
    for (const e of events) {
      expect(e.kind).toBe('trial_readout');
      expect(drugSymbols.has(e.symbol)).toBe(true);
      expect(isTradingDay(e.date)).toBe(true);
      expect(['bmo', 'during']).toContain(e.timing);
    }
    const sorted = [...events].sort((a, b) => (a.date + a.symbol < b.date + b.symbol ? -1 : 1));
    expect(events).toEqual(sorted);
  });

  it('is deterministic, window-independent, and leaves the earnings/FDA calendar untouched', () => {
    const a = clinicalMilestones(7, drugs, '2026-03-01', '2026-04-30');
    const wide = clinicalMilestones(7, drugs, '2025-06-01', '2026-12-31').filter((e) => e.date >= '2026-03-01' && e.date <= '2026-04-30');
    expect(wide).toEqual(a);
    expect(clinicalMilestones(8, drugs, '2026-03-01', '2026-04-30')).not.toEqual(a);
    expect(corporateEvents(7, drugs, '2026-01-01', '2026-12-31').some((e) => e.kind === 'trial_readout')).toBe(false);
  });

  it('describes PDUFA dates and readouts with a programme, an indication and a phase', () => {
    const fda = corporateEvents(7, drugs, '2026-01-01', '2026-12-31').find((e) => e.kind === 'fda_decision')!;
    const d1 = eventDetail(7, fda);
    expect(d1.detail).toMatch(/^PDUFA date: FDA decision on [A-Z]{1,3}\d{3} for /);
    expect(d1.phase).toBeNull();
    const readout = clinicalMilestones(7, drugs, '2026-01-01', '2026-12-31')[0]!;
    const d2 = eventDetail(7, readout);
    expect(d2.detail).toMatch(/^Phase [123] topline readout: [A-Z]{1,3}\d{3} in /);
    expect(d2.detail).toContain(d2.programme!);
    expect(eventDetail(7, readout)).toEqual(d2);
    const phases = new Set(clinicalMilestones(7, drugs, '2026-01-01', '2026-12-31').map((e) => eventDetail(7, e).phase));
    expect([...phases].sort()).toEqual([1, 2, 3]);
    expect(eventDetail(7, { symbol: 'X', kind: 'earnings', date: '2026-01-02' }).detail).toBe('Quarterly earnings report');
  });
});
