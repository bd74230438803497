/**
 * Test fixture: a complete GuardrailInput in which every check passes quietly (info), so each test changes only
 * what it is about. Wednesday 2026-11-18 10:30 New York, regular session.
 */
import { DateTime } from 'luxon';
import type { GuardrailLimits, Instrument, Playbook, Quote } from '../../../../shared/contract';
import { tradingDaysBetween } from '../../market/calendar';
import type { GuardrailInput, ResolvedIntent } from './types';

export const NOW = DateTime.fromISO('2026-11-18T10:30:00', { zone: 'America/New_York' }).toMillis();
export const TODAY = '2026-11-18';
export const MIN = 60_000;
export const HOUR = 3_600_000;

export const LIMITS: GuardrailLimits = {
  advLookbackDays: 20,
  advMaxOrderRatio: 0.05,
  warnFraction: 0.8,
  maxPositionPctEquity: 0.1,
  maxPositionUsd: 50_000,
  maxSegmentPctEquity: 0.25,
  maxSectorExposure: 0.3,
  eventBlackoutDays: 2,
  catalystFreshnessHours: 24,
  catalystRequired: false,
  maxQuoteAgeSeconds: 30,
  fatFingerMaxPct: 10,
  fatFingerMaxNotionalUsd: 100_000,
  maxOptionSpreadPct: 35,
};

export const PLAYBOOK: Playbook = {
  id: 'momentum_breakout',
  name: 'Momentum breakout',
  description: 'test',
  allowedRegimes: ['trending_up', 'trending_down'],
  ttlMinutes: 30,
  staleMinutes: 15,
  gapChaseMaxPercent: 8,
  executionWindowHours: 2,
  tranches: { count: 2, intervalMinutes: 5 },
};

export const INSTRUMENT: Instrument = {
  symbol: 'ABCD',
  name: 'Abcd Robotics Inc.',
  kind: 'stock',
  sector: 'technology',
  industry: 'Software',
  exchange: 'NASDAQ',
  marketCap: 500e6,
  float: 40e6,
  sharesOutstanding: 50e6,
};

export function quote(over: Partial<Quote> = {}): Quote {
  return { symbol: 'ABCD', last: 10, bid: 9.99, ask: 10.01, open: 10, high: 10.2, low: 9.9, prevClose: 10, change: 0, changePct: 0, volume: 50_000, t: NOW - 1_000, ...over };
}

/** Trading days from `from` to `date` with the real calendar (0 = the same day). */
export function daysFrom(from: string): (date: string) => number {
  return (date) => (date >= from ? tradingDaysBetween(from, date).length - 1 : -(tradingDaysBetween(date, from).length - 1));
}

export type InputOverrides = Partial<Omit<GuardrailInput, 'intent' | 'limits' | 'playbook'>> & {
  intent?: Partial<ResolvedIntent>;
  limits?: Partial<GuardrailLimits>;
  playbook?: Partial<Playbook>;
};

export function input(over: InputOverrides = {}): GuardrailInput {
  const { intent, limits, playbook, ...rest } = over;
  return {
    phase: 'what_if',
    now: NOW,
    intent: {
      symbol: 'ABCD',
      side: 'buy',
      quantity: 1_000,
      orderType: 'market',
      limitPrice: null,
      stopPrice: null,
      takeProfitPrice: null,
      stopLossPrice: null,
      originId: null,
      ...intent,
    },
    limits: { ...LIMITS, ...limits },
    playbook: { ...PLAYBOOK, ...playbook },
    instrument: INSTRUMENT,
    quote: quote(),
    source: 'simulator',
    sessionOpen: true,
    sessionPhase: 'regular',
    adv: 100_000,
    equity: 1_000_000,
    positions: [],
    events: [],
    tradingDaysUntil: daysFrom(TODAY),
    regime: { label: 'trending_up', benchmark: 'IWM', asOf: NOW - 20 * HOUR, inputs: {} },
    evidence: [],
    signalAt: null,
    ...rest,
  };
}
