/**
 * options.expiries, options.chain, options.analytics (the chain service) and the pure options.maxPain and
 * options.ivStats (chain/analytics.ts on the caller's numbers).
 */
import type { Handlers } from '../rpc/dispatch';
import { ivStats, maxPain } from '../options/chain/analytics';
import type { OptionsChainService } from '../options/chain/service';

type OptionsChainMethod = 'options.expiries' | 'options.chain' | 'options.analytics' | 'options.maxPain' | 'options.ivStats';

export function optionsChainHandlers(service: OptionsChainService): Pick<Handlers, OptionsChainMethod> {
  return {
    'options.expiries': (p) => service.expiries(p.underlying),
    'options.chain': (p) => service.chain(p.underlying, p.expiry),
    'options.analytics': (p) => service.analytics(p.underlying, p.expiry),
    'options.maxPain': (p) => maxPain(p.strikes, p.multiplier),
    'options.ivStats': (p) => ivStats(p.history, p.current),
  };
}
