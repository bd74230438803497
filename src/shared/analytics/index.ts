/** The shared analytics: one performance/risk calculator, correlation matrices and the diversification score. */
export * from './performance';
export * from './correlation';
export * from './diversification';
