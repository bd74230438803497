// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../shared/contract/rpc';
import { FakeEngineClient } from '../test/fake-engine-client';
import { clockState } from '../test/fixtures';
import { alertFixture, sectorSummary, sectorsGrid } from '../test/sector-fixtures';
import { ackAlert, cancelSectorAnalysis, runSectorAnalysis } from './engine-commands';
import { closeOverlays, openSectorDetail } from './actions';
import { resetKestrelStore, useKestrelStore } from './index';
import { wireEngineEvents } from './wire-engine-events';

function engine(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['clock.get'] = () => clockState();
  c.handlers['system.health'] = () => ({ status: 'ok' });
  c.handlers['system.info'] = () => ({ version: '1.0.0' });
  c.handlers['market.universe'] = () => ({ total: 0, items: [] });
  c.handlers['market.quotes'] = () => ({ source: 'simulator', asOf: 1, quotes: [] });
  c.handlers['sectors.grid'] = () => sectorsGrid();
  c.handlers['alerts.list'] = () => ({ alerts: [alertFixture({ id: 1 }), alertFixture({ id: 2, t: 0, acked: true })] });
  return c;
}
const settle = (): Promise<void> => vi.advanceTimersByTimeAsync(0).then(() => undefined);

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
});
afterEach(() => vi.useRealTimers());

describe('sectors in wireEngineEvents', () => {
  it('loads the grid and alerts on open, merges sectors.updated', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    let s = useKestrelStore.getState();
    expect(s.sectorsStatus).toBe('ready');
    expect(s.sectorsGrid?.sectors).toHaveLength(8);
    expect(s.alerts.map((a) => a.id)).toEqual([1, 2]);
    const tech = sectorSummary('technology', { score: 0.05, colour: 'blue_neutral', signal: 'NEUTRAL_CAUTIOUS', previousColour: 'dark_red' });
    c.emit('sectors.updated', { asOf: 5, runId: 42, sectors: [tech] });
    s = useKestrelStore.getState();
    expect(s.sectorsGrid?.sectors[0]?.colour).toBe('blue_neutral');
    expect(s.sectorsGrid?.runId).toBe(42);
    off();
    expect(c.listenerCount('sectors.updated')).toBe(0);
  });

  it('runs an analysis, follows its progress and re-reads the grid when it completes', async () => {
    const c = engine();
    c.handlers['sectors.analyze'] = () => ({ jobId: 'j7' });
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    await runSectorAnalysis(c);
    expect(useKestrelStore.getState().analysisJob).toMatchObject({ jobId: 'j7', origin: 'user', done: false });
    c.emit('analysis.progress', { jobId: 'j7', percent: 55, stage: 'Scoring sectors', etaMs: 3_000, done: false, error: null });
    expect(useKestrelStore.getState().analysisJob).toMatchObject({ percent: 55, stage: 'Scoring sectors' });
    const before = c.calls.filter((x) => x.method === 'sectors.grid').length;
    c.emit('analysis.progress', { jobId: 'j7', percent: 100, stage: 'Done', etaMs: null, done: true, error: null });
    await settle();
    expect(c.calls.filter((x) => x.method === 'sectors.grid').length).toBe(before + 1);
    off();
  });

  it('reports start and cancel failures plainly', async () => {
    const c = engine();
    c.handlers['sectors.analyze'] = () => {
      throw new EngineError(-32010, 'an analysis is already running');
    };
    await runSectorAnalysis(c);
    expect(useKestrelStore.getState().analysisError).toBe('Could not start the analysis: an analysis is already running (code -32010)');
    c.handlers['sectors.analyze'] = () => ({ jobId: 'j8' });
    c.handlers['sectors.cancelAnalysis'] = () => ({ cancelled: true });
    await runSectorAnalysis(c);
    await cancelSectorAnalysis(c);
    expect(c.calls.at(-1)).toEqual({ method: 'sectors.cancelAnalysis', params: { jobId: 'j8' } });
    expect(useKestrelStore.getState().analysisJob).toMatchObject({ done: true, error: 'Cancelled' });
  });

  it('adds raised alerts newest first, toasts only in browser mode, and acks', async () => {
    const c = engine();
    c.handlers['alerts.ack'] = (p) => alertFixture({ id: (p as { id: number }).id, acked: true });
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    c.emit('alerts.raised', alertFixture({ id: 9, t: Date.now() + 1e12, symbol: 'OCUL' }));
    let s = useKestrelStore.getState();
    expect(s.alerts[0]?.id).toBe(9);
    expect(s.toasts.map((t) => t.id)).toEqual([9]);
    await ackAlert(c, 9);
    expect(useKestrelStore.getState().alerts.find((a) => a.id === 9)?.acked).toBe(true);
    off();
    resetKestrelStore();
    const off2 = wireEngineEvents(c, { toasts: false });
    c.emit('alerts.raised', alertFixture({ id: 10 }));
    s = useKestrelStore.getState();
    expect(s.alerts.map((a) => a.id)).toContain(10);
    expect(s.toasts).toHaveLength(0);
    off2();
  });

  it('keeps the last grid on a failed refresh and shows why', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    c.handlers['sectors.grid'] = () => {
      throw new EngineError(-32603, 'database locked');
    };
    c.setState('reconnecting', 1);
    c.setState('open');
    await settle();
    const s = useKestrelStore.getState();
    expect(s.sectorsGrid?.sectors).toHaveLength(8);
    expect(s.sectorsError).toBe('database locked (code -32603)');
    off();
  });

  it('Esc closes the sector detail after any dialog', () => {
    openSectorDetail('energy');
    useKestrelStore.setState({ helpOpen: true });
    expect(closeOverlays()).toBe(true);
    expect(useKestrelStore.getState().openSector).toBe('energy');
    expect(closeOverlays()).toBe(true);
    expect(useKestrelStore.getState().openSector).toBeNull();
    expect(closeOverlays()).toBe(false);
  });
});
