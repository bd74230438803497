import { describe, expect, it } from 'vitest';
import { clampBounds, defaultBounds, layoutKey, restoreBounds, sanitizeParams } from './layout';
import { laptop, monitor } from './testing/displays';


describe('restoreBounds', () => {
  it('keeps the exact bounds when the saved display is still present', () => {
    const saved = { displayId: 2, bounds: { x: 2000, y: 100, width: 1200, height: 800 } };
    expect(restoreBounds(saved, [laptop, monitor], 1)).toEqual({ displayId: 2, bounds: saved.bounds });
  });

  it('brings a window whose display is gone back onto the primary display, clamped inside its work area', () => {
    const saved = { displayId: 2, bounds: { x: 3000, y: 300, width: 1000, height: 700 } };
    const r = restoreBounds(saved, [laptop], 1);
    expect(r.displayId).toBe(1);
    // y 300 + 700 would pass the work area bottom (900), so it moves up to 200.
    expect(r.bounds).toEqual({ x: 1440 - 1000, y: 200, width: 1000, height: 700 });
  });

  it('shrinks a window larger than the display it lands on', () => {
    const saved = { displayId: 2, bounds: { x: 1500, y: -50, width: 2400, height: 1300 } };
    const r = restoreBounds(saved, [laptop], 1);
    expect(r).toEqual({ displayId: 1, bounds: laptop.workArea });
  });

  it('prefers the bounds this view last had on the primary display', () => {
    const remembered = { [layoutKey('market', 1)]: { x: 100, y: 100, width: 900, height: 600 } };
    const saved = { view: 'market', displayId: 2, bounds: { x: 2000, y: 0, width: 2000, height: 1200 } };
    expect(restoreBounds(saved, [laptop], 1, remembered).bounds).toEqual({ x: 100, y: 100, width: 900, height: 600 });
  });

  it('pulls a window back inside its own display when that display has shrunk', () => {
    const saved = { displayId: 1, bounds: { x: 1000, y: 500, width: 800, height: 600 } };
    const r = restoreBounds(saved, [laptop, monitor], 1);
    expect(r.displayId).toBe(1);
    expect(r.bounds).toEqual({ x: 640, y: 300, width: 800, height: 600 });
  });

  it('falls back to the first display when the primary id is unknown, and leaves bounds alone with none', () => {
    const saved = { displayId: 9, bounds: { x: 0, y: 0, width: 100, height: 100 } };
    expect(restoreBounds(saved, [monitor], 1).displayId).toBe(2);
    expect(restoreBounds(saved, [], 1)).toEqual({ displayId: 9, bounds: saved.bounds });
  });

  it('clampBounds is idempotent for bounds already inside', () => {
    const b = { x: 10, y: 40, width: 300, height: 200 };
    expect(clampBounds(b, laptop.workArea)).toEqual(b);
  });
});

describe('defaultBounds', () => {
  it('centres a 1280×800 window, shrunk to small work areas', () => {
    expect(defaultBounds({ x: 0, y: 0, width: 1920, height: 1000 })).toEqual({ x: 320, y: 100, width: 1280, height: 800 });
    expect(defaultBounds({ x: 10, y: 0, width: 1024, height: 700 })).toEqual({ x: 10, y: 0, width: 1024, height: 700 });
  });
});

describe('sanitizeParams', () => {
  it('keeps short string params and never lets a param replace the view', () => {
    expect(sanitizeParams({ symbol: 'ACME', view: 'evil', n: 3, 'bad key': 'x' })).toEqual({ symbol: 'ACME' });
    expect(sanitizeParams(null)).toEqual({});
  });
});

