/**
 * What the research agent asks a model for (structured outputs, purpose 'research') and what its rules summariser
 * fills the same way: summary bullets, key points, risks, a sentiment and a confidence. Lengths are not limited
 * in the schema (a verbose model is not a failure); the agent clips them before storing.
 */
import { z } from 'zod';

export const RESEARCH_SCHEMA_NAME = 'event_analysis';

export const ResearchAnswerSchema = z
  .object({
    summary: z.array(z.string()).describe('2 to 4 short bullets summarising the news and filings'),
    keyPoints: z.array(z.string()).describe('up to 6 facts from the data, each with its date'),
    risks: z.array(z.string()).describe('up to 6 risks the data shows (dilution, binary events, misses…)'),
    sentiment: z.enum(['BULLISH', 'BEARISH', 'NEUTRAL']),
    confidence: z.number().min(0).max(1).describe('0 to 1: how strongly the data supports the sentiment'),
  })
  .strict();
export type ResearchAnswer = z.infer<typeof ResearchAnswerSchema>;

/** Limits applied to every stored analysis, whoever wrote it. */
export const RESEARCH_LIMITS = { summary: 6, keyPoints: 8, risks: 8, chars: 400 } as const;

/** The risk line every analysis carries when an item held instruction-like text. */
export const INSTRUCTION_RISK = 'News item contains instruction-like text; ignored';
