import { describe, expect, it } from 'vitest';
import type { PackageLeg } from '../ports';
import { AT_10AM, SESSION, harness, request } from './paper-broker.fixture';
import { optionLegFeeCents, packageFillable, pricePackage } from './package-fill';

const CALL_105 = 'AAA260417C00105000';
const CALL_110 = 'AAA260417C00110000';
const PUT_95 = 'AAA260417P00095000';
const PUT_90 = 'AAA260417P00090000';

/** An iron condor: sell the 95 put and 105 call, buy the 90 put and 110 call. */
const condor: PackageLeg[] = [
  { symbol: PUT_90, side: 'buy', ratio: 1, multiplier: 100 },
  { symbol: PUT_95, side: 'sell', ratio: 1, multiplier: 100 },
  { symbol: CALL_105, side: 'sell', ratio: 1, multiplier: 100 },
  { symbol: CALL_110, side: 'buy', ratio: 1, multiplier: 100 },
];

function condorMarkets(h: ReturnType<typeof harness>): void {
  h.legQuotes.set(PUT_90, { bid: 0.4, ask: 0.5, mark: 0.45 });
  h.legQuotes.set(PUT_95, { bid: 1.3, ask: 1.5, mark: 1.4 });
  h.legQuotes.set(CALL_105, { bid: 1.2, ask: 1.4, mark: 1.3 });
  h.legQuotes.set(CALL_110, { bid: 0.35, ask: 0.45, mark: 0.4 });
}

describe('package pricing', () => {
  it('nets the legs at the mid plus a quarter of the way to the natural side, per share', () => {
    const p = pricePackage(condor, [
      { bid: 0.4, ask: 0.5, mark: 0.45 },
      { bid: 1.3, ask: 1.5, mark: 1.4 },
      { bid: 1.2, ask: 1.4, mark: 1.3 },
      { bid: 0.35, ask: 0.45, mark: 0.4 },
    ])!;
    expect(p.mid).toBeCloseTo(-1.85, 10); // a 1.85 credit at the mids
    expect(p.natural).toBeCloseTo(-1.55, 10); // 1.55 at the natural prices
    // Each leg rounds to the cent against the trader: buys up, sells down.
    expect(p.legPrices).toEqual([0.47, 1.37, 1.27, 0.42]);
    expect(p.net).toBeCloseTo(-1.75, 10);
    expect(pricePackage(condor, [null, null, null, null])).toBeNull();
  });

  it('a stock leg counts its price per 100 shares (covered call)', () => {
    const legs: PackageLeg[] = [
      { symbol: 'AAA', side: 'buy', ratio: 100, multiplier: 1 },
      { symbol: CALL_105, side: 'sell', ratio: 1, multiplier: 100 },
    ];
    const p = pricePackage(legs, [{ bid: 100, ask: 100, mark: 100 }, { bid: 1.3, ask: 1.3, mark: 1.3 }], 0)!;
    expect(p.net).toBeCloseTo(98.7, 10);
  });

  it('a debit pays at most its limit; a credit receives at least its limit', () => {
    expect(packageFillable('buy', 2.0, 2.0)).toBe(true);
    expect(packageFillable('buy', 2.01, 2.0)).toBe(false);
    expect(packageFillable('sell', -1.8, 1.8)).toBe(true);
    expect(packageFillable('sell', -1.79, 1.8)).toBe(false);
    expect(packageFillable('sell', -1.0, null)).toBe(true);
  });

  it('charges $0.65 a contract, at least $1', () => {
    expect(optionLegFeeCents(1)).toBe(100);
    expect(optionLegFeeCents(10)).toBe(650);
  });
});

describe('paper broker: packages', () => {
  it('fills a credit condor as one package: a fill per leg with its multiplier and the package net, then filled', async () => {
    const h = harness();
    condorMarkets(h);
    const state = await h.broker.submit(request({ clientOrderId: 'C-1-t1', symbol: 'AAA', side: 'sell', quantity: 2, orderType: 'limit', limitPrice: 1.6, legs: condor }));
    expect(state).toMatchObject({ status: 'filled', filledQuantity: 2 });
    const fills = await h.broker.fills('C-1-t1');
    expect(fills.map((f) => [f.symbol, f.side, f.quantity, f.price, f.multiplier])).toEqual([
      [PUT_90, 'buy', 2, 0.47, 100],
      [PUT_95, 'sell', 2, 1.37, 100],
      [CALL_105, 'sell', 2, 1.27, 100],
      [CALL_110, 'buy', 2, 0.42, 100],
    ]);
    expect(fills.every((f) => f.package?.units === 2 && f.package.legs === 4 && Math.abs(f.package.netPrice + 1.75) < 1e-9)).toBe(true);
    expect(fills.map((f) => f.fee)).toEqual([1.3, 1.3, 1.3, 1.3]);
    expect(h.events.at(-1)).toBe('order C-1-t1 filled 2');
    // Idempotent on the client order id.
    expect((await h.broker.submit(request({ clientOrderId: 'C-1-t1', symbol: 'AAA', side: 'sell', quantity: 2, orderType: 'limit', limitPrice: 1.6, legs: condor }))).brokerOrderId).toBe(state.brokerOrderId);
    expect(await h.broker.fills('C-1-t1')).toHaveLength(4);
  });

  it('works a package whose limit the market does not meet yet, and fills it when it does', async () => {
    const h = harness();
    condorMarkets(h);
    const state = await h.broker.submit(request({ clientOrderId: 'C-2-t1', symbol: 'AAA', side: 'sell', quantity: 1, orderType: 'limit', limitPrice: 1.8, legs: condor }));
    expect(state.status).toBe('submitted');
    h.legQuotes.set(PUT_95, { bid: 1.5, ask: 1.6, mark: 1.55 });
    h.broker.process();
    expect((await h.broker.getOrder('C-2-t1'))!.status).toBe('filled');
  });

  it('refuses packages outside the regular session, without a market, or beyond buying power', async () => {
    const early = harness({ start: SESSION.open - 60 * 60_000 });
    condorMarkets(early);
    expect((await early.broker.submit(request({ clientOrderId: 'x', side: 'sell', quantity: 1, orderType: 'limit', limitPrice: 1, legs: condor }))).reason).toMatch(/regular session/);
    const noMarket = harness({ start: AT_10AM });
    expect((await noMarket.broker.submit(request({ clientOrderId: 'y', side: 'sell', quantity: 1, orderType: 'limit', limitPrice: 1, legs: condor }))).reason).toMatch(/no two-sided market/);
    const poor = harness({ buyingPower: 100 });
    poor.legQuotes.set(CALL_105, { bid: 1.2, ask: 1.4, mark: 1.3 });
    const debit = await poor.broker.submit(request({ clientOrderId: 'z', side: 'buy', quantity: 5, orderType: 'limit', limitPrice: 2, legs: [{ symbol: CALL_105, side: 'buy', ratio: 1, multiplier: 100 }] }));
    expect(debit).toMatchObject({ status: 'rejected' });
    expect(debit.reason).toMatch(/buying power/);
  });
});
