// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { clockState } from '../../test/fixtures';
import { SegmentsView } from './SegmentsView';
import { T0, detail, llmCallDetail, proposal, summary } from './segment-fixtures.test-util';

const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const key = (k: string): void => {
  act(() => {
    fireEvent.keyDown(window, { key: k });
  });
};

function engine(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.state = 'open';
  const mining = summary({ id: 'mining', name: 'Mining & Resources', description: 'Miners and commodities' });
  c.handlers['segments.list'] = () => ({ segments: [summary(), mining] });
  c.handlers['segments.get'] = (p) => {
    const id = (p as { id: string }).id;
    return id === 'mining'
      ? detail({ ...mining, indicators: [{ key: 'gold', label: 'Gold', value: 2034.1, unit: 'usd/oz', change: 0.0042, source: 'sim-commodities', asOf: T0 }] })
      : detail();
  };
  c.handlers['segments.proposals'] = (p) => {
    const q = p as { segmentId?: string };
    return {
      proposals:
        q.segmentId === 'mining'
          ? []
          : [proposal(), proposal({ id: 'p-2', symbol: 'EFGH', action: 'hold', quantity: null, limitPrice: null, stopPrice: null, outcome: 'rejected', reason: 'grounding: price 9.99 not in the data', cardId: null, llmCallId: 'call-2' })],
    };
  };
  return c;
}

function setup(c = engine()): FakeEngineClient {
  render(
    <EngineContext.Provider value={c}>
      <SegmentsView />
    </EngineContext.Provider>,
  );
  return c;
}

beforeEach(() => {
  resetKestrelStore();
  useKestrelStore.setState({ connection: 'open', clock: clockState({ now: T0, paused: true }), clockReceivedAt: Date.now() });
});
afterEach(cleanup);

