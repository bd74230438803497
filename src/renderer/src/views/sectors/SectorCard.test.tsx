// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { sectorSummary } from '../../test/sector-fixtures';
import { SectorCard } from './SectorCard';

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SectorCard', () => {
  it('renders a bearish sector from the fixture: colour, score, signal, chips, lists', () => {
    render(<SectorCard summary={sectorSummary('technology', { previousColour: null })} />);
    const card = screen.getByTestId('sector-card');
    expect(card.dataset['sector']).toBe('technology');
    expect(card.dataset['colour']).toBe('dark_red');
    expect(card.className).toContain('sc-dark-red');
    expect(screen.getByTestId('sector-score').textContent).toBe('−0.73');
    expect(card.textContent).toContain('PRIME SHORTING');
    expect(card.textContent).toContain('XLK');
    expect(card.textContent).toContain('conf 84%');
    const chips = screen.getAllByTestId('timeframe-chip');
    expect(chips.map((c) => c.dataset['tf'])).toEqual(['30m', '1D', '3D', '1W']);
    expect(chips[1]!.textContent).toContain('-2.40%');
    expect(chips[1]!.title).toMatch(/alpha vs IWM -2\.80%/);
    expect(chips[3]!.querySelector('.up')).not.toBeNull();
    // Empty bullish list shows its note; bearish lists three names, BBAI new.
    expect(screen.getByTestId('top-bullish').textContent).toContain('None in a bearish sector');
    const bearish = within(screen.getByTestId('top-bearish')).getAllByTestId('top-name');
    expect(bearish.map((b) => b.dataset['symbol'])).toEqual(['SOUN', 'BBAI', 'PATH']);
    expect(bearish[0]!.textContent).toContain('-8.20%');
    expect(bearish[0]!.textContent).toContain('2.1×');
    const badges = screen.getAllByTestId('new-badge');
    expect(badges).toHaveLength(1);
    expect(badges[0]!.closest('[data-symbol]')?.getAttribute('data-symbol')).toBe('BBAI');
    expect(card.textContent).toContain('214 members');
    expect(screen.queryByTestId('previous-colour')).toBeNull();
  });

  it('shows the previous colour and flashes on a colour change, then lets both go', () => {
    const { rerender } = render(<SectorCard summary={sectorSummary('energy')} />);
    const card = screen.getByTestId('sector-card');
    expect(card.dataset['colour']).toBe('blue_neutral');
    expect(card.className).not.toContain('sc-changing');
    rerender(<SectorCard summary={sectorSummary('energy', { score: 0.31, colour: 'light_green', signal: 'AVOID_SHORTS', previousColour: 'blue_neutral' })} />);
    expect(card.dataset['colour']).toBe('light_green');
    expect(card.className).toContain('sc-changing');
    expect(screen.getByTestId('previous-colour').textContent).toContain('was: neutral blue');
    act(() => void vi.advanceTimersByTime(1_600));
    expect(card.className).not.toContain('sc-changing');
    expect(screen.getByTestId('previous-colour')).toBeTruthy();
    act(() => void vi.advanceTimersByTime(7_000));
    expect(screen.queryByTestId('previous-colour')).toBeNull();
  });

  it('shows the engine previous colour on first sight', () => {
    render(<SectorCard summary={sectorSummary('technology')} />);
    expect(screen.getByTestId('previous-colour').dataset['colour']).toBe('light_red');
  });

  it('badges a name that entered a list live', () => {
    const base = sectorSummary('energy');
    const { rerender } = render(<SectorCard summary={base} />);
    expect(screen.queryAllByTestId('new-badge')).toHaveLength(0);
    rerender(<SectorCard summary={{ ...base, topBullish: [...base.topBullish, { ...base.topBullish[0]!, symbol: 'USEG', isNew: false }] }} />);
    const badges = screen.getAllByTestId('new-badge');
    expect(badges).toHaveLength(1);
    expect(badges[0]!.closest('[data-symbol]')?.getAttribute('data-symbol')).toBe('USEG');
  });

  it('opens the detail on click and a top name in the Market view', () => {
    useKestrelStore.setState({ activeView: 'sectors', sectorFilter: 'energy', filterText: 'zz' });
    render(<SectorCard summary={sectorSummary('healthcare')} />);
    fireEvent.click(screen.getByTestId('sector-card'));
    expect(useKestrelStore.getState().openSector).toBe('healthcare');
    fireEvent.click(screen.getAllByTestId('top-name')[0]!);
    expect(useKestrelStore.getState()).toMatchObject({ activeView: 'market', selectedSymbol: 'OCUL', sectorFilter: 'all', filterText: '' });
  });
});
