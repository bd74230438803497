/**
 * options.price and options.impliedVol: pure pricing, no state. Units are NUMBERS.md's (σ, r, q decimals; time
 * in years = calendar days / 365; theta per calendar day, vega per volatility point, rho per rate point). A price
 * no volatility can produce is answered with -32602 (invalid params), a message saying why, and `data.reason`
 * ('below_intrinsic' | 'above_bound' | 'expired' | 'no_convergence').
 */
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import { IvError, bsm, impliedVol } from '../options/pricing';
import type { Handlers } from '../rpc/dispatch';

export function optionsPricingHandlers(): Pick<Handlers, 'options.price' | 'options.impliedVol'> {
  return {
    'options.price': (p) => bsm(p.type, p.spot, p.strike, p.rate, p.dividendYield ?? 0, p.vol, p.time),
    'options.impliedVol': (p) => {
      try {
        return impliedVol(p.type, p.price, p.spot, p.strike, p.rate, p.dividendYield ?? 0, p.time);
      } catch (error) {
        if (error instanceof IvError) throw new EngineError(RPC_ERROR.invalidParams, `no implied volatility: ${error.message}`, { reason: error.reason });
        throw error;
      }
    },
  };
}
