/**
 * AI agents: the news-and-filings feed and the ResearchAgent (seed 001 stage 4). Agents read data and answer
 * with analyses; they hold no broker and propose nothing themselves.
 */
export {
  createNewsFeed,
  simulatorCatalysts,
  simulatorCloseBefore,
  repoCatalysts,
  type NewsFeed,
  type NewsFeedDeps,
  type CatalystSource,
} from './news-feed';
export { SOURCE_FILINGS, SOURCE_NEWSWIRE, SOURCE_RELEASES, type CloseBefore } from './simulated-filings';
export {
  createResearchAgent,
  RESEARCH_MAX_ITEMS,
  RESEARCH_WINDOW_DAYS,
  type ResearchAgent,
  type ResearchAgentDeps,
  type ResearchOptions,
} from './research-agent';
export { ResearchAnswerSchema, RESEARCH_SCHEMA_NAME, INSTRUCTION_RISK, type ResearchAnswer } from './research-schema';
export { rulesSummary, classifyItem } from './rules-summary';
export { groundResearch } from './research-grounding';
