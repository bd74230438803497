import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLayoutStore, parseLayout } from './layout-store';
import type { SavedLayout } from './layout';

// electron-store reads app/ipcMain from 'electron' at import; vitest.config inlines it so this mock applies.
vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());

const layout: SavedLayout = {
  windows: [{ view: 'market', params: { symbol: 'ACME' }, displayId: 2, bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: true }],
  bounds: { 'market@2': { x: 10, y: 20, width: 800, height: 600 } },
};

describe('layout store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-layout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a layout through electron-store', () => {
    const store = createLayoutStore({ cwd: dir });
    expect(store.get()).toEqual({ windows: [], bounds: {} });
    store.set(layout);
    expect(createLayoutStore({ cwd: dir }).get()).toEqual(layout);
    expect(JSON.parse(readFileSync(join(dir, 'window-layout.json'), 'utf8'))).toEqual({ layout });
  });

  it('starts empty from a corrupt file instead of failing', () => {
    writeFileSync(join(dir, 'window-layout.json'), '{ not json');
    expect(createLayoutStore({ cwd: dir }).get()).toEqual({ windows: [], bounds: {} });
  });

  it('drops invalid entries one by one', () => {
    const parsed = parseLayout({
      windows: [layout.windows[0], { view: 'market', bounds: { x: 'a' } }, null, { ...layout.windows[0], params: undefined, maximized: undefined }],
      bounds: { ok: { x: 0, y: 0, width: 10, height: 10 }, bad: { x: 0, y: 0, width: 0, height: 10 }, inf: { x: Infinity, y: 0, width: 1, height: 1 } },
    });
    expect(parsed.windows).toHaveLength(2);
    expect(parsed.windows[1]).toMatchObject({ params: {}, maximized: false });
    expect(Object.keys(parsed.bounds)).toEqual(['ok']);
    expect(parseLayout('garbage')).toEqual({ windows: [], bounds: {} });
  });
});
