/**
 * The metrics every segment's risk model reports on the sleeve's own book: utilisation, the largest position and
 * its ratio to the limit, the drawdown and its ratio to the limit (first), concentration and the buys pause (last).
 * The segment's own measures (binary events, commodity betas) go between them.
 */
import type { SegmentIndicator, SegmentRiskParameters } from '../../../../shared/contract';
import type { sleeveRisk } from '../market-view';
import { round4 } from './format';

export type Metric = (key: string, label: string, value: number | null, unit: string, source: string) => SegmentIndicator;

/** A risk metric at `asOf` (risk metrics carry no change). */
export function metricAt(asOf: number): Metric {
  return (key, label, value, unit, source) => ({ key, label, value, unit, change: null, source, asOf });
}

type SleeveRisk = ReturnType<typeof sleeveRisk>;

/** Utilisation, largest position (and / limit), drawdown (and / limit). */
export function bookMetrics(metric: Metric, base: SleeveRisk, params: SegmentRiskParameters): SegmentIndicator[] {
  return [
    metric('utilisation', 'Utilisation (exposure / capital)', round4(base.utilisation), 'pct', 'sleeve book'),
    metric('largest_position', 'Largest position (share of capital)', base.largestPosition ? round4(base.largestPosition.weight) : null, 'pct', 'sleeve book'),
    metric('largest_vs_limit', 'Largest position / max position size', base.largestPosition ? round4(base.largestPosition.weight / params.maxPositionSize) : null, 'ratio', 'sleeve book'),
    metric('drawdown', 'Drawdown from starting capital', round4(base.drawdown), 'pct', 'sleeve book'),
    metric('drawdown_vs_limit', 'Drawdown / limit', params.maxDrawdown > 0 ? round4(-base.drawdown / params.maxDrawdown) : null, 'ratio', 'sleeve book'),
  ];
}

export function concentrationMetric(metric: Metric, hhi: number | null): SegmentIndicator {
  return metric('concentration_hhi', 'Concentration (Herfindahl of position weights)', hhi === null ? null : round4(hhi), 'ratio', 'sleeve book');
}

export function buysPausedMetric(metric: Metric, base: SleeveRisk): SegmentIndicator {
  return metric('buys_paused', 'Buys paused by the drawdown limit', base.buysPaused ? 1 : 0, 'count', 'risk model');
}
