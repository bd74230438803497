// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { clockState } from '../../test/fixtures';
import { LLM_RELOAD_MS } from '../../store/wire-engine-events';
import { T0, llmCall, llmStatus, llmUsage } from '../segments/segment-fixtures.test-util';
import { LlmSettings } from './LlmSettings';

const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

function setup(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.state = 'open';
  c.handlers['llm.status'] = () => llmStatus();
  c.handlers['llm.usage'] = () => llmUsage();
  render(
    <EngineContext.Provider value={c}>
      <LlmSettings />
    </EngineContext.Provider>,
  );
  return c;
}

beforeEach(() => {
  resetKestrelStore();
  useKestrelStore.setState({ connection: 'open', clock: clockState({ now: T0, paused: true }), clockReceivedAt: Date.now() });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('LlmSettings', () => {
  it('shows the provider, the gauge, cost today, cost per approved card, latency and recent calls', async () => {
    setup();
    await flush();
    expect(screen.getByTestId('llm-provider').dataset['provider']).toBe('rules');
    const gauge = screen.getByTestId('llm-gauge');
    expect(gauge.getAttribute('aria-valuetext')).toBe('50.0K / 200.0K tokens (25.0%)');
    expect(screen.getByTestId('llm-cost-today').textContent).toBe('$0.01');
    expect(screen.getByTestId('llm-cost-per-card').textContent).toBe('$0.0050');
    expect(screen.getByTestId('llm-latency').textContent).toBe('850 ms / 2.4 s');
    expect(screen.getByTestId('llm-key-status').textContent).toContain('not set');
    expect(screen.getAllByTestId('llm-call-row')).toHaveLength(1);
  });

  it('a completed call joins the table and the totals at once; the usage is re-read once per burst', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const c = setup();
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    const usageReads = (): number => c.calls.filter((x) => x.method === 'llm.usage').length;
    const before = usageReads();
    act(() => {
      c.emit('llm.callCompleted', llmCall({ id: 'call-9', t: T0, outcome: 'ok', provider: 'openai-compatible', model: 'gpt-4o-mini', promptTokens: 1000, completionTokens: 200, costUsd: 0.02 }));
      c.emit('llm.callCompleted', llmCall({ id: 'call-10', t: T0 + 1, outcome: 'timeout', reason: 'no answer in 20 s' }));
    });
    expect(screen.getAllByTestId('llm-call-row').map((r) => r.dataset['outcome'])).toEqual(['timeout', 'ok', 'rules']);
    expect(screen.getByTestId('llm-calls-today').textContent).toBe('6');
    expect(screen.getByTestId('llm-gauge').dataset['used']).toBe('51200');
    await act(async () => {
      vi.advanceTimersByTime(LLM_RELOAD_MS + 10);
      await Promise.resolve();
    });
    expect(usageReads()).toBe(before + 1);
  });

  it('never shows the key back, validates inline, and sends only the changes', async () => {
    const c = setup();
    c.handlers['llm.configure'] = () => {
      const next = llmStatus({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: { set: true, source: 'memory' } });
      c.handlers['llm.status'] = () => next;
      return next;
    };
    await flush();
    const form = screen.getByTestId('llm-form');
    fireEvent.click(screen.getByTestId('llm-provider-openai-compatible'));
    expect(within(form).getByText(/needs a base URL/)).toBeTruthy();
    fireEvent.change(screen.getByTestId('llm-base-url'), { target: { value: 'http://127.0.0.1:11434/v1' } });
    fireEvent.change(screen.getByTestId('llm-model'), { target: { value: 'llama3.1' } });
    fireEvent.change(screen.getByTestId('llm-limit-temperature'), { target: { value: '5' } });
    expect(within(form).getByText('must be at most 2')).toBeTruthy();
    expect((screen.getByTestId('llm-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('llm-limit-temperature'), { target: { value: '0.2' } });
    const key = screen.getByTestId('llm-api-key') as HTMLInputElement;
    expect(key.type).toBe('password');
    fireEvent.change(key, { target: { value: 'sk-secret-123' } });
    fireEvent.click(screen.getByTestId('llm-save'));
    await flush();
    expect(c.calls.find((x) => x.method === 'llm.configure')?.params).toEqual({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: 'sk-secret-123' });
    expect((screen.getByTestId('llm-api-key') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('llm-key-status').textContent).toContain('set (memory)');
    expect(document.body.textContent).not.toContain('sk-secret-123');
  });
});
