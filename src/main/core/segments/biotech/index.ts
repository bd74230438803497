/**
 * The Biotech segment (seed 000): micro- and small-cap biotechnology and pharmaceutical names traded around their
 * catalyst calendar — pre-catalyst run-ups bought 21–60 days before a PDUFA date or trial readout and sold before
 * the binary event. Its data: prices, the FDA calendar and clinical-trial milestones of the simulator's event
 * stream, news of the shortlist and the research agent's summaries.
 */
import type { Segment } from '../types';
import { BIOTECH_ID, defaults } from './defaults';
import { gatherBiotech } from './gather';
import { buildBiotechPrompt } from './prompt';
import { biotechRisk } from './risk';
import { biotechRules } from './rules';
import { biotechUniverse } from './universe';

export const segment: Segment = {
  id: BIOTECH_ID,
  defaults,
  universe: biotechUniverse,
  gather: gatherBiotech,
  risk: biotechRisk,
  buildPrompt: buildBiotechPrompt,
  rules: biotechRules,
};
