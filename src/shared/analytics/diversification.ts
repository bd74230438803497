/**
 * The diversification score and plain-language recommendations for the segment comparison.
 *
 * Score (0..100) from the average pairwise correlation ρ̄ of the segments' daily returns (the off-diagonal cells
 * of the matrix that are defined, each pair counted once):
 *
 *     score = 100 × (1 − max(0, ρ̄)), rounded to one decimal
 *
 * so uncorrelated segments score 100, perfectly correlated ones 0, and a negative average (segments that hedge
 * each other) also scores 100 — the score rewards independence, it does not reward leverage on a hedge. With
 * fewer than two segments or no defined pair the score is null.
 *
 * Recommendations name the pairs that moved together (ρ ≥ 0.7) or against each other (ρ ≤ −0.3) with the number
 * of days behind the figure, and every segment whose share of equity drifted from its target by the threshold
 * (5 percentage points by default) or more.
 */
import type { CorrelationMatrix } from '../contract/analytics-schemas';

export const HIGH_CORRELATION = 0.7;
export const NEGATIVE_CORRELATION = -0.3;
export const DEFAULT_DRIFT_THRESHOLD = 0.05;
/** Pairs with fewer paired days than this are not judged. */
export const MIN_PAIRED_DAYS = 5;

export interface AllocationInput {
  segmentId: string;
  target: number;
  current: number;
  drift: number;
}

export interface DiversificationParams {
  matrix: CorrelationMatrix;
  /** Display name per series name (segment id → "Biotech"); the id is shown when missing. */
  labels?: Readonly<Record<string, string>> | undefined;
  allocation?: readonly AllocationInput[] | undefined;
  driftThreshold?: number | undefined;
}

export interface DiversificationResult {
  score: number | null;
  averageCorrelation: number | null;
  recommendations: string[];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const rho = (x: number): string => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));

/** Score from an average correlation (see the header); null stays null. */
export function diversificationScore(averageCorrelation: number | null): number | null {
  if (averageCorrelation === null || !Number.isFinite(averageCorrelation)) return null;
  const s = 100 * (1 - Math.max(0, Math.min(1, averageCorrelation)));
  return Math.round(s * 10) / 10;
}

export function diversification(params: DiversificationParams): DiversificationResult {
  const { names, matrix, observations } = params.matrix;
  const label = (id: string): string => params.labels?.[id] ?? id;
  const threshold = params.driftThreshold ?? DEFAULT_DRIFT_THRESHOLD;
  const recommendations: string[] = [];

  let sum = 0;
  let pairs = 0;
  const together: string[] = [];
  const opposite: string[] = [];
  let thin = 0;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const v = matrix[i]?.[j] ?? null;
      const n = observations[i]?.[j] ?? 0;
      if (v === null || n < MIN_PAIRED_DAYS) {
        thin++;
        continue;
      }
      sum += v;
      pairs++;
      const a = label(names[i]!);
      const b = label(names[j]!);
      if (v >= HIGH_CORRELATION) {
        together.push(
          `${a} and ${b} moved together (ρ ${rho(v)} over ${n} days): they diversify each other little — consider lowering one of their target allocations or favouring the less correlated names in each.`,
        );
      } else if (v <= NEGATIVE_CORRELATION) {
        opposite.push(`${a} and ${b} moved in opposite directions (ρ ${rho(v)} over ${n} days): each cushions the other's drawdowns.`);
      }
    }
  }
  const averageCorrelation = pairs > 0 ? sum / pairs : null;
  recommendations.push(...together, ...opposite);
  if (names.length < 2) {
    recommendations.push('Fewer than two segments: add a second segment to measure diversification.');
  } else if (pairs === 0) {
    recommendations.push(`Not enough overlapping history yet to judge diversification (each pair needs at least ${MIN_PAIRED_DAYS} shared days).`);
  } else if (together.length === 0 && averageCorrelation !== null && averageCorrelation < 0.3) {
    recommendations.push(`The segments moved largely independently (average ρ ${rho(averageCorrelation)}): the split diversifies well.`);
  } else if (together.length === 0 && averageCorrelation !== null) {
    recommendations.push(`The segments are moderately correlated (average ρ ${rho(averageCorrelation)}): watch for a common factor such as small-cap beta.`);
  }
  if (thin > 0 && pairs > 0) recommendations.push(`${thin} pair(s) have too little shared history to judge yet.`);

  for (const a of params.allocation ?? []) {
    if (!Number.isFinite(a.drift) || Math.abs(a.drift) < threshold) continue;
    const direction = a.drift > 0 ? 'over' : 'under';
    const action = a.drift > 0 ? 'trimming its positions' : 'adding to it';
    const points = `${a.drift > 0 ? '+' : '−'}${(Math.abs(a.drift) * 100).toFixed(1)} points`;
    recommendations.push(
      `${label(a.segmentId)} is ${direction}weight: ${pct(a.current)} of equity against a ${pct(a.target)} target (${points}); consider ${action} to rebalance.`,
    );
  }

  return { score: diversificationScore(averageCorrelation), averageCorrelation, recommendations };
}
