/**
 * What the multi-segment portfolio needs to know about segments: a catalog the lead fills from the segment
 * manager. The portfolio never runs a segment; it reads ids, names, risk parameters (the target allocation) and
 * universes.
 */
import type { SegmentRiskParameters } from '../../../shared/contract';

export interface SegmentCatalogEntry {
  id: string;
  name: string;
  riskParameters: SegmentRiskParameters;
  /** The segment's universe (symbols) as of today. */
  universe(): readonly string[];
}

export interface SegmentCatalog {
  list(): SegmentCatalogEntry[];
}

/** The sleeve of fills whose card carries no known segment (manual trades and cards outside every segment). */
export const UNASSIGNED = 'unassigned';
export const UNASSIGNED_NAME = 'Unassigned';

/** The benchmark every segment is measured against. */
export const BENCHMARK = 'IWM';