describe('SegmentsView', () => {
  it('shows a panel per segment with state, runs, indicators with sources, risk, members and proposals', async () => {
    const c = setup();
    await flush();
    const panels = screen.getAllByTestId('segment-panel');
    expect(panels.map((p) => p.dataset['segmentId'])).toEqual(['biotech', 'mining']);
    const bio = panels[0]!;
    expect(within(bio).getByTestId('segment-state').textContent).toBe('RUNNING');
    expect(within(bio).getByTestId('segment-last-run').textContent).toMatch(/ok 10:29:00 ET · rules analyst · 2 proposals \(1 refused\) · 420 ms/);
    expect(within(bio).getByTestId('segment-next-run').textContent).toContain('Fri 2026-11-20 11:30 ET (in 1h)');
    const gold = within(panels[1]!).getAllByTestId('segment-indicator')[0]!;
    expect(gold.textContent).toContain('$2,034.10/oz');
    expect(gold.textContent).toContain('+0.42%');
    expect(gold.textContent).toContain('10:30:00 ET · sim-commodities');
    expect(within(bio).getByTestId('segment-risk').textContent).toContain('$50,000.00');
    expect(within(bio).getByTestId('segment-members').dataset['count']).toBe('2');
    const rows = within(bio).getAllByTestId('proposal-row');
    expect(rows.map((r) => r.dataset['outcome'])).toEqual(['carded', 'rejected']);
    expect(rows[0]!.textContent).toContain('200 @ 12.35 · stop 11.20');
    expect(rows[1]!.textContent).toContain('grounding: price 9.99 not in the data');
    expect(within(rows[0]!).getByTestId('proposal-card-link').getAttribute('href')).toBe('?view=approvals&card=card-9');
    expect(c.listenerCount('segments.runProgress')).toBe(1);
    expect(c.listenerCount('segments.statusChanged')).toBe(1);
    cleanup();
    // Subscribed only while the view is mounted.
    expect(c.listenerCount('segments.runProgress')).toBe(0);
    expect(c.listenerCount('llm.callCompleted')).toBe(0);
  });

  it('Run now follows the run to done, disabled meanwhile, then re-reads the segment', async () => {
    const c = engine();
    c.handlers['segments.run'] = () => ({ jobId: 'job-7' });
    setup(c);
    await flush();
    const bio = screen.getAllByTestId('segment-panel')[0]!;
    const btn = within(bio).getByTestId('run-segment') as HTMLButtonElement;
    fireEvent.click(btn);
    await flush();
    expect(btn.disabled).toBe(true);
    act(() => c.emit('segments.runProgress', { jobId: 'job-7', segmentId: 'biotech', stage: 'analyse', progress: 0.55, message: 'Asking the rules analyst', done: false, outcome: null }));
    const progress = within(bio).getByTestId('segment-progress');
    expect(progress.dataset['stage']).toBe('analyse');
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('55');
    expect(progress.textContent).toContain('Asking the rules analyst');
    const gets = c.calls.filter((x) => x.method === 'segments.get').length;
    act(() => c.emit('segments.runProgress', { jobId: 'job-7', segmentId: 'biotech', stage: 'done', progress: 1, message: '2 proposals', done: true, outcome: 'ok' }));
    await flush();
    expect(progress.dataset['done']).toBe('true');
    expect(btn.disabled).toBe(false);
    expect(c.calls.filter((x) => x.method === 'segments.get').length).toBe(gets + 1);
    expect(c.calls.filter((x) => x.method === 'segments.proposals').length).toBeGreaterThanOrEqual(3);
  });

  it('R runs the selected segment; a 4009 says a run is in progress', async () => {
    const c = engine();
    c.handlers['segments.run'] = () => {
      throw new EngineError(4009, 'a run is in progress');
    };
    setup(c);
    await flush();
    key('j');
    expect(useKestrelStore.getState().selectedSegmentId).toBe('mining');
    key('r');
    await flush();
    expect(c.calls.find((x) => x.method === 'segments.run')?.params).toEqual({ id: 'mining' });
    expect(within(screen.getAllByTestId('segment-panel')[1]!).getByTestId('segment-error').textContent).toContain('already in progress');
  });

  it('the toggle disables a segment through the engine; statusChanged updates the chip and the last error', async () => {
    const c = engine();
    c.handlers['segments.setEnabled'] = (p) => summary({ id: 'mining', name: 'Mining & Resources', enabled: (p as { enabled: boolean }).enabled, state: 'disabled', nextRunAt: null });
    setup(c);
    await flush();
    const mining = screen.getAllByTestId('segment-panel')[1]!;
    fireEvent.click(within(mining).getByTestId('segment-enabled'));
    await flush();
    expect(c.calls.find((x) => x.method === 'segments.setEnabled')?.params).toEqual({ id: 'mining', enabled: false });
    expect(mining.dataset['state']).toBe('disabled');
    expect(within(mining).getByTestId('segment-next-run').textContent).toContain('not scheduled (disabled)');
    act(() => c.emit('segments.statusChanged', { segment: summary({ state: 'faulted', lastError: { message: 'run timed out after 30 s', at: T0 - 5_000 } }), previousState: 'running' }));
    const bio = screen.getAllByTestId('segment-panel')[0]!;
    expect(within(bio).getByTestId('segment-state').textContent).toBe('FAULTED');
    expect(within(bio).getByTestId('segment-last-error').textContent).toContain('10:29:55 ET: run timed out after 30 s');
  });

  it('the editor validates inline and sends only the changes', async () => {
    const c = engine();
    c.handlers['segments.configure'] = (p) => summary({ riskParameters: { ...summary().riskParameters, maxPositionSize: (p as { riskParameters: { maxPositionSize: number } }).riskParameters.maxPositionSize } });
    setup(c);
    await flush();
    const bio = screen.getAllByTestId('segment-panel')[0]!;
    const details = within(bio).getByTestId('segment-config') as HTMLDetailsElement;
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    fireEvent.change(within(bio).getByTestId('config-maxPositionSize'), { target: { value: '150' } });
    fireEvent.change(within(bio).getByTestId('config-schedule'), { target: { value: '0 25 * * 1-5' } });
    expect(within(bio).getAllByRole('alert').map((a) => a.textContent)).toEqual(['must be at most 100%', 'hour: 25 is outside 0–23']);
    expect((within(bio).getByTestId('config-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(bio).getByTestId('config-maxPositionSize'), { target: { value: '25' } });
    fireEvent.change(within(bio).getByTestId('config-schedule'), { target: { value: '15 10 * * 1-5' } });
    fireEvent.click(within(bio).getByTestId('config-save'));
    await flush();
    expect(c.calls.find((x) => x.method === 'segments.configure')?.params).toEqual({ id: 'biotech', riskParameters: { maxPositionSize: 0.25 } });
    expect(within(bio).getByTestId('config-outcome').textContent).toContain('Saved 1 change');
  });

  it('Trace opens the LLM call behind a proposal', async () => {
    const c = engine();
    c.handlers['llm.call'] = () => llmCallDetail({ id: 'call-2', outcome: 'grounding_failed', reason: 'price 9.99 for EFGH not in the data (last 3.21)', provider: 'openai-compatible', model: 'gpt-4o-mini', promptTokens: 1240, completionTokens: 310, costUsd: 0.00037, response: '{"summary":"x","decisions":[]}' });
    setup(c);
    await flush();
    const rows = screen.getAllByTestId('proposal-trace');
    fireEvent.click(rows[1]!);
    await flush();
    const dialog = screen.getByTestId('llm-trace');
    expect(c.calls.find((x) => x.method === 'llm.call')?.params).toEqual({ id: 'call-2' });
    expect(within(dialog).getByTestId('llm-trace-outcome').textContent).toBe('grounding failed');
    expect(within(dialog).getByTestId('llm-trace-reason').textContent).toContain('not in the data');
    expect(dialog.textContent).toContain('1,240 in + 310 out = 1,550');
    expect(dialog.textContent).toContain('$0.0004');
    expect(within(dialog).getByTestId('llm-trace-system').textContent).toBe('SYSTEM PROMPT');
    expect(within(dialog).getByTestId('llm-trace-response').textContent).toContain('"summary": "x"');
    key('Escape');
    expect(screen.queryByTestId('llm-trace')).toBeNull();
  });
});
