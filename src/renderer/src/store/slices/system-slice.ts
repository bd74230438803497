/** System slice: the engine's clock, health and identity. */
import type { StateCreator } from 'zustand';
import type { ClockState, Health, SystemInfo, SystemStatus } from '../../../../shared/contract/schemas';
import type { KestrelState } from '../index';

/** Engine clock, health and identity. */
export interface SystemSlice {
  clock: ClockState | null;
  /** Wall time (Date.now) the clock state arrived, to extrapolate between updates. */
  clockReceivedAt: number;
  health: Health | null;
  status: SystemStatus | null;
  info: SystemInfo | null;
}

/** Initial system state. */
export const createSystemSlice: StateCreator<KestrelState, [], [], SystemSlice> = () => ({
  clock: null,
  clockReceivedAt: 0,
  health: null,
  status: null,
  info: null,
});
