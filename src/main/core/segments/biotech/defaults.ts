/**
 * The Biotech segment's segment_config defaults (seed 000) and its playbook: the thresholds its rules analyst and
 * its prompt share. The row in segment_config wins once written; the playbook is code (a change is a review).
 */
import type { SegmentRiskParameters } from '../../../../shared/contract';
import { composeTemplate } from '../common/template';
import type { SegmentDefaults } from '../types';

export const BIOTECH_ID = 'biotech';

/** seed 000: maxPositionSize 0.20, maxDrawdown 0.15, stopLossMultiplier 2.0. */
export const BIOTECH_RISK: SegmentRiskParameters = {
  maxPositionSize: 0.2,
  maxDrawdown: 0.15,
  stopLossMultiplier: 2.0,
  targetAllocation: 0.2,
  maxProposalsPerRun: 5,
};

/** The catalyst playbook. Days are calendar days to the event; money in dollars. */
export const BIOTECH_PLAYBOOK = {
  /** Universe: market capitalisation range (micro and small caps). */
  minMarketCap: 10e6,
  maxMarketCap: 2e9,
  /** A run-up entry wants its binary event this far ahead (beyond trimDays, so a new buy is not trimmed at once)… */
  entryMinDays: 21,
  /** …and no further (the run-up window). */
  entryMaxDays: 60,
  /**
   * Holdings are sold in full this close to a binary event — about five trading days, so the sale lands before the
   * guardrails' event blackout (two trading days) would block it, even a day late…
   */
  exitDays: 7,
  /** …and trimmed by half this close. */
  trimDays: 14,
  /** Hold through binary events instead of exiting (off: binary outcomes are coin flips with fat tails). */
  holdThroughBinary: false,
  /** A run-up: 20-session return above this, and not beyond the overextension cap. */
  minRunUp: 0.02,
  maxRunUp: 0.6,
  /** Liquidity: 20-session average dollar volume at least this. */
  minDollarVolume: 1_000_000,
  /** Skip names whose ATR(14) exceeds this share of the price (the stop would not fit the band). */
  maxAtrPct: 0.1,
  /** The protective stop is never further than this below the price (grounding's band is 15 %). */
  maxStopPct: 0.14,
  /** A buy's limit above the last price. */
  limitSlippage: 0.01,
  /** New buys of one run add at most this share of capital (scale in over days, not all in one morning). */
  maxNewExposurePerRun: 0.6,
  /** Members shown in the prompt's table. */
  shortlist: 20,
  /** Window of "binary events ahead" in the risk model. */
  riskEventDays: 30,
} as const;

export const BIOTECH_PROMPT_TEMPLATE = composeTemplate({
  portfolio: 'a micro-cap biotech portfolio: US-listed biotechnology and pharmaceutical companies with market capitalisations under two billion dollars',
  positionRule: 'size smaller when conviction is lower.',
  playbook: [
    'Our edge is the catalyst calendar. PDUFA dates and clinical-trial readouts are binary events: the stock can double or halve overnight.',
    'Buy pre-catalyst run-ups: names whose PDUFA date or readout is {entry_min_days} to {entry_max_days} days away, trading above their 20-day average with a positive 20-session return, liquid enough (average dollar volume at least {min_dollar_volume}). Later-stage programmes (Phase 3, PDUFA) deserve more conviction than Phase 1.',
    'Do not hold through the binary event: sell positions with an event within {exit_days} days and trim by half within {trim_days} days. Never buy a name whose event is fewer than {entry_min_days} days away.',
    'Sell any position at or below its ATR stop.',
    'If nothing fits, answer with no decisions or "hold".',
  ],
  section: 'Binary events ahead (PDUFA dates and trial readouts):\n{events}',
  newsHeading: 'Recent news and filings',
});

export const defaults: SegmentDefaults = {
  name: 'Biotech',
  description: 'Micro- and small-cap biotechnology and pharmaceutical companies traded around their catalyst calendar (PDUFA dates, trial readouts).',
  dataSources: ['prices', 'clinical-trial milestones', 'FDA calendar'],
  riskParameters: BIOTECH_RISK,
  promptTemplate: BIOTECH_PROMPT_TEMPLATE,
  schedule: '35 9 * * *',
  enabled: true,
  /** Multi-day swings behind a named catalyst: cards wait up to four hours for approval, in any regime. */
  playbook: 'catalyst_swing',
};
