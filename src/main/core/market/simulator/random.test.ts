import { describe, expect, it } from 'vitest';
import { hash32, hashNormal, normalQuantile, Rng, t4Quantile } from './random';

function moments(xs: readonly number[]): { mean: number; variance: number; kurtosis: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  return { mean, variance: m2, kurtosis: m4 / (m2 * m2) };
}

function draws(f: () => number, n = 200_000): number[] {
  return Array.from({ length: n }, f);
}

describe('hashing and streams', () => {
  it('hashes deterministically and sensitively', () => {
    expect(hash32(42, 'daily', 7, 2026)).toBe(hash32(42, 'daily', 7, 2026));
    expect(hash32(42, 'daily', 7, 2026)).not.toBe(hash32(43, 'daily', 7, 2026));
    expect(hash32(42, 'daily', 7, 2026)).not.toBe(hash32(42, 'daily', 2026, 7));
    expect(hash32(1.5)).not.toBe(hash32(1));
    expect(hash32(2 ** 40)).not.toBe(hash32(0));
  });

  it('derives the same stream from the same labels and independent ones otherwise', () => {
    const a = Rng.derive(1, 'x', 3);
    const b = Rng.derive(1, 'x', 3);
    const c = Rng.derive(1, 'x', 4);
    const sa = draws(() => a.next(), 100);
    expect(draws(() => b.next(), 100)).toEqual(sa);
    expect(draws(() => c.next(), 100)).not.toEqual(sa);
    expect(Number.isFinite(hashNormal(1, 'post', 5, 9))).toBe(true);
  });
});

describe('distributions', () => {
  it('draws uniforms in [0, 1)', () => {
    const r = Rng.derive(7, 'u');
    const xs = draws(() => r.next());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(moments(xs).mean).toBeCloseTo(0.5, 2);
  });

  it('draws standard normals', () => {
    const r = Rng.derive(7, 'n');
    const m = moments(draws(() => r.normal()));
    expect(m.mean).toBeCloseTo(0, 2);
    expect(m.variance).toBeCloseTo(1, 1);
    expect(m.kurtosis).toBeGreaterThan(2.8);
    expect(m.kurtosis).toBeLessThan(3.2);
  });

  it('draws fat-tailed unit-variance Student-t', () => {
    const r = Rng.derive(7, 't');
    const t4 = moments(draws(() => r.t4()));
    expect(t4.variance).toBeGreaterThan(0.85);
    expect(t4.variance).toBeLessThan(1.15);
    expect(t4.kurtosis).toBeGreaterThan(4.5);
    const t3 = moments(draws(() => r.studentT(5)));
    expect(t3.variance).toBeCloseTo(1, 0);
  });

  it('draws exponentials and mean-one lognormals', () => {
    const r = Rng.derive(7, 'e');
    expect(moments(draws(() => r.exponential())).mean).toBeCloseTo(1, 1);
    expect(moments(draws(() => r.lognormal())).mean).toBeCloseTo(1, 1);
  });

  it('inverts the normal and t(4) distributions accurately', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(t4Quantile(0.975)).toBeCloseTo(2.776445, 5);
    expect(t4Quantile(0.5)).toBeCloseTo(0, 10);
    expect(t4Quantile(0.005)).toBeCloseTo(-4.604095, 4);
  });
});
