/** Connection slice: the transport's state for the status bar. */
import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../../../shared/contract/client';
import type { KestrelState } from '../index';

/** Engine connection as the status bar shows it. */
export interface ConnectionSlice {
  connection: ConnectionState;
  /** Reconnection attempts since the connection was last open. */
  reconnectAttempt: number;
  transport: 'ws' | 'ipc';
  /** Browser mode without an access token in the URL or the session. */
  tokenMissing: boolean;
  /** Incremented each time the connection opens, so views reload what a gap may have missed. */
  openCount: number;
}

/** Initial connection state. */
export const createConnectionSlice: StateCreator<KestrelState, [], [], ConnectionSlice> = () => ({
  connection: 'connecting',
  reconnectAttempt: 0,
  transport: 'ws',
  tokenMissing: false,
  openCount: 0,
});
