// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import { LIMIT_META, parseLimitInput, toInputText } from '../../components/guardrails/limit-meta';
import { LIMITS, PLAYBOOK, T0 } from '../../components/guardrails/guardrail-fixtures.test-util';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { SettingsView } from './SettingsView';
import { refusedKeys } from './settings-model';

const meta = (k: string) => LIMIT_META.find((m) => m.key === k)!;

function info(limits = LIMITS, extra: object = {}) {
  return {
    config: { limits, defaultPlaybook: 'momentum_breakout', playbooks: [PLAYBOOK, { ...PLAYBOOK, id: 'mean_reversion', name: 'Mean reversion', allowedRegimes: ['ranging'] }] },
    defaultsPath: '/app/resources/guardrails.yaml',
    overridePath: '/home/u/.config/kestrel/guardrails.yaml',
    loadedAt: T0,
    regime: 'trending_up',
    ...extra,
  };
}

async function flush(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}

beforeEach(() => {
  resetKestrelStore();
  useKestrelStore.setState({ connection: 'open' });
});
afterEach(cleanup);

describe('limit-meta', () => {
  it('edits ratios as percentages and validates with the contract', () => {
    expect(toInputText(meta('advMaxOrderRatio'), 0.05)).toBe('5');
    expect(parseLimitInput(meta('advMaxOrderRatio'), '7.5%')).toEqual({ value: 0.075 });
    expect(parseLimitInput(meta('advMaxOrderRatio'), '150')).toEqual({ error: 'must be at most 100%' });
    expect(parseLimitInput(meta('advLookbackDays'), '2.5')).toEqual({ error: 'must be a whole number' });
    expect(parseLimitInput(meta('maxPositionUsd'), '0')).toEqual({ error: 'must be above 0' });
    expect(parseLimitInput(meta('maxPositionUsd'), '$60,000')).toEqual({ value: 60_000 });
    expect(parseLimitInput(meta('maxPositionUsd'), 'abc')).toEqual({ error: 'not a number' });
    expect(parseLimitInput(meta('catalystRequired'), 'true')).toEqual({ value: true });
    expect(LIMIT_META.map((m) => m.key).sort()).toEqual(Object.keys(LIMITS).sort());
  });

  it('finds the refused keys in a message', () => {
    expect(refusedKeys('limits.maxPositionUsd: Too big', ['maxPositionUsd', 'warnFraction'])).toEqual(['maxPositionUsd']);
    expect(refusedKeys('invalid', ['warnFraction'])).toEqual(['warnFraction']);
    expect(refusedKeys('invalid', ['warnFraction', 'maxPositionUsd'])).toEqual([]);
  });
});

describe('SettingsView', () => {
  it('lists every limit with unit, current value and description; saves only the edited ones', async () => {
    const c = new FakeEngineClient();
    c.handlers['guardrails.config'] = () => info();
    c.handlers['guardrails.updateLimits'] = (p) => info({ ...LIMITS, ...(p as { limits: object }).limits });
    render(
      <EngineContext.Provider value={c}>
        <SettingsView />
      </EngineContext.Provider>,
    );
    await flush();
    const rows = within(screen.getByTestId('limits-table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(14);
    const adv = rows.find((r) => r.dataset['key'] === 'advMaxOrderRatio')!;
    expect(adv.textContent).toContain('% of ADV');
    expect(adv.textContent).toContain('5.00%');
    expect(adv.textContent).toContain('one order may be at most this share of ADV');
    const save = screen.getByRole('button', { name: /^Save/ }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    const input = screen.getByLabelText('Max order / ADV') as HTMLInputElement;
    expect(input.value).toBe('5');
    fireEvent.change(input, { target: { value: '200' } });
    expect(adv.textContent).toContain('must be at most 100%');
    expect(save.disabled).toBe(true);
    fireEvent.change(input, { target: { value: '4' } });
    expect(save.textContent).toBe('Save (1)');
    fireEvent.click(save);
    await flush();
    expect(c.calls.at(-1)).toEqual({ method: 'guardrails.updateLimits', params: { limits: { advMaxOrderRatio: 0.04 } } });
    expect(screen.getByTestId('settings-outcome').textContent).toContain('Saved 1 limit to /home/u/.config/kestrel/guardrails.yaml');
    expect((screen.getByLabelText('Max order / ADV') as HTMLInputElement).value).toBe('4');
    // Playbooks, regime, files.
    expect(within(screen.getByTestId('playbooks-table')).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('playbooks-table').textContent).toContain('DEFAULT');
    expect(screen.getByTestId('settings-regime').textContent).toBe('trending up');
    expect(screen.getByTestId('override-path').textContent).toBe('/home/u/.config/kestrel/guardrails.yaml');
    expect(screen.getByTestId('defaults-path').textContent).toBe('/app/resources/guardrails.yaml');
  });

  it('shows the refused key and message; resets to reported defaults in one patch', async () => {
    const c = new FakeEngineClient();
    const edited = { ...LIMITS, maxPositionUsd: 75_000 };
    c.handlers['guardrails.config'] = () => info(edited, { defaults: { limits: LIMITS } });
    c.handlers['guardrails.updateLimits'] = () => {
      throw new EngineError(-32602, 'invalid params: limits.maxPositionUsd: refused by the engine');
    };
    render(
      <EngineContext.Provider value={c}>
        <SettingsView />
      </EngineContext.Provider>,
    );
    await flush();
    const usd = screen.getByLabelText('Max position', { selector: '#limit-maxPositionUsd' });
    expect(usd.closest('tr')!.textContent).toContain('$50,000'); // the default
    fireEvent.change(usd, { target: { value: '80000' } });
    fireEvent.click(screen.getByRole('button', { name: /^Save/ }));
    await flush();
    expect(screen.getByTestId('settings-outcome').textContent).toBe('Refused (maxPositionUsd): invalid params: limits.maxPositionUsd: refused by the engine (code -32602)');
    expect(usd.closest('tr')!.className).toContain('st-refused');
    c.handlers['guardrails.updateLimits'] = () => info();
    const reset = screen.getByRole('button', { name: 'Reset to defaults' });
    fireEvent.click(reset);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm reset to defaults' }));
    await flush();
    expect(c.calls.at(-1)).toEqual({ method: 'guardrails.updateLimits', params: { limits: LIMITS } });
  });

  it('disables reset when the engine reports no defaults, and shows a load error', async () => {
    const c = new FakeEngineClient();
    c.handlers['guardrails.config'] = () => {
      throw new EngineError(-32603, 'config unreadable');
    };
    render(
      <EngineContext.Provider value={c}>
        <SettingsView />
      </EngineContext.Provider>,
    );
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('config unreadable (code -32603)');
    c.handlers['guardrails.config'] = () => info();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await flush();
    expect((screen.getByRole('button', { name: 'Reset to defaults' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
