/**
 * Pearson correlation matrices (NUMBERS.md): series are aligned from the start, a pair of observations is used
 * only when both sides are finite numbers, and a cell is null when the pair has fewer than two observations or a
 * side with zero variance — never NaN. Pure TypeScript, shared by `analytics.correlation`, the segment
 * comparison and the renderer.
 */
import type { CorrelationMatrix } from '../contract/analytics-schemas';

type Series = readonly (number | null | undefined)[];

const isObs = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const ZERO_STD = 1e-12;

/** Pearson ρ of the pairs where both series have an observation, and how many pairs there were. */
export function pearson(a: Series, b: Series): { rho: number | null; n: number } {
  const len = Math.min(a.length, b.length);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < len; i++) {
    const x = a[i];
    const y = b[i];
    if (isObs(x) && isObs(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  const n = xs.length;
  if (n < 2) return { rho: null, n };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (Math.sqrt(sxx / (n - 1)) <= ZERO_STD || Math.sqrt(syy / (n - 1)) <= ZERO_STD) return { rho: null, n };
  const rho = sxy / Math.sqrt(sxx * syy);
  if (!Number.isFinite(rho)) return { rho: null, n };
  const clamped = Math.max(-1, Math.min(1, rho));
  return { rho: clamped === 0 ? 0 : clamped, n };
}

/** The symmetric matrix over the series in key order; the diagonal is 1 where a series has variance. */
export function correlationMatrix(series: Readonly<Record<string, Series>>): CorrelationMatrix {
  const names = Object.keys(series);
  const k = names.length;
  const matrix: (number | null)[][] = names.map(() => new Array<number | null>(k).fill(null));
  const obs: number[][] = names.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const { rho, n } = pearson(series[names[i]!]!, series[names[j]!]!);
      const v = i === j && rho !== null ? 1 : rho;
      matrix[i]![j] = v;
      matrix[j]![i] = v;
      obs[i]![j] = n;
      obs[j]![i] = n;
    }
  }
  return { names, matrix, observations: obs };
}
