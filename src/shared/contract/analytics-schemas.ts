/**
 * Schemas of the pure performance and correlation calculator (NUMBERS.md, "Performance and risk metrics").
 * One calculator (src/shared/analytics) serves `analytics.*`, the segment snapshots and comparison, the reports
 * and later the portfolio views, so every screen shows the same Sharpe for the same returns.
 */
import { z } from 'zod';

/** A daily return as a decimal (0.012 = +1.2 %); null or NaN observations are dropped. */
const Observation = z.number().nullable();

export const PerformanceParamsSchema = z
  .object({
    /** Daily simple returns as decimals, oldest first. */
    returns: z.array(Observation).max(100_000),
    /** The benchmark's daily returns on the same days (for beta and alpha); pairs with a missing side are dropped. */
    benchmark: z.array(Observation).max(100_000).optional(),
    /**
     * The risk-free rate per period (per day) as a decimal, subtracted in Sharpe and used as Sortino's minimum
     * acceptable return. Default 0.
     */
    riskFree: z.number().min(-1).max(1).optional(),
  })
  .strict();

/** Every metric is null when there are too few observations (fewer than two) or it is undefined (zero variance). */
export const PerformanceMetricsSchema = z.object({
  /** Observations used after dropping null and NaN. */
  observations: z.number().int(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  /** Negative fraction: −0.25 is a 25 % drawdown from the running peak (wealth starting at 1.0). */
  maxDrawdown: z.number().nullable(),
  annualVolatility: z.number().nullable(),
  cagr: z.number().nullable(),
  /** Compounded total return over the period. */
  totalReturn: z.number().nullable(),
  beta: z.number().nullable(),
  /** Annualised by compounding: (1 + mean(r − β·b))^252 − 1. */
  alpha: z.number().nullable(),
  /** Positive loss fractions (0.079 = a 7.9 % one-day loss). */
  var95Historical: z.number().nullable(),
  es95Historical: z.number().nullable(),
  var95Parametric: z.number().nullable(),
  es95Parametric: z.number().nullable(),
});
export type PerformanceMetrics = z.infer<typeof PerformanceMetricsSchema>;

export const CorrelationParamsSchema = z
  .object({
    /** Named series of equal or unequal length, aligned from the start; pairs with a missing side are dropped. */
    series: z.record(z.string().min(1).max(64), z.array(Observation).max(100_000)).refine((s) => Object.keys(s).length <= 50, 'at most 50 series'),
  })
  .strict();

export const CorrelationMatrixSchema = z.object({
  names: z.array(z.string()),
  /** Pearson correlation; null where a pair has fewer than two paired observations or a zero-variance side. */
  matrix: z.array(z.array(z.number().nullable())),
  /** Paired observations behind each cell. */
  observations: z.array(z.array(z.number().int())),
});
export type CorrelationMatrix = z.infer<typeof CorrelationMatrixSchema>;
