/** Sectors slice: the traffic-light grid, per-sector detail and history, the analysis job, and alerts. */
import type { StateCreator } from 'zustand';
import type { Result } from '../../../../shared/contract/methods';
import type { Alert, SectorsGrid } from '../../../../shared/contract/sector-schemas';
import type { SectorId } from '../../../../shared/sectors';
import type { KestrelState } from '../index';
import type { LoadStatus } from './market-slice';
import type { AnalysisJobState } from '../sectors-reducers';

/** Something fetched per sector, tagged with the analysis run it describes. */
export interface SectorFetch<T> {
  status: LoadStatus;
  data: T | null;
  error: string | null;
  /** The grid's runId when it was fetched; a newer run makes it stale. */
  runId: number | null;
}

export type SectorDetail = Result<'sectors.detail'>;
export type SectorHistory = Result<'sectors.history'>;

/** Sector grid, detail cache, job progress, alerts and toasts. */
export interface SectorsSlice {
  sectorsGrid: SectorsGrid | null;
  sectorsStatus: LoadStatus;
  sectorsError: string | null;
  /** Wall time (Date.now) the grid's freshness was last set, to age it between fetches. */
  sectorsFetchedAt: number | null;
  sectorDetails: Partial<Record<SectorId, SectorFetch<SectorDetail>>>;
  sectorHistory: Partial<Record<SectorId, SectorFetch<SectorHistory>>>;
  /** The sector whose detail drawer is open. */
  openSector: SectorId | null;
  /** The analysis job shown by the control bar (ours, or a scheduled one we adopted). */
  analysisJob: AnalysisJobState | null;
  /** Why starting or cancelling a job failed. */
  analysisError: string | null;
  /** Newest first. */
  alerts: readonly Alert[];
  alertsStatus: LoadStatus;
  alertsError: string | null;
  alertsOpen: boolean;
  /** Browser-mode toasts (Electron shows native notifications instead). */
  toasts: readonly Alert[];
}

/** Initial sectors state. */
export const createSectorsSlice: StateCreator<KestrelState, [], [], SectorsSlice> = () => ({
  sectorsGrid: null,
  sectorsStatus: 'idle',
  sectorsError: null,
  sectorsFetchedAt: null,
  sectorDetails: {},
  sectorHistory: {},
  openSector: null,
  analysisJob: null,
  analysisError: null,
  alerts: [],
  alertsStatus: 'idle',
  alertsError: null,
  alertsOpen: true,
  toasts: [],
});
