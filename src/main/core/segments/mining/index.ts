/**
 * The Mining & Resources segment (seed 000): micro- and small-cap gold, silver, copper, lithium and uranium miners
 * and oil and gas explorers, traded on their commodity's trend — laggards of a rising metal bought for the
 * catch-up, holdings sold when their metal breaks down. Its data: prices, the simulated commodity prices, the
 * shortlist's exploration and drilling news and the research agent's summaries.
 */
import type { Segment } from '../types';
import { defaults, MINING_ID } from './defaults';
import { gatherMining } from './gather';
import { buildMiningPrompt } from './prompt';
import { miningRisk } from './risk';
import { miningRules } from './rules';
import { miningUniverse } from './universe';

export const segment: Segment = {
  id: MINING_ID,
  defaults,
  universe: miningUniverse,
  gather: gatherMining,
  risk: miningRisk,
  buildPrompt: buildMiningPrompt,
  rules: miningRules,
  /** Builds the commodity paths (three years of the miners' daily bars) before the first run needs them. */
  start(ctx) {
    ctx.market.commodities();
  },
};
