/**
 * Pearson matrices. Published value: Anscombe's quartet (F. J. Anscombe, "Graphs in Statistical Analysis",
 * The American Statistician 27(1), 1973, table 1): every data set has correlation 0.816 (set I: 0.81642).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorrelationMatrixSchema } from '../contract/analytics-schemas';
import { correlationMatrix, pearson } from './correlation';

const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
const y2 = [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74];
const y3 = [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73];
const x4 = [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8];
const y4 = [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89];

describe('pearson', () => {
  it("Anscombe's quartet: ρ = 0.816 for all four sets", () => {
    expect(pearson(x, y1).rho).toBeCloseTo(0.81642, 5);
    expect(pearson(x, y2).rho).toBeCloseTo(0.816, 2); // published to three places; sets II–IV differ in the fourth
    expect(pearson(x, y3).rho).toBeCloseTo(0.816, 2);
    expect(pearson(x4, y4).rho).toBeCloseTo(0.816, 2);
    expect(pearson(x, y1).n).toBe(11);
  });

  it('drops pairs where either side is missing; null with < 2 pairs or a flat side', () => {
    const r = pearson([1, null, 3, Number.NaN, 5, 7], [2, 4, null, 8, 10, 14, 99]);
    expect(r.n).toBe(3);
    expect(r.rho).toBeCloseTo(1, 12);
    expect(pearson([1, 2], [3, null])).toEqual({ rho: null, n: 1 });
    expect(pearson([1, 2, 3], [5, 5, 5])).toEqual({ rho: null, n: 3 });
  });
});

describe('correlationMatrix', () => {
  it('is symmetric with a unit diagonal, counts paired observations, and matches the contract', () => {
    const m = correlationMatrix({ a: x, b: y1, flat: [1, 1, 1, 1], short: [1] });
    CorrelationMatrixSchema.parse(m);
    expect(m.names).toEqual(['a', 'b', 'flat', 'short']);
    expect(m.matrix[0]![0]).toBe(1);
    expect(m.matrix[0]![1]).toBeCloseTo(0.81642, 5);
    expect(m.matrix[1]![0]).toBe(m.matrix[0]![1]);
    expect(m.matrix[2]![2]).toBeNull();
    expect(m.matrix[3]![3]).toBeNull();
    expect(m.matrix[0]![2]).toBeNull();
    expect(m.observations[0]![2]).toBe(4);
    expect(m.observations[0]![3]).toBe(1);
  });

  it('property: cells are null or within [−1, 1], symmetric, never NaN', () => {
    const series = fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constant(null), fc.constant(Number.NaN)), { maxLength: 40 });
    fc.assert(
      fc.property(series, series, series, (a, b, c) => {
        const m = correlationMatrix({ a, b, c });
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const v = m.matrix[i]![j]!;
            if (v !== m.matrix[j]![i]) return false;
            if (v !== null && (!(v >= -1 && v <= 1) || Number.isNaN(v))) return false;
          }
        return true;
      }),
    );
  });
});
