/**
 * The options desk as the trading service sees it (OptionsDeskPort): a strategy's legs checked against the listed
 * chains, re-priced at the current marks and IVs (a stock leg at the underlying's last), and analysed; and any
 * contract's live quote and previous-close mark for marking positions (and their day P&L) and filling packages.
 */
import type { OptionQuote, Strategy } from '../../../shared/contract';
import type { OptionsDeskPort } from '../trading/trading-service';
import type { createStrategyTools } from '../handlers/options-strategy';
import type { OptionsChainService } from './chain/service';

export function createOptionsDesk(deps: { chains: OptionsChainService; tools: ReturnType<typeof createStrategyTools> }): OptionsDeskPort {
  const { chains, tools } = deps;
  return {
    price(strategy: Strategy) {
      const { strategy: resolved, ctx } = tools.resolve(strategy);
      const quotes: (OptionQuote | null)[] = resolved.legs.map((leg) => (leg.kind === 'option' ? chains.contract(leg.symbol) : null));
      const legs = resolved.legs.map((leg, i) => {
        const q = quotes[i];
        if (leg.kind === 'stock') return { ...leg, price: ctx.spot };
        return q ? { ...leg, price: q.mark, iv: q.iv } : leg;
      });
      const priced: Strategy = { ...resolved, legs };
      return { strategy: priced, analysis: tools.analyze(priced, ctx), quotes };
    },
    contract: (symbol) => chains.contract(symbol),
    previousMark: (symbol) => chains.previousMark(symbol),
  };
}
