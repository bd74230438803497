// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import { EngineContext } from '../../engine/engine-context';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { ExplainDialog } from './ExplainDialog';
import { LIMITS, PLAYBOOK, T0, result } from './guardrail-fixtures.test-util';

afterEach(cleanup);

function wrap(client: FakeEngineClient, node: ReactNode): ReactNode {
  return <EngineContext.Provider value={client}>{node}</EngineContext.Provider>;
}

function explainClient(): FakeEngineClient {
  const c = new FakeEngineClient();
  const creation = result({ phase: 'creation', evaluatedAt: T0 });
  const latest = result({
    phase: 'approval',
    evaluatedAt: T0 + 5 * 60_000,
    checks: creation.checks.map((ch) => (ch.check === 'position_size' ? { ...ch, severity: 'info' as const, message: 'Position would be 4.40% of equity.' } : ch)),
  });
  c.handlers['guardrails.explain'] = () => ({ cardId: 'c-42', latest, history: [creation, latest], limits: LIMITS, playbook: PLAYBOOK });
  return c;
}

async function flush(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}

describe('ExplainDialog', () => {
  it('loads the explanation and shows every check, its units, inputs, history, playbook and limits', async () => {
    const c = explainClient();
    render(wrap(c, <ExplainDialog cardId="c-42" onClose={() => undefined} />));
    const dialog = screen.getByRole('dialog', { name: 'Guardrail explanation' });
    expect(within(dialog).getByRole('status').textContent).toContain('Loading');
    await flush();
    expect(c.calls).toEqual([{ method: 'guardrails.explain', params: { cardId: 'c-42' } }]);
    const checks = screen.getAllByTestId('explain-check');
    expect(checks.map((x) => x.dataset['check'])).toEqual(['liquidity', 'position_size', 'event_window', 'regime', 'data_freshness', 'fat_finger']);
    expect(checks.map((x) => x.dataset['status'])).toEqual(['passed', 'passed', 'blocked', 'passed', 'passed', 'passed']);
    expect(within(checks[0]!).getByTestId('explain-value').textContent).toBe('1.23% vs limit 5.00%');
    expect(within(checks[2]!).getByTestId('explain-value').textContent).toBe('1 day vs limit 2 days');
    expect(within(checks[3]!).getByTestId('explain-value').textContent).toBe('trending up vs limit trending up, trending down');
    expect(within(checks[4]!).getByTestId('explain-value').textContent).toBe('2 s vs limit 30 s');
    expect(within(checks[5]!).getByTestId('explain-value').textContent).toBe('0.50% vs limit 10.00%');
    // A meter for numeric checks (value/limit), none for the label check.
    expect(within(checks[0]!).getByRole('meter').getAttribute('aria-valuenow')).toBe('25');
    expect(within(checks[3]!).queryByRole('meter')).toBeNull();
    // Every input number in a table.
    const inputs = within(checks[0]!).getByRole('table');
    expect(inputs.textContent).toContain('adv');
    expect(inputs.textContent).toContain('81,300');
    expect(inputs.textContent).toContain('orderShares');
    expect(within(checks[4]!).getByRole('table').textContent).toContain('2026-11-20 10:30:58 ET');
    // History in New York time with the checks that changed.
    const rows = within(screen.getByTestId('explain-history')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('2026-11-20 10:31:00');
    expect(rows[0]!.textContent).toContain('Creation');
    expect(rows[0]!.textContent).toContain('first evaluation');
    expect(rows[1]!.textContent).toContain('10:36:00');
    expect(rows[1]!.textContent).toContain('Approval');
    expect(rows[1]!.textContent).toContain('Size warning → passed');
    // Playbook and limits.
    expect(screen.getByTestId('explain-playbook').textContent).toContain('trending up, trending down');
    expect(screen.getByTestId('explain-playbook').textContent).toContain('2 × every 5 min');
    expect(screen.getByTestId('explain-limits').textContent).toContain('5.00%');
    expect(screen.getByTestId('explain-limits').textContent).toContain('$50,000');
    expect(screen.getByTestId('explain-summary').textContent).toContain('simulator · as of 2026-11-20 10:30:58 ET');
  });

  it('scrolls to and highlights the focused check', async () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    render(wrap(explainClient(), <ExplainDialog cardId="c-42" focus="event_window" onClose={() => undefined} />));
    await flush();
    const focused = screen.getAllByTestId('explain-check').filter((x) => x.className.includes('gx-focused'));
    expect(focused.map((x) => x.dataset['check'])).toEqual(['event_window']);
    expect(focused[0]!.getAttribute('aria-current')).toBe('true');
    expect(scroll).toHaveBeenCalled();
    expect(scroll.mock.contexts[0]).toBe(focused[0]);
  });

  it('shows a not-found error with retry, and closes on Esc', async () => {
    const c = new FakeEngineClient();
    c.handlers['guardrails.explain'] = () => {
      throw new EngineError(4004, 'no card c-9');
    };
    const onClose = vi.fn();
    render(wrap(c, <ExplainDialog cardId="c-9" onClose={onClose} />));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Card c-9 was not found (code 4004).');
    c.handlers['guardrails.explain'] = explainClient().handlers['guardrails.explain']!;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await flush();
    expect(screen.getAllByTestId('explain-check')).toHaveLength(6);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
