/** market.* handlers: thin adapters from the contract to the market service. */
import type { Handlers } from '../rpc/dispatch';
import type { MarketService } from '../market/market-service';

export function marketHandlers(market: MarketService) {
  return {
    'market.universe': (p) => market.universe(p),
    'market.search': (p) => ({
      items: market.search(p.query, p.limit).map((i) => ({ symbol: i.symbol, name: i.name, sector: i.sector, exchange: i.exchange })),
    }),
    'market.quote': (p) => market.quote(p.symbol),
    'market.quotes': (p) => ({ source: market.sourceName, asOf: market.asOf(), quotes: market.quotes(p.symbols) }),
    'market.bars': async (p) => ({
      symbol: p.symbol,
      timeframe: p.timeframe,
      source: market.sourceName,
      bars: await market.bars(p),
    }),
  } satisfies Partial<Handlers>;
}
