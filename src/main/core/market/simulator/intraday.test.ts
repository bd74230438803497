import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '../calendar';
import { buildSessionPath, sessionLayout, type PathInputs } from './intraday';
import { Rng } from './random';
import { roundToTick } from './ticks';

const normal = sessionLayout(sessionFor('2026-03-09')!);
const early = sessionLayout(sessionFor('2026-11-27')!);

function onTick(p: number): boolean {
  return p >= 1 ? Math.abs(p * 100 - Math.round(p * 100)) < 1e-6 : Math.abs(p * 10_000 - Math.round(p * 10_000)) < 1e-6;
}

/** Arbitrary consistent daily inputs: prices on the tick, h ≥ max(o, c), l ≤ min(o, c). */
const inputs = fc
  .record({
    base: fc.double({ min: 0.02, max: 800, noNaN: true }),
    gap: fc.double({ min: -0.6, max: 0.8, noNaN: true }),
    move: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    up: fc.double({ min: 0, max: 0.2, noNaN: true }),
    down: fc.double({ min: 0, max: 0.2, noNaN: true }),
    v: fc.integer({ min: 0, max: 2e8 }),
    sigmaDay: fc.double({ min: 0.002, max: 0.15, noNaN: true }),
    catalyst: fc.option(
      fc.record({
        minute: fc.integer({ min: 180, max: 500 }),
        jump: fc.double({ min: -1, max: 1, noNaN: true }),
        part: fc.constantFrom('premarket' as const, 'regular' as const),
      }),
    ),
    drift: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  })
  .map((r): PathInputs => {
    const start = roundToTick(r.base);
    const o = roundToTick(start * Math.exp(r.gap));
    const c = roundToTick(o * Math.exp(r.move));
    const h = Math.max(o, c, roundToTick(Math.max(o, c) * Math.exp(r.up)));
    const l = Math.min(o, c, roundToTick(Math.min(o, c) * Math.exp(-r.down)));
    return { o, h, l, c, v: r.v, start, end: roundToTick(c * Math.exp(r.drift)), sigmaDay: r.sigmaDay, catalyst: r.catalyst };
  });

describe('session paths', () => {
  it('lays out normal and early-close sessions', () => {
    expect(normal).toMatchObject({ minutes: 960, kOpen: 330, kClose: 720, bars: 192 });
    expect(early).toMatchObject({ minutes: 780, kOpen: 330, kClose: 540, bars: 156 });
  });

  it('honours the daily bar exactly, for any daily bar', () => {
    fc.assert(
      fc.property(inputs, fc.boolean(), fc.integer(), (x, isEarly, seed) => {
        const L = isEarly ? early : normal;
        const path = buildSessionPath(Rng.derive(seed, 'test'), L, x);
        const P = path.prices;
        expect(P).toHaveLength(L.minutes + 1);
        const px = (k: number): number => roundToTick(P[k]!);
        expect(px(0)).toBe(x.start);
        expect(px(L.kOpen)).toBe(x.o);
        expect(px(L.kClose)).toBe(x.c);
        expect(px(L.minutes)).toBe(x.end);
        let hi = -Infinity;
        let lo = Infinity;
        for (let k = L.kOpen; k <= L.kClose; k++) {
          hi = Math.max(hi, px(k));
          lo = Math.min(lo, px(k));
        }
        expect(hi).toBe(x.h);
        expect(lo).toBe(x.l);
        let pricesOk = true;
        for (let k = 0; k <= L.minutes; k++) pricesOk &&= px(k) > 0 && onTick(px(k));
        expect(pricesOk).toBe(true);
        const V = path.cumVolume;
        expect(V[0]).toBe(0);
        expect(V[L.bars]).toBe(x.v);
        let volumeOk = true;
        let prefixOk = true;
        for (let b = 1; b <= L.bars; b++) {
          volumeOk &&= V[b]! >= V[b - 1]! && Number.isInteger(V[b]);
          prefixOk &&= path.highPrefix[b]! >= path.highPrefix[b - 1]! && path.lowPrefix[b]! <= path.lowPrefix[b - 1]!;
        }
        expect(volumeOk).toBe(true);
        expect(prefixOk).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('puts a premarket catalyst jump at its minute and concentrates volume after it', () => {
    const x: PathInputs = { o: 15, h: 15.6, l: 14.7, c: 15.2, v: 10_000_000, start: 10, end: 15.25, sigmaDay: 0.05, catalyst: { minute: 240, jump: Math.log(1.5), part: 'premarket' } };
    const path = buildSessionPath(Rng.derive(1, 'jump'), normal, x);
    expect(path.prices[235]!).toBeLessThan(11.5);
    expect(path.prices[241]!).toBeGreaterThan(13.5);
    const bar = (b: number): number => path.cumVolume[b + 1]! - path.cumVolume[b]!;
    expect(bar(48)).toBeGreaterThan(20 * bar(40));
  });

  it('is U-shaped in volume on ordinary days', () => {
    const x: PathInputs = { o: 20, h: 20.6, l: 19.5, c: 20.2, v: 5_000_000, start: 20.01, end: 20.19, sigmaDay: 0.03, catalyst: null };
    let first = 0;
    let middle = 0;
    let pre = 0;
    for (let seed = 0; seed < 50; seed++) {
      const V = buildSessionPath(Rng.derive(seed, 'u'), normal, x).cumVolume;
      first += V[72]! - V[66]!; // 09:30–10:00
      middle += V[102]! - V[96]!; // 12:00–12:30
      pre += V[66]!;
    }
    expect(first).toBeGreaterThan(2 * middle);
    expect(pre / 50).toBeLessThan(0.1 * x.v);
  });
});
