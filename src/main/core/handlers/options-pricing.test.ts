import { describe, expect, it } from 'vitest';
import { EngineError, RPC_ERROR, methods } from '../../../shared/contract';
import type { CallContext } from '../rpc/dispatch';
import { optionsPricingHandlers } from './options-pricing';

const ctx: CallContext = { connectionId: 0, transport: 'internal', label: 'test', subscribe: () => [], unsubscribe: () => [] };
const h = optionsPricingHandlers();

describe('options pricing handlers', () => {
  it('options.price answers the contract shape in NUMBERS.md units (Hull 49/50 example)', async () => {
    const params = methods['options.price'].params.parse({ type: 'call', spot: 49, strike: 50, rate: 0.05, vol: 0.2, time: 0.3846 });
    const g = await h['options.price'](params, ctx);
    expect(methods['options.price'].result.parse(g)).toEqual(g);
    expect(g.delta.toFixed(4)).toBe('0.5216');
    expect(g.theta.toFixed(6)).toBe('-0.011796');
    expect(g.vega.toFixed(5)).toBe('0.12105');
    expect(g.rho.toFixed(6)).toBe('0.089066');
  });

  it('options.impliedVol solves Hull 1.875 → 0.2345', async () => {
    const params = methods['options.impliedVol'].params.parse({ type: 'call', price: 1.875, spot: 21, strike: 20, rate: 0.1, time: 0.25 });
    const r = await h['options.impliedVol'](params, ctx);
    expect(r.iv.toFixed(4)).toBe('0.2345');
    expect(Number.isInteger(r.iterations)).toBe(true);
  });

  it('a price no volatility reaches is -32602 with the reason', async () => {
    const params = methods['options.impliedVol'].params.parse({ type: 'call', price: 1, spot: 120, strike: 100, rate: 0.05, time: 1 });
    let caught: unknown;
    try {
      await h['options.impliedVol'](params, ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    const e = caught as EngineError;
    expect(e.code).toBe(RPC_ERROR.invalidParams);
    expect(e.message).toMatch(/^no implied volatility: a call priced 1 is below its discounted intrinsic value/);
    expect(e.data).toEqual({ reason: 'below_intrinsic' });
  });

  it('options.price at expiry and at zero volatility stays finite', async () => {
    const expired = await h['options.price'](methods['options.price'].params.parse({ type: 'put', spot: 100, strike: 100, rate: 0.05, vol: 0.3, time: 0 }), ctx);
    expect(expired).toEqual({ price: 0, delta: -0.5, gamma: 0, theta: 0, vega: 0, rho: 0 });
    const flat = await h['options.price'](methods['options.price'].params.parse({ type: 'call', spot: 100, strike: 90, rate: 0.05, vol: 0, time: 1, dividendYield: 0.02 }), ctx);
    expect(methods['options.price'].result.parse(flat)).toEqual(flat);
  });
});
