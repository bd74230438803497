/**
 * agents.*: the research agent's event analyses. `agents.research` summarises a symbol's news and filings (served
 * from the cache for the same newest item unless `refresh`); `agents.analyses` lists stored analyses, newest first.
 * Symbols are checked against the market's instruments (4004 for an unknown one).
 */
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import type { ResearchAgent } from '../agents';
import type { Handlers } from '../rpc/dispatch';

export function agentHandlers(agent: Pick<ResearchAgent, 'research' | 'list' | 'knows'>): Pick<Handlers, 'agents.research' | 'agents.analyses'> {
  const requireSymbol = (symbol: string): string => {
    const s = symbol.toUpperCase();
    if (!agent.knows(s)) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${s}`);
    return s;
  };
  return {
    'agents.research': async (p) => agent.research(requireSymbol(p.symbol), { refresh: p.refresh }),
    'agents.analyses': (p) => ({
      analyses: agent.list({ ...(p.symbol !== undefined ? { symbol: requireSymbol(p.symbol) } : {}), limit: p.limit }),
    }),
  };
}
