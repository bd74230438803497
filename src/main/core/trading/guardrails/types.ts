/**
 * What the guardrails see. Each check is a small pure function of a GuardrailInput; gathering the input (the
 * quote, ADV, positions, upcoming events, the regime) happens once per evaluation in index.ts.
 */
import type {
  Evidence,
  GuardrailCheck,
  GuardrailLimits,
  GuardrailResult,
  Instrument,
  OrderType,
  Playbook,
  Quote,
  Regime,
  Side,
} from '../../../../shared/contract';

/** A resolved order: quantity in whole shares (a notional was already converted). */
export interface ResolvedIntent {
  symbol: string;
  side: Side;
  quantity: number;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  takeProfitPrice: number | null;
  stopLossPrice: number | null;
  /** Segment or strategy id behind the card, for the per-segment position limit. */
  originId: string | null;
}

export interface PositionSnapshot {
  symbol: string;
  sector: string | null;
  /** Signed shares. */
  quantity: number;
  /** Signed dollars at the last price. */
  marketValue: number;
  /** The segment or strategy whose cards built the position (null for manual). */
  originId: string | null;
}

/** A scheduled corporate event (earnings, FDA decision…) of one symbol. */
export interface CorporateEvent {
  symbol: string;
  kind: 'earnings' | 'fda_decision' | 'trial_readout' | 'shareholder_meeting' | 'offering';
  /** Session date (YYYY-MM-DD, New York) of the event. */
  date: string;
  /** Before the open, after the close, or during the session. */
  timing: 'bmo' | 'amc' | 'during';
  source: string;
  /** What the event is ("PDUFA date: FDA decision on ABC123 for …", "Phase 2 topline readout: …"), when known. */
  detail?: string | undefined;
}

export interface RegimeReading {
  label: Regime;
  /** The benchmark it was read from (IWM) and the numbers behind the label. */
  benchmark: string;
  asOf: number | null;
  inputs: Record<string, number | string | null>;
}

export interface GuardrailInput {
  phase: GuardrailResult['phase'];
  now: number;
  intent: ResolvedIntent;
  limits: GuardrailLimits;
  playbook: Playbook;
  instrument: Instrument;
  quote: Quote | null;
  source: string;
  /** True while a session (incl. extended hours) is open, so a quote is expected to be fresh. */
  sessionOpen: boolean;
  /** The phase of the session at `now` (playbook_gap_chase measures the gap from the open once the session opened). */
  sessionPhase: 'pre' | 'regular' | 'post' | 'closed';
  /** Average daily volume (shares) over limits.advLookbackDays, or null without history. */
  adv: number | null;
  equity: number;
  positions: readonly PositionSnapshot[];
  /** Events of this symbol from today on, nearest first. */
  events: readonly CorporateEvent[];
  /** Trading days from today's session to a date (0 = today), holiday-aware. */
  tradingDaysUntil(date: string): number;
  regime: RegimeReading;
  evidence: readonly Evidence[];
  /** When the signal behind the card fired (null for a manual ticket: the card's creation time is used). */
  signalAt: number | null;
}

/** One guardrail check: a pure function of the gathered input. */
export type GuardrailCheckFn = (input: GuardrailInput) => GuardrailCheck;
