/** Market segments (seed 000): the plugin interface, the registry, the manager and its pieces. */
export * from './types';
export { SEGMENTS } from './registry';
export { createSegmentManager, validateSchedule, HARD_MAX_PROPOSALS_PER_RUN, type SegmentManager, type SegmentManagerDeps, type SegmentLimits, type SegmentCatalogEntry } from './manager';
export { sizeDecision, roundPrice, REWARD_RISK, type SizingInput, type SizingResult, type SizedOrder } from './sizing';
