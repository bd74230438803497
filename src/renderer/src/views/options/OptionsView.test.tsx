// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Strategy } from '../../../../shared/contract/options-schemas';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { cardFixture } from '../../store/trading-fixtures';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { analysisFixture, analyticsFixture, chainFixture, strategyFixture } from './options-fixtures.test-util';
import { OptionsView, pickExpiry } from './OptionsView';

// Canvas charts do not run in jsdom; the stand-in exposes what the chart was given.
vi.mock('./StrikeChart', () => ({
  StrikeChart: ({ testId, series, markers }: { testId: string; series: { points: unknown[] }[]; markers?: { text: string }[] }): ReactNode => (
    <div data-testid={testId} data-points={series[0]?.points.length ?? 0} data-markers={(markers ?? []).map((m) => m.text).join('|')} />
  ),
}));

const EXPIRIES = [
  { expiry: '2026-12-18', daysToExpiry: 28, kind: 'monthly' as const, spansEvent: false },
  { expiry: '2027-01-15', daysToExpiry: 56, kind: 'monthly' as const, spansEvent: true },
];

function fake(opts: { tradingEnabled?: boolean; optionable?: boolean } = {}): FakeEngineClient {
  const c = new FakeEngineClient();
  let enabled = opts.tradingEnabled ?? false;
  c.handlers['options.expiries'] = () => ({
    underlying: 'ACME',
    optionable: opts.optionable ?? true,
    reason: opts.optionable === false ? 'Market cap $120M is under the $300M listing threshold' : null,
    expiries: opts.optionable === false ? [] : EXPIRIES,
  });
  c.handlers['options.chain'] = (p) => chainFixture({ expiry: (p as { expiry: string }).expiry });
  c.handlers['options.analytics'] = (p) => analyticsFixture({ expiry: (p as { expiry: string }).expiry });
  c.handlers['options.status'] = () => ({ tradingEnabled: enabled, since: null, by: null });
  c.handlers['options.setTradingEnabled'] = (p) => {
    enabled = (p as { enabled: boolean }).enabled;
    return { tradingEnabled: enabled, since: 1, by: 'test' };
  };
  c.handlers['options.strategy.analyze'] = () => analysisFixture();
  c.handlers['options.strategy.build'] = (p) => ({ strategy: strategyFixture({ template: (p as { template: Strategy['template'] }).template }), analysis: analysisFixture() });
  return c;
}

function setup(c: FakeEngineClient): void {
  render(
    <EngineContext.Provider value={c}>
      <OptionsView />
    </EngineContext.Provider>,
  );
}

const calls = (c: FakeEngineClient, m: string): unknown[] => c.calls.filter((x) => x.method === m).map((x) => x.params);

beforeEach(() => {
  resetKestrelStore();
  localStorage.clear();
  useKestrelStore.setState({ selectedSymbol: 'ACME', activeView: 'options' });
});
afterEach(cleanup);

