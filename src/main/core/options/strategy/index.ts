/**
 * The strategy builder's public surface: templates from a chain, the analysis of any legs, and the ranking of
 * candidates for an outlook. Pure functions over chains; the handlers in core/handlers/options-strategy.ts feed
 * them live chains and the clock.
 */
export { analyzeStrategy, expiryPnl, GRID_POINTS, type AnalysisContext } from './analyze';
export { buildStrategy, buildStrangle, DEFAULT_TARGET_DELTA, type BuildOptions, type BuildTemplate } from './templates';
export { rankStrategies, contextOf, RANK_LIMIT, type Candidate, type RankContext } from './rank';
export { regTMargin, type Margin } from './margin';
export { StrategyInputError } from './model';
