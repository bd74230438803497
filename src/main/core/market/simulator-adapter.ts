/**
 * The embedded simulator as a MarketDataAdapter: a clock-driven source, so the engine polls it on its own clock
 * and the same seed gives the same market on every machine.
 */
import type { MarketDataAdapter } from './ports';
import { createMarketSimulator, type MarketSimulator } from './simulator';

export interface SimulatorAdapter extends MarketDataAdapter {
  readonly simulator: MarketSimulator;
}

export function createSimulatorAdapter(seed: number): SimulatorAdapter {
  const simulator = createMarketSimulator({ seed });
  return {
    name: 'simulator',
    simulator,
    capabilities: { timeframes: ['5m', '30m', '1d'], streaming: 'clock' },
    instruments: async () => simulator.instruments(),
    dailyBars: async (symbol, from, to) => simulator.dailyBars(symbol, from, to),
    intradayBars: async (symbol, date, until, from) => simulator.intradayBars(symbol, date, until, from),
    pollQuotes: (t) => simulator.quotes(t),
    connect: async () => undefined,
    disconnect: async () => undefined,
  };
}
