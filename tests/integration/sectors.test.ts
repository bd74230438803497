import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestClient } from './harness';

let h: Harness;
let c: TestClient;

async function runAnalysis(client: TestClient): Promise<any[]> {
  await client.call('events.subscribe', { topics: ['analysis.progress'] });
  const { result } = await client.call('sectors.analyze');
  const seen: any[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('analysis did not finish')), 30_000);
    const check = (): void => {
      const mine = client.events.filter((e) => e.topic === 'analysis.progress' && e.data.jobId === result.jobId).map((e) => e.data);
      if (mine.some((p) => p.done)) {
        clearTimeout(timer);
        seen.push(...mine);
        resolve();
      } else setTimeout(check, 20);
    };
    check();
  });
  return seen;
}

beforeAll(async () => {
  h = await startHarness();
  c = await h.client();
}, 60_000);
afterAll(async () => h?.close());

describe('sector traffic light over WebSocket', () => {
  it('runs an on-demand analysis with progress that completes', async () => {
    const progress = await runAnalysis(c);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ percent: 100, done: true, error: null });
    expect(progress.some((p) => p.stage === 'member data')).toBe(true);
  });

  it('serves the eight-sector grid, each colour matching its score, fresh', async () => {
    const grid = (await c.call('sectors.grid')).result;
    expect(grid.sectors).toHaveLength(8);
    expect(grid.freshness.tier).toBe('fresh');
    let members = 0;
    for (const s of grid.sectors) {
      members += s.members;
      expect(s.score).toBeGreaterThanOrEqual(-1);
      expect(s.score).toBeLessThanOrEqual(1);
      const cls = (await c.call('sectors.classify', { score: s.score })).result;
      expect(s.colour).toBe(cls.colour);
      expect(s.signal).toBe(cls.signal);
      expect(Object.keys(s.timeframes).sort()).toEqual(['1D', '1W', '30m', '3D']);
      expect(s.topBullish.length).toBeLessThanOrEqual(3);
      expect(s.topBearish.length).toBeLessThanOrEqual(3);
      if (s.score <= -0.6) expect(s.topBullish).toEqual([]);
      if (s.score >= 0.6) expect(s.topBearish).toEqual([]);
      expect(s.factors.notes.length).toBeGreaterThan(0);
    }
    expect(members).toBeGreaterThanOrEqual(1500);
  });

  it('explains a sector in its detail, and keeps its history', async () => {
    const detail = (await c.call('sectors.detail', { sector: 'healthcare' })).result;
    expect(detail.summary.id).toBe('healthcare');
    expect(detail.members.length).toBe(detail.summary.members);
    expect(detail.members[0]).toHaveProperty('performance');
    const history = (await c.call('sectors.history', { sector: 'healthcare' })).result;
    expect(history.points.length).toBeGreaterThanOrEqual(1);
    expect((await c.call('sectors.detail', { sector: 'crypto' })).error?.code).toBe(-32602);
  });

  it('classifies scores at the NUMBERS.md edges', async () => {
    const colour = async (score: number) => (await c.call('sectors.classify', { score })).result.colour;
    expect(await colour(-0.6)).toBe('dark_red');
    expect(await colour(-0.2)).toBe('light_red');
    expect(await colour(0)).toBe('blue_neutral');
    expect(await colour(0.2)).toBe('light_green');
    expect(await colour(0.6)).toBe('dark_green');
    expect((await c.call('sectors.classify', { score: 1.5 })).error?.code).toBe(-32602);
  });

  it('serves the universe with reasons, and the what-if evaluation', async () => {
    const u = (await c.call('universe.current', { limit: 10_000 })).result;
    expect(u.members).toBeGreaterThanOrEqual(1500);
    expect(u.date).toBe('2026-11-20');
    const excluded = u.items.filter((m: any) => !m.included);
    expect(excluded.length).toBeGreaterThan(300);
    expect(excluded.every((m: any) => m.reasons.length > 0 && m.tier === null)).toBe(true);
    const micro = (await c.call('universe.current', { tier: 'micro', included: true, limit: 5 })).result;
    expect(micro.items.every((m: any) => m.tier === 'micro' && m.included)).toBe(true);
    const whatIf = (
      await c.call('universe.evaluate', {
        candidates: [
          { symbol: 'SOUN', marketCap: 180e6, avgVolume20: 2.1e6, price: 5.2, float: 150e6, exchange: 'NASDAQ' },
          { symbol: 'BBAI', marketCap: 120e6, avgVolume20: 950e3, price: 3.8, float: 120e6, exchange: 'NYSE' },
        ],
      })
    ).result.results;
    expect(whatIf[0]).toMatchObject({ symbol: 'SOUN', included: true, tier: 'micro' });
    expect(whatIf[1].included).toBe(false);
    expect(whatIf[1].reasons.join(' ')).toMatch(/volume/i);
  });

  it('cancels a running analysis', async () => {
    await c.call('events.subscribe', { topics: ['analysis.progress'] });
    const { result } = await c.call('sectors.analyze');
    const cancel = (await c.call('sectors.cancelAnalysis', { jobId: result.jobId })).result;
    const end = await c.waitEvent('analysis.progress', (p) => p.jobId === result.jobId && p.done, 20_000);
    if (cancel.cancelled) expect(end.error).toBe('cancelled');
    else expect(end.error).toBeNull();
    expect((await c.call('sectors.cancelAnalysis', { jobId: 'nope' })).result.cancelled).toBe(false);
  });

  it('overrides a classification and puts the name in the chosen sector', async () => {
    const u = (await c.call('universe.current', { sector: 'utilities', included: true, limit: 1 })).result;
    const symbol = u.items[0].symbol;
    const r = (await c.call('sectors.overrideClassification', { symbol, sector: 'technology' })).result;
    expect(r).toMatchObject({ symbol, sector: 'technology', override: true });
    const back = (await c.call('sectors.overrideClassification', { symbol, sector: null })).result;
    expect(back.sector).toBe('utilities');
  });

  it('raises significant-move alerts for universe members and lets them be acknowledged', async () => {
    const l = await h.client();
    await l.call('events.subscribe', { topics: ['alerts.raised'] });
    // The next session: every member starts fresh; names moving 15 % raise an alert as the tape runs.
    const raised = l.nextEvent('alerts.raised', 20_000);
    await l.call('clock.set', { jumpTo: Date.parse('2026-11-23T11:00:00-05:00') });
    const alert = await raised;
    expect(Math.abs(alert.movePct)).toBeGreaterThanOrEqual(15);
    expect(alert.kind).toBe('significant_move');
    const list = (await l.call('alerts.list', { limit: 1000 })).result.alerts;
    expect(list.find((a: any) => a.id === alert.id)).toBeTruthy();
    const acked = (await l.call('alerts.ack', { id: alert.id })).result;
    expect(acked.acked).toBe(true);
    expect((await l.call('alerts.ack', { id: 99_999_999 })).error?.code).toBe(4004);
  });
});

describe('back-to-back analyses', () => {
  it('starts a new job when asked right as the previous one reports done', async () => {
    const l = await h.client();
    await l.call('events.subscribe', { topics: ['analysis.progress'] });
    const first = (await l.call('sectors.analyze')).result.jobId;
    await l.waitEvent('analysis.progress', (p) => p.jobId === first && p.done, 20_000);
    const second = (await l.call('sectors.analyze')).result.jobId;
    expect(second).not.toBe(first);
    const end = await l.waitEvent('analysis.progress', (p) => p.jobId === second && p.done, 20_000);
    expect(end.error).toBeNull();
  });
});
