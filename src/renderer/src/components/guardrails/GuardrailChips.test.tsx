// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardrailChips } from './GuardrailChips';
import { result } from './guardrail-fixtures.test-util';
import { formatInUnit, formatInputValue, meterFraction, changedChecks, checkStatus } from './guardrail-format';

afterEach(cleanup);

describe('GuardrailChips', () => {
  it('shows one chip per check with short labels, severity classes and full aria labels', () => {
    render(<GuardrailChips result={result()} />);
    const chips = screen.getAllByTestId('guardrail-chip');
    expect(chips.map((c) => c.textContent)).toEqual(['Liquidity', 'Size', 'Events', 'Regime', 'Data', 'Fat finger']);
    expect(chips.map((c) => c.dataset['status'])).toEqual(['passed', 'warning', 'blocked', 'passed', 'passed', 'passed']);
    expect(chips[1]!.className).toContain('gr-warning');
    expect(chips[2]!.className).toContain('gr-blocked');
    expect(chips[0]!.className).toContain('gr-passed');
    expect(screen.getByRole('button', { name: 'Events: blocked — Earnings in 1 trading day (blackout 2).' })).toBe(chips[2]);
    expect(chips[1]!.getAttribute('aria-label')).toBe('Size: warning — Position would be 8.80% of equity (limit 10.00%).');
    expect(chips[0]!.title).toBe('Order is 1.23% of ADV20 (limit 5.00%).');
    for (const c of chips) expect(c.tagName).toBe('BUTTON');
  });

  it('calls onOpen with the check id on click and on keyboard activation', () => {
    const onOpen = vi.fn();
    render(<GuardrailChips result={result()} onOpen={onOpen} />);
    const size = screen.getByRole('button', { name: /^Size:/ });
    fireEvent.click(size);
    expect(onOpen).toHaveBeenCalledWith('position_size');
    size.focus();
    expect(document.activeElement).toBe(size);
    fireEvent.click(screen.getByRole('button', { name: /^Fat finger:/ }));
    expect(onOpen).toHaveBeenLastCalledWith('fat_finger');
  });

  it('compact mode shows warnings and blocks plus a "+N ok" chip', () => {
    const onOpen = vi.fn();
    render(<GuardrailChips result={result()} compact onOpen={onOpen} />);
    expect(screen.getAllByTestId('guardrail-chip').map((c) => c.dataset['check'])).toEqual(['position_size', 'event_window']);
    const ok = screen.getByTestId('guardrail-chip-ok');
    expect(ok.textContent).toBe('+4 ok');
    expect(ok.getAttribute('aria-label')).toBe('4 checks passed: Liquidity, Regime, Data, Fat finger');
    fireEvent.click(ok);
    expect(onOpen).toHaveBeenCalledWith('liquidity');
  });

  it('compact with everything passing shows only the ok chip', () => {
    const r = result();
    render(<GuardrailChips result={{ ...r, checks: r.checks.filter((c) => c.severity === 'info') }} compact />);
    expect(screen.queryAllByTestId('guardrail-chip')).toHaveLength(0);
    expect(screen.getByTestId('guardrail-chip-ok').textContent).toBe('+4 ok');
  });
});

describe('guardrail-format', () => {
  it('formats values in their units', () => {
    expect(formatInUnit(0.0123, 'ratio')).toBe('1.23%');
    expect(formatInUnit(10, 'pct')).toBe('10.00%');
    expect(formatInUnit(1, 'days')).toBe('1 day');
    expect(formatInUnit(2, 'days')).toBe('2 days');
    expect(formatInUnit(5.25, 'hours')).toBe('5.3 h');
    expect(formatInUnit(30, 'seconds')).toBe('30 s');
    expect(formatInUnit(50_000, 'usd')).toBe('$50,000');
    expect(formatInUnit(412.5, 'usd')).toBe('$412.50');
    expect(formatInUnit(1200, 'shares')).toBe('1,200 sh');
    expect(formatInUnit('trending_up', 'label')).toBe('trending up');
    expect(formatInUnit(null, 'ratio')).toBe('—');
  });

  it('formats inputs by their names', () => {
    expect(formatInputValue('adv', 81_300)).toBe('81,300');
    expect(formatInputValue('equity', 100_000)).toBe('$100,000');
    expect(formatInputValue('referencePrice', 4.1)).toBe('$4.10');
    expect(formatInputValue('limitDistancePct', 0.5)).toBe('0.50%');
    expect(formatInputValue('quoteAt', Date.UTC(2026, 10, 20, 15, 31, 0))).toBe('2026-11-20 10:31:00 ET');
    expect(formatInputValue('ageSeconds', 2)).toBe('2 s');
    expect(formatInputValue('eventKind', 'earnings')).toBe('earnings');
    expect(formatInputValue('sessionOpen', true)).toBe('yes');
    expect(formatInputValue('maxPositionPctEquity', 0.1)).toBe('10.00%');
    expect(formatInputValue('positionPctEquity', 0.0267)).toBe('2.67%');
    expect(formatInputValue('maxSectorExposure', 0.3)).toBe('30.00%');
    expect(formatInputValue('gapChaseMaxPercent', 10)).toBe('10.00%');
    expect(formatInputValue('now', 1_795_192_415_100)).toMatch(/^2026-11-\d\d \d\d:\d\d:\d\d ET$/);
    expect(formatInputValue('adv', 2_865_928)).toBe('2,865,928');
  });

  it('meters value/limit and finds changed checks', () => {
    expect(meterFraction({ value: 0.025, limit: 0.05 })).toBeCloseTo(0.5);
    expect(meterFraction({ value: 1, limit: 0.05 })).toBe(1.25);
    expect(meterFraction({ value: 'x', limit: 1 })).toBeNull();
    expect(meterFraction({ check: 'event_window', value: 56, limit: 2 })).toBeCloseTo(2 / 56);
    expect(meterFraction({ check: 'event_window', value: 0, limit: 2 })).toBe(1.25);
    expect(formatInputValue('sectorGrossAfter', 9_522)).toBe('$9,522.00');
    const a = result();
    const b = result({ checks: a.checks.map((c) => (c.check === 'position_size' ? { ...c, severity: 'block' as const, passed: false } : c)) });
    expect(changedChecks(a, b)).toEqual([{ check: 'position_size', from: 'warning', to: 'blocked' }]);
    expect(changedChecks(null, a)).toEqual([]);
    expect(checkStatus({ passed: false, severity: 'info' })).toBe('blocked');
  });
});
