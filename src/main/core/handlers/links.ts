/**
 * links.*: window link groups (TWS-style colours). A window publishes the symbol it selected to its group; the
 * engine remembers the latest per group (so a window joining a group starts on it) and broadcasts
 * `links.symbolChanged` to every window, desktop or browser tab alike.
 */
import { EngineError, RPC_ERROR, type LinkGroup, type LinkSymbol } from '../../../shared/contract';
import type { EventBus } from '../events/bus';
import type { Handlers } from '../rpc/dispatch';

export function linkHandlers(deps: { bus: EventBus; now: () => number; symbolExists: (symbol: string) => boolean }): Pick<Handlers, 'links.publish' | 'links.current'> {
  const latest = new Map<LinkGroup, LinkSymbol>();
  return {
    'links.publish': (p) => {
      const symbol = p.symbol.toUpperCase();
      if (!deps.symbolExists(symbol)) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
      const link: LinkSymbol = { group: p.group, symbol, source: p.source, t: deps.now() };
      const prev = latest.get(p.group);
      latest.set(p.group, link);
      if (prev?.symbol !== symbol || prev.source !== p.source) deps.bus.emit('links.symbolChanged', link);
      return link;
    },
    'links.current': () => ({ links: [...latest.values()] }),
  };
}