describe('OptionsView', () => {
  it('shows the chain with spot, source and as-of, the ATM and spot markers, ITM shading and the labelled analytics', async () => {
    const c = fake();
    setup(c);
    await screen.findByTestId('chain-table');
    expect(screen.getAllByTestId('chain-row')).toHaveLength(5);
    expect(screen.getByTestId('chain-spot').textContent).toMatch(/101\.00\s*sim · as of 10:30:00 ET/);
    const atm = document.querySelector('[data-strike="100"]')!;
    expect(atm.getAttribute('data-atm')).toBe('true');
    expect(atm.textContent).toContain('ATM');
    // The spot row sits between 100 and 105.
    const marker = screen.getByTestId('spot-marker');
    expect(marker.previousElementSibling?.getAttribute('data-strike')).toBe('100');
    expect(marker.nextElementSibling?.getAttribute('data-strike')).toBe('105');
    // 90 call in the money (shaded), 90 put not.
    const row90 = document.querySelector('[data-strike="90"]')!;
    expect(row90.querySelector('td.oc-itm [data-testid="call-bid"]')).not.toBeNull();
    expect(row90.querySelector('td.oc-itm [data-testid="put-bid"]')).toBeNull();
    const strip = await screen.findByTestId('analytics-strip');
    expect(within(strip).getByTestId('iv-rank').textContent).toBe('IV rank50.0');
    expect(within(strip).getByTestId('iv-percentile').textContent).toBe('IV percentile80.0');
    expect(within(strip).getByTestId('max-pain').textContent).toContain('100.00');
    expect(within(strip).getByTestId('pcr-oi').textContent).toContain('1.12');
    expect(within(strip).getByTestId('expected-move').textContent).toContain('±6.34%');
    expect(screen.getByTestId('pain-chart').dataset['markers']).toBe('Max pain 100');
    // The event marker on the expiry that spans an earnings date.
    const tabs = screen.getAllByTestId('expiry-tab');
    expect(tabs[1]!.getAttribute('aria-label')).toContain('spans an earnings or FDA date');
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('says plainly why a name has no options', async () => {
    const c = fake({ optionable: false });
    setup(c);
    expect((await screen.findByTestId('not-optionable')).textContent).toContain('under the $300M listing threshold');
    expect(calls(c, 'options.chain')).toHaveLength(0);
  });

  it('] switches the expiry and the chain follows; columns persist', async () => {
    const c = fake();
    setup(c);
    await screen.findByTestId('chain-table');
    act(() => {
      fireEvent.keyDown(window, { key: ']' });
    });
    await waitFor(() => expect(screen.getByTestId('chain-table').dataset['expiry']).toBe('2027-01-15'));
    expect(calls(c, 'options.chain')).toContainEqual({ underlying: 'ACME', expiry: '2027-01-15' });
    fireEvent.click(screen.getByTestId('columns-menu'));
    fireEvent.click(screen.getByTestId('column-gamma'));
    expect(JSON.parse(localStorage.getItem('kestrel.options.columns')!)).toContain('gamma');
    expect(screen.getAllByRole('columnheader', { name: /Put Gamma/ })).toHaveLength(1);
  });

  it('a click on an ask adds a buy leg; keys add legs at the cursor; the strategy is analysed', async () => {
    const c = fake();
    setup(c);
    await screen.findByTestId('chain-table');
    fireEvent.click(document.querySelector('[data-strike="95"] [data-testid="put-ask"]')!);
    expect(screen.getByTestId('legs-table').dataset['legs']).toBe('1');
    act(() => {
      fireEvent.keyDown(window, { key: 'ArrowDown' });
    });
    act(() => {
      fireEvent.keyDown(window, { key: 's' });
    });
    expect(screen.getByTestId('legs-table').dataset['legs']).toBe('2');
    await waitFor(() => expect(calls(c, 'options.strategy.analyze').length).toBeGreaterThan(0));
    const last = calls(c, 'options.strategy.analyze').at(-1) as { strategy: Strategy };
    expect(last.strategy.legs.map((l) => [l.side, l.type, l.strike])).toEqual([
      ['buy', 'put', 95],
      ['sell', 'put', 100],
    ]);
    expect((await screen.findByTestId('max-loss')).textContent).toContain('-$445.00');
    expect(screen.getByTestId('net-debit').textContent).toMatch(/Net credit\$55\.00/);
    expect(screen.getByTestId('margin').getAttribute('title')).toContain('Reg-T');
  });

  it('builds a template; sending is off until option trading is turned on (confirmed), then the card shows', async () => {
    const c = fake({ tradingEnabled: false });
    c.handlers['cards.createStrategy'] = () => cardFixture({ id: 'card-9', symbol: 'ACME', status: 'pending' });
    setup(c);
    await screen.findByTestId('chain-table');
    fireEvent.click(screen.getByTestId('template-iron_condor'));
    await screen.findByTestId('legs-table');
    expect(calls(c, 'options.strategy.build')).toEqual([{ underlying: 'ACME', template: 'iron_condor', expiry: '2026-12-18', quantity: 1 }]);
    await screen.findByTestId('max-profit');
    expect(screen.getByTestId('options-trading-off').textContent).toContain('OPTIONS_TRADING_ENABLED');
    expect((screen.getByTestId('send-to-approval-btn') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('enable-options-trading'));
    expect(calls(c, 'options.setTradingEnabled')).toHaveLength(0);
    fireEvent.click(await screen.findByTestId('confirm-enable-options'));
    await waitFor(() => expect((screen.getByTestId('send-to-approval-btn') as HTMLButtonElement).disabled).toBe(false));
    expect(calls(c, 'options.setTradingEnabled')).toEqual([{ enabled: true }]);

    fireEvent.change(screen.getByTestId('strategy-limit'), { target: { value: '0.60' } });
    fireEvent.change(screen.getByTestId('strategy-thesis'), { target: { value: 'Range into expiry' } });
    fireEvent.click(screen.getByTestId('send-to-approval-btn'));
    const created = await screen.findByTestId('created-card');
    expect(created.dataset['status']).toBe('pending');
    const sent = calls(c, 'cards.createStrategy')[0] as { strategy: Strategy; limitPrice: number; thesis: string };
    expect(sent.limitPrice).toBe(0.6);
    expect(sent.thesis).toBe('Range into expiry');
    expect(sent.strategy.template).toBe('iron_condor');
    fireEvent.click(within(created).getByTestId('open-card-in-approvals'));
    expect(useKestrelStore.getState()).toMatchObject({ activeView: 'approvals', selectedCardId: 'card-9' });
  });

  it('polls the chain and repaints a changed cell', async () => {
    const c = fake();
    let bid = 1.5;
    c.handlers['options.chain'] = (p) => {
      const ch = chainFixture({ expiry: (p as { expiry: string }).expiry });
      ch.rows[2] = { ...ch.rows[2]!, call: { ...ch.rows[2]!.call, bid } };
      return ch;
    };
    setup(c);
    await screen.findByTestId('chain-table');
    const cell = (): HTMLElement => document.querySelector('[data-strike="100"] [data-testid="call-bid"]')!;
    expect(cell().textContent).toBe('1.50');
    const untouched = document.querySelector('[data-strike="90"] [data-testid="call-bid"]');
    bid = 1.65;
    await waitFor(() => expect(cell().textContent).toBe('1.65'), { timeout: 3_500 });
    expect(document.querySelector('[data-strike="90"] [data-testid="call-bid"]')).toBe(untouched);
  });
});

describe('pickExpiry', () => {
  it('keeps a listed choice, else takes the nearest expiry at least a day out', () => {
    const list = [{ ...EXPIRIES[0]!, expiry: '2026-11-20', daysToExpiry: 0.2 }, ...EXPIRIES];
    expect(pickExpiry(list, null)).toBe('2026-12-18');
    expect(pickExpiry(list, '2026-11-20')).toBe('2026-11-20');
    expect(pickExpiry(list, '2030-01-01')).toBe('2026-12-18');
    expect(pickExpiry([], null)).toBeNull();
  });
});
