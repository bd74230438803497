import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnalystOutputSchema } from '../segments/types';
import { parseStructured, StrictSchemaError, toStrictJsonSchema, type JsonSchema } from './json-schema';

/** Every object closed and fully required, recursively (OpenAI's strict rules). */
function assertStrict(node: unknown, path = '#'): void {
  if (!node || typeof node !== 'object') return;
  const n = node as JsonSchema;
  if (n.type === 'object') {
    expect(n.additionalProperties, `${path} additionalProperties`).toBe(false);
    expect([...(n.required as string[])].sort(), `${path} required`).toEqual(Object.keys(n.properties as object).sort());
  }
  for (const [k, v] of Object.entries(n)) {
    if (k === 'properties') for (const [pk, pv] of Object.entries(v as object)) assertStrict(pv, `${path}/${pk}`);
    else if (k === 'items') assertStrict(v, `${path}/items`);
    else if (k === 'anyOf') (v as unknown[]).forEach((b, i) => assertStrict(b, `${path}/anyOf/${i}`));
  }
  expect(n).not.toHaveProperty('$schema');
  expect(n).not.toHaveProperty('default');
  expect(n).not.toHaveProperty('minLength');
}

/** The research agent's answer: EventAnalysis without the fields the engine fills in. */
const EventAnswerSchema = z.object({
  summary: z.array(z.string()).min(1).max(5),
  keyPoints: z.array(z.string()),
  risks: z.array(z.string()),
  sentiment: z.enum(['BULLISH', 'BEARISH', 'NEUTRAL']),
  confidence: z.number().min(0).max(1),
  sources: z.array(z.object({ title: z.string().min(1), source: z.string(), url: z.string().nullable() })),
  note: z.string().optional(),
});

describe('toStrictJsonSchema', () => {
  it('turns the analyst output schema into a strict schema', () => {
    const s = toStrictJsonSchema(AnalystOutputSchema);
    assertStrict(s);
    expect(s.required).toEqual(['summary', 'decisions']);
    const decision = (s.properties as Record<string, JsonSchema>).decisions!.items as JsonSchema;
    const props = decision.properties as Record<string, JsonSchema>;
    expect(props.action).toEqual({ type: 'string', enum: ['buy', 'sell', 'hold'] });
    // nullable fields stay required, as a union with null
    expect(props.limitPrice!.type).toEqual(['number', 'null']);
    expect(decision.required).toContain('limitPrice');
    assertStrict(props.evidence!.items);
  });

  it('makes optional fields required and nullable, keeps number bounds, drops unsupported keywords', () => {
    const s = toStrictJsonSchema(EventAnswerSchema);
    assertStrict(s);
    const props = s.properties as Record<string, JsonSchema>;
    expect(props.note!.type).toEqual(['string', 'null']);
    expect(props.confidence).toEqual({ type: 'number', minimum: 0, maximum: 1 });
    expect(props.summary).toMatchObject({ type: 'array', minItems: 1, maxItems: 5 });
    expect(props.sentiment).toEqual({ type: 'string', enum: ['BULLISH', 'BEARISH', 'NEUTRAL'] });
  });

  it('closes non-strict objects and unions of objects, and maps a nullable enum to anyOf with null', () => {
    const s = toStrictJsonSchema(
      z.object({
        kind: z.union([z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), v: z.number().optional() })]),
        level: z.enum(['low', 'high']).nullable(),
        when: z.string().default('now'),
      }),
    );
    assertStrict(s);
    const props = s.properties as Record<string, JsonSchema>;
    expect((props.kind!.anyOf as JsonSchema[]).length).toBe(2);
    expect(((props.kind!.anyOf as JsonSchema[])[1]!.properties as Record<string, JsonSchema>).v!.type).toEqual(['number', 'null']);
    expect(props.level!.anyOf).toEqual([{ type: 'string', enum: ['low', 'high'] }, { type: 'null' }]);
    expect(props.when).toEqual({ type: ['string', 'null'] });
  });

  it('refuses shapes strict mode cannot express', () => {
    expect(() => toStrictJsonSchema(z.object({ m: z.record(z.string(), z.number()) }))).toThrow(StrictSchemaError);
    expect(() => toStrictJsonSchema(z.object({ t: z.tuple([z.string(), z.number()]) }))).toThrow(/tuples/);
    expect(() => toStrictJsonSchema(z.array(z.string()))).toThrow(/root/);
    expect(() => toStrictJsonSchema(z.object({ d: z.date() }))).toThrow(StrictSchemaError);
  });
});

describe('parseStructured', () => {
  const answer = {
    summary: ['Phase 3 met its endpoint'],
    keyPoints: [],
    risks: ['dilution'],
    sentiment: 'BULLISH',
    confidence: 0.7,
    sources: [{ title: 'PR', source: 'wire', url: null }],
    note: null,
  };

  it('accepts a strict answer, turning the null of an optional field back into absence', () => {
    const r = parseStructured(EventAnswerSchema, answer);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).not.toHaveProperty('note');
  });

  it('keeps the null of a nullable field and applies defaults for nulled defaults', () => {
    const S = z.object({ a: z.number().nullable(), b: z.string().default('x') });
    expect(parseStructured(S, { a: null, b: null })).toEqual({ ok: true, value: { a: null, b: 'x' } });
  });

  it('names the offending paths when the answer does not match', () => {
    const r = parseStructured(EventAnswerSchema, { ...answer, sentiment: 'EUPHORIC', confidence: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('sentiment');
      expect(r.reason).toContain('confidence');
    }
    const missing = parseStructured(AnalystOutputSchema, { summary: 'x', decisions: [{ symbol: 'ACME', action: 'buy' }] });
    expect(missing.ok).toBe(false);
    // a required non-nullable field sent as null stays an error
    expect(parseStructured(z.object({ a: z.string() }), { a: null }).ok).toBe(false);
  });
});
