/**
 * The window layout persisted with electron-store (a JSON file in userData, written atomically). The file is
 * the user's to edit or corrupt, so what comes back is validated and anything unreadable is dropped.
 */
import ElectronStore from 'electron-store';
import { z } from 'zod';
import { emptyLayout, type Bounds, type LayoutStore, type SavedLayout, type SavedWindow } from './layout';

const Coordinate = z.number().int().min(-1_000_000).max(1_000_000);
const Size = z.number().int().min(1).max(100_000);
const BoundsSchema = z.object({ x: Coordinate, y: Coordinate, width: Size, height: Size });
const SavedWindowSchema = z.object({
  view: z.string().min(1).max(64),
  params: z.record(z.string().max(32), z.string().max(256)).default({}),
  displayId: z.number(),
  bounds: BoundsSchema,
  maximized: z.boolean().default(false),
});

/** Validates a stored layout element by element: a bad window or bounds entry is dropped, not the whole file. */
export function parseLayout(raw: unknown): SavedLayout {
  const layout = emptyLayout();
  if (typeof raw !== 'object' || raw === null) return layout;
  const { windows, bounds } = raw as { windows?: unknown; bounds?: unknown };
  if (Array.isArray(windows)) {
    for (const w of windows.slice(0, 32)) {
      const parsed = SavedWindowSchema.safeParse(w);
      if (parsed.success) layout.windows.push(parsed.data satisfies SavedWindow);
    }
  }
  if (typeof bounds === 'object' && bounds !== null) {
    for (const [key, b] of Object.entries(bounds)) {
      const parsed = BoundsSchema.safeParse(b);
      if (parsed.success && key.length <= 96) layout.bounds[key] = parsed.data satisfies Bounds;
    }
  }
  return layout;
}

/** Options of the electron-store backed layout store (tests point `cwd` at a temp folder). */
export interface LayoutStoreOptions {
  /** Folder of the file; defaults to app.getPath('userData'). */
  cwd?: string;
  /** File name without extension. */
  name?: string;
}

/** Creates the LayoutStore used by the app, backed by `<userData>/window-layout.json`. */
export function createLayoutStore(opts: LayoutStoreOptions = {}): LayoutStore {
  // electron-store is ESM-only; when the CJS main bundle require()s it, some interop paths hand back the module
  // namespace instead of the class. Accept both rather than fail at start.
  const Store = ((ElectronStore as unknown as { default?: typeof ElectronStore }).default ?? ElectronStore);
  const store = new Store<{ layout?: unknown }>({
    name: opts.name ?? 'window-layout',
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    clearInvalidConfig: true, // a corrupt layout file costs window positions, never a failed start
    accessPropertiesByDotNotation: false,
  });
  return {
    get: () => parseLayout(store.get('layout')),
    set: (layout) => store.set('layout', layout),
  };
}
