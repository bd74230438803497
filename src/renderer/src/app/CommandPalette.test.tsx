// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineContext } from '../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../store/index';
import { FakeEngineClient } from '../test/fake-engine-client';
import { item } from '../test/fixtures';
import { CommandPalette } from './CommandPalette';

function renderPalette(client = new FakeEngineClient()) {
  client.handlers['market.search'] = () => ({ items: [{ symbol: 'ZZZQ', name: 'Remote Only Corp.', sector: null, exchange: 'OTC' }] });
  return render(
    <EngineContext.Provider value={client}>
      <CommandPalette />
    </EngineContext.Provider>,
  );
}

beforeEach(() => {
  resetKestrelStore();
  useKestrelStore.setState({
    universe: [item('XLK', { name: 'Technology Select Sector SPDR', kind: 'etf', sector: null }), item('XLKA'), item('ABC', { name: 'Xlk Lookalike' })],
    universeStatus: 'ready',
    paletteOpen: true,
  });
});
afterEach(cleanup);

describe('CommandPalette', () => {
  it('lists views and commands before typing', () => {
    renderPalette();
    const items = screen.getAllByTestId('palette-item');
    expect(items[0]).toHaveProperty('dataset.kind', 'view');
    expect(document.activeElement).toBe(screen.getByTestId('palette-input'));
  });

  it('finds a symbol by prefix and opens it with Enter', () => {
    renderPalette();
    const input = screen.getByTestId('palette-input');
    fireEvent.change(input, { target: { value: 'XLK' } });
    const items = screen.getAllByTestId('palette-item');
    expect(items[0]?.textContent).toContain('XLK');
    expect(items[0]).toHaveProperty('dataset.id', 'symbol:XLK');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useKestrelStore.getState()).toMatchObject({ selectedSymbol: 'XLK', paletteOpen: false, activeView: 'market' });
  });

  it('moves with the arrow keys (wrapping) and runs the active item', () => {
    renderPalette();
    const input = screen.getByTestId('palette-input');
    fireEvent.change(input, { target: { value: 'xlk' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('palette-item')[1]).toHaveProperty('ariaSelected', 'true');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    const all = screen.getAllByTestId('palette-item');
    expect(all[all.length - 1]).toHaveProperty('ariaSelected', 'true');
  });

  it('adds symbols only the engine search knows, after a short debounce', async () => {
    renderPalette();
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'remote' } });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(screen.getAllByTestId('palette-item').some((el) => el.dataset['id'] === 'symbol:ZZZQ')).toBe(true);
  });

  it('says so when nothing matches', () => {
    renderPalette();
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'qqqqqqq' } });
    expect(screen.queryAllByTestId('palette-item')).toHaveLength(0);
    expect(screen.getByText(/No matches/)).toBeTruthy();
  });
});
