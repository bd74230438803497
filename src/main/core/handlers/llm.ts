/**
 * llm.*: the LLM settings and status, the usage report (tokens, cost per segment, per day and per approved
 * card, latency), and one recorded call with its prompt and answer (the trace a card opens). The API key goes in
 * through llm.configure and never comes back out: results say only whether one is set and where it lives.
 */
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import type { LlmGatewayService } from '../llm/gateway';
import type { Handlers } from '../rpc/dispatch';

export function llmHandlers(gateway: Pick<LlmGatewayService, 'status' | 'usage' | 'configure' | 'call'>): Pick<Handlers, 'llm.status' | 'llm.usage' | 'llm.configure' | 'llm.call'> {
  return {
    'llm.status': () => gateway.status(),
    'llm.usage': (p) => gateway.usage(p),
    'llm.configure': (p) => gateway.configure(p),
    'llm.call': (p) => {
      const call = gateway.call(p.id);
      if (!call) throw new EngineError(RPC_ERROR.notFound, `unknown LLM call ${p.id}`);
      return call;
    },
  };
}
