/**
 * The MarketDataAdapter port. Every source (the embedded simulator, Polygon/Massive, FMP, Stooq, Yahoo, Alpaca,
 * Upstox, CSV import) implements it; vendor payloads are parsed inside the adapter and never leave it.
 */
import type { Bar, Instrument, Quote, Timeframe } from '../../../shared/contract';

export interface MarketDataCapabilities {
  /** Bar timeframes the source serves natively. */
  readonly timeframes: readonly Timeframe[];
  /**
   * How quotes arrive: 'clock' sources compute the market at an instant (simulator, replay) and are polled on
   * the engine's clock; 'push' sources stream on their own.
   */
  readonly streaming: 'clock' | 'push';
}

export interface MarketDataAdapter {
  /** Shown to the user as the source of every number, e.g. 'simulator'. */
  readonly name: string;
  readonly capabilities: MarketDataCapabilities;
  /** The symbol master. */
  instruments(): Promise<readonly Instrument[]>;
  /** Completed regular-session daily bars for trading days from..to (YYYY-MM-DD, inclusive). */
  dailyBars(symbol: string, from: string, to: string): Promise<readonly Bar[]>;
  /** 5-minute bars of one session's extended hours that have closed by `until` and open at or after `from` (epoch ms). */
  intradayBars(symbol: string, date: string, until: number, from?: number): Promise<readonly Bar[]>;
  /** Clock-driven sources: every instrument's quote at instant t. */
  pollQuotes?(t: number): readonly Quote[];
  /** Push sources: a listener for quote batches; returns an unsubscribe. */
  onQuotes?(listener: (quotes: readonly Quote[]) => void): () => void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}
