// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineContext } from '../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../store/index';
import { linkStorageKey } from '../store/links';
import { FakeEngineClient } from '../test/fake-engine-client';
import { LinkGroupPicker } from './LinkGroupPicker';

function setup(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['links.current'] = () => ({ links: [{ group: 'blue', symbol: 'ABC', source: 'other', t: 1 }] });
  render(
    <EngineContext.Provider value={c}>
      <LinkGroupPicker />
    </EngineContext.Provider>,
  );
  return c;
}
const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

beforeEach(() => {
  resetKestrelStore();
  localStorage.clear();
  window.history.replaceState(null, '', '/?view=options');
  useKestrelStore.setState({ selectedSymbol: 'IWM' });
});
afterEach(cleanup);

describe('LinkGroupPicker', () => {
  it('shows the group as a coloured chip and offers none and the four colours', () => {
    setup();
    const chip = screen.getByRole('button', { name: 'Window link group' });
    expect(chip.getAttribute('data-group')).toBe('none');
    fireEvent.click(chip);
    const items = screen.getAllByRole('menuitemradio');
    expect(items.map((i) => i.textContent)).toEqual(['None', 'Red', 'Green', 'Blue', 'Yellow']);
    expect(items[0]!.getAttribute('aria-checked')).toBe('true');
  });

  it('choosing a colour joins it: the chip, the remembered group, and the group’s symbol', async () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Window link group' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Blue' }));
    await flush();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('button', { name: 'Window link group' }).className).toContain('link-blue');
    expect(useKestrelStore.getState()).toMatchObject({ linkGroup: 'blue', selectedSymbol: 'ABC' });
    expect(localStorage.getItem(linkStorageKey('options'))).toBe('blue');
  });

  it('Esc closes the menu without a change', () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Window link group' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(useKestrelStore.getState().linkGroup).toBeNull();
  });
});
