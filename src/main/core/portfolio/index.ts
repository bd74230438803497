/** The multi-segment portfolio: sleeves per segment, daily snapshots, the comparison and the unified report. */
export * from './types';
export * from './segment-books';
export * from './daily-returns';
export * from './compare';
export * from './snapshots';
export * from './report';
