// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UniverseMember } from '../../../../shared/contract/sector-schemas';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { UniverseDialog, WhatIfVerdict } from './UniverseDialog';

const candidate = { symbol: 'ABCD', marketCap: 180e6, avgVolume20: 950e3, price: 4.25, float: 42e6, exchange: 'NASDAQ' };

function member(symbol: string, over: Partial<UniverseMember> = {}): UniverseMember {
  return {
    symbol,
    name: `${symbol} Corp.`,
    included: true,
    tier: 'micro',
    reasons: [],
    sector: 'technology',
    sectorConfidence: 0.9,
    exchange: 'NASDAQ',
    marketCap: 180e6,
    avgVolume20: 950e3,
    price: 4.25,
    float: 42e6,
    gapPriority: 1,
    ...over,
  };
}

beforeEach(() => resetKestrelStore());
afterEach(cleanup);

describe('WhatIfVerdict', () => {
  it('shows INCLUDED with the tier and no reasons', () => {
    render(<WhatIfVerdict verdict={{ symbol: 'ABCD', included: true, tier: 'micro', reasons: [] }} candidate={candidate} />);
    const v = screen.getByTestId('whatif-verdict');
    expect(v.dataset['included']).toBe('true');
    expect(v.dataset['tier']).toBe('micro');
    expect(v.textContent).toContain('INCLUDED');
    expect(v.textContent).toContain('micro-cap');
    expect(v.textContent).toContain('$180M');
    expect(screen.queryAllByTestId('whatif-reason')).toHaveLength(0);
  });

  it('shows EXCLUDED with every reason, and a stale note when inputs changed', () => {
    const reasons = ['market cap $3.2B above the $2B ceiling', 'price $0.80 below $1', 'OTC is not an eligible exchange'];
    render(<WhatIfVerdict verdict={{ symbol: 'ABCD', included: false, tier: null, reasons }} candidate={candidate} stale />);
    const v = screen.getByTestId('whatif-verdict');
    expect(v.dataset['included']).toBe('false');
    expect(v.dataset['tier']).toBe('');
    expect(v.dataset['stale']).toBe('true');
    expect(v.textContent).toContain('EXCLUDED');
    expect(screen.getAllByTestId('whatif-reason').map((r) => r.textContent)).toEqual(reasons);
    expect(v.textContent).toContain('re-evaluate');
  });
});

describe('UniverseDialog', () => {
  function setup(): FakeEngineClient {
    const client = new FakeEngineClient();
    client.handlers['universe.current'] = () => ({
      date: '2026-11-20',
      total: 3,
      members: 2,
      items: [member('AAA'), member('BBB', { tier: 'small', marketCap: 900e6 }), member('ZZZ', { included: false, tier: null, reasons: ['price below $1'], price: 0.5 })],
      changes: { entered: ['AAA'], left: [] },
    });
    client.handlers['universe.evaluate'] = (p) => {
      const c = (p as { candidates: (typeof candidate)[] }).candidates[0]!;
      return { results: [{ symbol: c.symbol, included: c.price >= 1, tier: c.price >= 1 ? 'micro' : null, reasons: c.price >= 1 ? [] : ['price below $1'] }] };
    };
    useKestrelStore.setState({ universeOpen: true, connection: 'open' });
    render(
      <EngineContext.Provider value={client}>
        <UniverseDialog />
      </EngineContext.Provider>,
    );
    return client;
  }

  it('shows the summary, refuses a bad form without calling, and evaluates a filled member', async () => {
    const client = setup();
    await act(async () => {});
    expect(screen.getByTestId('universe-date').textContent).toBe('2026-11-20');
    const members = screen.getByTestId('universe-members');
    expect(members.dataset['micro']).toBe('1');
    expect(members.dataset['small']).toBe('1');
    expect(within(screen.getByTestId('universe-entered')).getAllByTestId('universe-chip').map((c) => c.textContent)).toEqual(['AAA']);
    expect(screen.getByTestId('universe-left').textContent).toContain('none');

    // Bad input: fields marked, nothing sent.
    fireEvent.change(screen.getByTestId('whatif-symbol'), { target: { value: 'zzz' } });
    fireEvent.change(screen.getByTestId('whatif-marketCap'), { target: { value: '12X' } });
    fireEvent.submit(screen.getByTestId('universe-whatif'));
    await act(async () => {});
    expect(client.calls.some((c) => c.method === 'universe.evaluate')).toBe(false);
    expect(screen.getByTestId('whatif-marketCap').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByTestId('whatif-field-error').length).toBeGreaterThanOrEqual(3);

    // Fill from the universe, then evaluate.
    fireEvent.click(screen.getByTestId('whatif-fill'));
    expect((screen.getByTestId('whatif-marketCap') as HTMLInputElement).value).toBe('180M');
    expect((screen.getByTestId('whatif-price') as HTMLInputElement).value).toBe('0.5');
    fireEvent.submit(screen.getByTestId('universe-whatif'));
    await act(async () => {});
    const call = client.calls.find((c) => c.method === 'universe.evaluate');
    expect(call?.params).toEqual({ candidates: [{ symbol: 'ZZZ', marketCap: 180e6, avgVolume20: 950e3, price: 0.5, float: 42e6, exchange: 'NASDAQ' }] });
    const v = screen.getByTestId('whatif-verdict');
    expect(v.dataset['included']).toBe('false');
    expect(screen.getAllByTestId('whatif-reason').map((r) => r.textContent)).toEqual(['price below $1']);

    // Tweak the price: the verdict goes stale until re-evaluated.
    fireEvent.change(screen.getByTestId('whatif-price'), { target: { value: '1.50' } });
    expect(screen.getByTestId('whatif-verdict').dataset['stale']).toBe('true');
    fireEvent.submit(screen.getByTestId('universe-whatif'));
    await act(async () => {});
    expect(screen.getByTestId('whatif-verdict').dataset['included']).toBe('true');
    expect(screen.getByTestId('whatif-verdict').dataset['tier']).toBe('micro');
  });
});
