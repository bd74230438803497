/**
 * Pure helpers of the LLM trace dialog: the raw response pretty-printed when it is JSON (kept verbatim
 * otherwise, so a broken answer shows exactly as it came back), and the facts line of a call.
 */
import type { LlmCall } from '../../../../shared/contract/llm-schemas';

/** The response for display: indented JSON when it parses, else the text as received; null → null. */
export function prettyResponse(text: string | null): { text: string | null; json: boolean } {
  if (text === null) return { text: null, json: false };
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return { text, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** Tokens of a call: "1,240 in + 310 out = 1,550". */
export function tokensText(call: Pick<LlmCall, 'promptTokens' | 'completionTokens'>): string {
  const f = (n: number): string => n.toLocaleString('en-US');
  return `${f(call.promptTokens)} in + ${f(call.completionTokens)} out = ${f(call.promptTokens + call.completionTokens)}`;
}

/** Whether the call's answer could have produced a card (the others end in a rejected or fallback proposal). */
export function usableOutcome(outcome: LlmCall['outcome']): boolean {
  return outcome === 'ok' || outcome === 'cached' || outcome === 'rules';
}
