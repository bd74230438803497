// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { positionFixture } from '../../store/trading-fixtures';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { PortfolioView } from '../portfolio/PortfolioView';
import { legFixture } from './options-fixtures.test-util';
import { StrategySummary } from './StrategySummary';

beforeEach(resetKestrelStore);
afterEach(cleanup);

describe('a strategy card in the approval queue', () => {
  it('shows the legs, the net credit per share, max loss and max profit', () => {
    render(
      <StrategySummary
        quantity={2}
        strategy={{
          template: 'bull_put_spread',
          legs: [legFixture(), legFixture({ symbol: 'ACME261218P00090000', strike: 90, side: 'buy', price: 0.6 })],
          netPrice: -0.55,
          maxLoss: 890,
          maxProfit: 110,
          multiplier: 100,
          expiry: '2026-12-18',
        }}
      />,
    );
    const line = screen.getByTestId('card-strategy');
    expect(line.textContent).toContain('Bull put spread');
    expect(line.textContent).toContain('−1 P 95 Dec 18');
    expect(line.textContent).toContain('+1 P 90 Dec 18');
    expect(line.textContent).toContain('net credit 0.55');
    expect(line.textContent).toContain('max loss $890.00');
    expect(line.textContent).toContain('max profit $110.00');
    expect(line.getAttribute('aria-label')).toMatch(/^Bull put spread, 2 units: /);
  });

  it('says unlimited when the engine says so', () => {
    render(<StrategySummary quantity={1} strategy={{ template: 'long_straddle', legs: [legFixture({ side: 'buy' })], netPrice: 3.1, maxLoss: 310, maxProfit: null, multiplier: 100, expiry: '2026-12-18' }} />);
    expect(screen.getByTestId('card-strategy').textContent).toContain('max profit unlimited');
    expect(screen.getByTestId('card-strategy').textContent).toContain('net debit 3.10');
  });
});

describe('option positions', () => {
  it('show the contract and the position Greeks next to stock positions', () => {
    useKestrelStore.setState({
      positions: [
        positionFixture({ symbol: 'IWM', option: null }),
        positionFixture({
          symbol: 'IWM261218C00240000',
          quantity: -2,
          option: { underlying: 'IWM', expiry: '2026-12-18', strike: 240, type: 'call', multiplier: 100, iv: 0.2213, delta: -81.4, gamma: -3.1, theta: 12.5, vega: -38.2 },
        }),
      ],
    });
    render(
      <EngineContext.Provider value={new FakeEngineClient()}>
        <PortfolioView />
      </EngineContext.Provider>,
    );
    const opt = document.querySelector('[data-testid="position-row"][data-option="true"]') as HTMLElement;
    expect(within(opt).getByTestId('option-contract').textContent).toMatch(/IWM\s*Call\s*240\s*Dec 18 \(2026-12-18\)/);
    expect(within(opt).getByTestId('position-delta').textContent).toBe('-81.4');
    expect(opt.textContent).toContain('22.13%');
    expect(opt.getAttribute('aria-label')).toContain('contracts');
    expect(within(opt).getByRole('button', { name: 'Open the IWM option chain' })).toBeTruthy();
    expect(screen.getAllByRole('columnheader', { name: 'Θ/day' })).toHaveLength(1);
  });
});
