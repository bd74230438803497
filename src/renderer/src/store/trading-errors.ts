/**
 * What a refused trading command means, in words a trader acts on: which checks block now (4022), that
 * someone else already decided the card (4009), that the desk is halted and why (4003), rate limits (4029),
 * a card that no longer exists (4004). Pure: the caller passes what it knows (the card, the halt status).
 */
import { RPC_ERROR, EngineError } from '../../../shared/contract/rpc';
import type { GuardrailCheck, TradeCard, TradingStatus } from '../../../shared/contract/trading-schemas';
import { CLIENT_ERROR } from '../engine/rpc-client';
import { formatNyTime } from '../lib/format';
import { errorText } from '../lib/error-text';

/** A refusal explained. */
export interface TradingErrorText {
  code: number | null;
  /** Short headline: "Blocked by guardrails", "Already decided", "Desk halted"… */
  title: string;
  /** What happened and what to do. */
  detail: string;
  /** The checks that block now (4022), for chips and lists. */
  blocking: readonly GuardrailCheck[];
}

/** Checks carried by an error's data, if the engine sent them (a GuardrailResult or a list of checks). */
export function checksFromErrorData(data: unknown): GuardrailCheck[] | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const candidates = [d['checks'], (d['guardrails'] as Record<string, unknown> | undefined)?.['checks'], (d['result'] as Record<string, unknown> | undefined)?.['checks'], (d['card'] as TradeCard | undefined)?.guardrails?.checks];
  for (const c of candidates) if (Array.isArray(c)) return c as GuardrailCheck[];
  return null;
}

/** The checks of a list that block. */
export function blockingChecks(checks: readonly GuardrailCheck[]): GuardrailCheck[] {
  return checks.filter((c) => !c.passed && c.severity === 'block');
}

/** Explains a refused command on a card (or the desk). */
export function describeTradingError(
  error: unknown,
  ctx: { card?: TradeCard | null; status?: TradingStatus | null; action?: string } = {},
): TradingErrorText {
  const action = ctx.action ?? 'The command';
  if (!(error instanceof EngineError)) return { code: null, title: `${action} failed`, detail: errorText(error), blocking: [] };
  const { code } = error;
  switch (code) {
    case RPC_ERROR.guardrailBlocked: {
      const blocking = blockingChecks(checksFromErrorData(error.data) ?? ctx.card?.guardrails.checks ?? []);
      const list = blocking.map((c) => c.message).join(' · ');
      return {
        code,
        title: 'Blocked by guardrails',
        detail: blocking.length > 0 ? `${blocking.length === 1 ? 'This check blocks' : 'These checks block'} now: ${list}` : error.message,
        blocking,
      };
    }
    case RPC_ERROR.conflict: {
      const c = ctx.card;
      const who = c?.decidedBy ? ` by ${c.decidedBy}` : '';
      const when = c?.decidedAt ? ` at ${formatNyTime(c.decidedAt)} ET` : '';
      const state = c && c.status !== 'pending' && c.status !== 'blocked' ? `It is now ${c.status.replace('_', ' ')}${who}${when}.` : error.message;
      return { code, title: 'Already decided elsewhere', detail: `Another window or client decided this card first. ${state}`, blocking: [] };
    }
    case RPC_ERROR.forbidden: {
      const s = ctx.status;
      const reason = s?.halted && s.reason ? `“${s.reason}”` : null;
      const since = s?.since ? ` since ${formatNyTime(s.since)} ET` : '';
      const by = s?.by ? ` by ${s.by}` : '';
      return {
        code,
        title: 'Desk halted',
        detail: reason ? `Trading is halted${since}${by}: ${reason}. Resume trading from the top bar first.` : `${error.message}. Resume trading from the top bar first.`,
        blocking: [],
      };
    }
    case RPC_ERROR.rateLimited:
      return { code, title: 'Too many requests', detail: `${error.message}. Wait a few seconds and try again.`, blocking: [] };
    case RPC_ERROR.notFound:
      return { code, title: 'Not found', detail: `The engine no longer knows this card (${error.message}).`, blocking: [] };
    case RPC_ERROR.invalidParams:
      return { code, title: 'Invalid values', detail: error.message, blocking: [] };
    case CLIENT_ERROR.disconnected:
    case CLIENT_ERROR.timeout:
      return { code, title: 'No answer from the engine', detail: `${error.message}. The command may or may not have run; the list updates when the engine answers again.`, blocking: [] };
    default:
      return { code, title: `${action} failed`, detail: errorText(error), blocking: [] };
  }
}
