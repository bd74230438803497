import { describe, expect, it } from 'vitest';
import { prettyResponse, tokensText, usableOutcome } from './trace-format';

describe('trace-format', () => {
  it('indents JSON answers and keeps anything else verbatim', () => {
    expect(prettyResponse('{"a":1,"b":[2]}')).toEqual({ text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}', json: true });
    expect(prettyResponse('{"a":1,')).toEqual({ text: '{"a":1,', json: false });
    expect(prettyResponse('I cannot help with that.')).toEqual({ text: 'I cannot help with that.', json: false });
    expect(prettyResponse(null)).toEqual({ text: null, json: false });
  });

  it('writes tokens and which outcomes could make a card', () => {
    expect(tokensText({ promptTokens: 1240, completionTokens: 310 })).toBe('1,240 in + 310 out = 1,550');
    expect(usableOutcome('ok')).toBe(true);
    expect(usableOutcome('rules')).toBe(true);
    expect(usableOutcome('invalid_json')).toBe(false);
  });
});
