/**
 * Window link groups (TWS-style colours): windows of the same colour follow each other's selected symbol through
 * the engine (`links.publish`, `links.current`, `links.symbolChanged`). This file is the window's side of it:
 * the pure rules (which group a window starts in, which events it follows) and the module-level publisher that
 * user actions call. Engine events are applied in wire-engine-events.ts; applying one never publishes again,
 * so two linked windows cannot ping-pong.
 *
 * The window's source id is made per page load, not kept in sessionStorage: a tab opened with window.open
 * inherits its opener's sessionStorage, so a stored id would make the new chain tab ignore its own opener.
 */
import { LINK_GROUPS, type LinkGroup, type LinkSymbol } from '../../../shared/contract/schemas';
import { DEFAULT_VIEW, isViewId } from '../../../shared/views';

export { LINK_GROUPS, type LinkGroup };

/** The URL parameter that puts a window in a group (`?link=red`; `?link=none` leaves every group). */
export const LINK_PARAM = 'link';

/** localStorage key of a view's remembered group. */
export function linkStorageKey(view: string): string {
  return `kestrel.link.${view}`;
}

/** The view a window was opened as (`?view=`), which keys its remembered group. */
export function windowViewOf(search: string): string {
  const view = new URLSearchParams(search).get('view');
  return isViewId(view) ? view : DEFAULT_VIEW;
}

/** A group name from untrusted text, or null (none, empty, unknown). */
export function parseLinkGroup(value: string | null | undefined): LinkGroup | null {
  const v = value?.trim().toLowerCase();
  return LINK_GROUPS.find((g) => g === v) ?? null;
}

/** The subset of Storage the link code uses. */
export type LinkStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The group a window starts in: `?link=` when present (even `none`), else the group remembered for the view it
 * was opened as, else none.
 */
export function initialLinkGroup(search: string, storage: LinkStorage | null): LinkGroup | null {
  const params = new URLSearchParams(search);
  if (params.has(LINK_PARAM)) return parseLinkGroup(params.get(LINK_PARAM));
  try {
    return parseLinkGroup(storage?.getItem(linkStorageKey(windowViewOf(search))));
  } catch {
    return null; // storage refused (privacy mode): start unlinked
  }
}

/** Remembers a view's group (none removes it). */
export function saveLinkGroup(view: string, group: LinkGroup | null, storage: LinkStorage | null): void {
  try {
    if (group === null) storage?.removeItem(linkStorageKey(view));
    else storage?.setItem(linkStorageKey(view), group);
  } catch {
    // Not remembered; the choice still holds for this window.
  }
}

/** The search string with `?link=` set to the group (or removed), other parameters kept. */
export function withLinkParam(search: string, group: LinkGroup | null): string {
  const params = new URLSearchParams(search);
  if (group === null) params.delete(LINK_PARAM);
  else params.set(LINK_PARAM, group);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** What a window knows when a `links.symbolChanged` arrives. */
export interface LinkContext {
  group: LinkGroup | null;
  source: string;
  selectedSymbol: string | null;
}

/**
 * Whether the window takes the linked symbol: only in its own group, only from another window (its own echo is
 * ignored), and only when it is not already showing it.
 */
export function shouldFollow(link: Pick<LinkSymbol, 'group' | 'symbol' | 'source'>, ctx: LinkContext): boolean {
  return ctx.group !== null && link.group === ctx.group && link.source !== ctx.source && link.symbol.toUpperCase() !== ctx.selectedSymbol;
}

/** The latest link of a group in a `links.current` answer, if any. */
export function currentOf(links: readonly LinkSymbol[], group: LinkGroup): LinkSymbol | null {
  let best: LinkSymbol | null = null;
  for (const l of links) if (l.group === group && (best === null || l.t >= best.t)) best = l;
  return best;
}

/** A random id for this window (page load). */
export function newSourceId(random: () => number = Math.random): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return `w-${uuid ?? Math.floor(random() * 2 ** 48).toString(36)}`;
}

/** This window's source id. */
export const LINK_SOURCE = newSourceId();

/** Sends a selection to a group (set by wireEngineEvents; null while not wired, e.g. in component tests). */
export type LinkPublisher = (link: { group: LinkGroup; symbol: string; source: string }) => Promise<unknown>;

let publisher: LinkPublisher | null = null;

/** Installs (or with null removes) the window's publisher. */
export function setLinkPublisher(p: LinkPublisher | null): void {
  publisher = p;
}

/** Publishes a symbol the user selected to the window's group, when it has one. Failures only warn. */
export function publishLink(group: LinkGroup | null, symbol: string | null): void {
  if (group === null || symbol === null || publisher === null) return;
  publisher({ group, symbol, source: LINK_SOURCE }).catch((e: unknown) => console.warn('[links] publish failed', e));
}
