/** Links slice: the window's link group (TWS-style colour); its symbol is the market slice's selectedSymbol. */
import type { StateCreator } from 'zustand';
import type { LinkGroup } from '../../../../shared/contract/schemas';
import type { KestrelState } from '../index';

/** The window's link group. */
export interface LinksSlice {
  /** The group this window follows and publishes to; null: not linked. */
  linkGroup: LinkGroup | null;
}

/** Initial links state (the window's start reads `?link=` and the remembered group in wire-engine-events). */
export const createLinksSlice: StateCreator<KestrelState, [], [], LinksSlice> = () => ({
  linkGroup: null,
});
