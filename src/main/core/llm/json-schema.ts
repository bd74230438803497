/**
 * zod → the JSON Schema subset that OpenAI's strict structured outputs accept (PROVIDERS.md B.6).
 *
 * z.toJSONSchema (zod 4) does the translation; this module then enforces the strict rules: the root is an
 * object; every object sets `additionalProperties: false` and lists every property in `required`; a property
 * that zod marks optional becomes required and nullable (a union with null), since strict mode has no optional
 * keys. Keywords strict mode does not know (minLength, default, $schema…) are dropped: the answer is validated
 * with the zod schema afterwards anyway, so nothing is lost, the model is only less constrained. Shapes strict
 * mode cannot express at all (records, tuples, intersections) throw, so a segment finds out at its first test,
 * not at its first call.
 *
 * parseStructured() is the other half: it validates a parsed answer with the zod schema, first turning the
 * nulls that stand for "absent" back into absent keys.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Keywords strict mode accepts (besides the structural ones handled below). */
const KEPT = new Set([
  'type',
  'description',
  'title',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'pattern',
  '$ref',
]);
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

export class StrictSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrictSchemaError';
  }
}

/** The strict JSON Schema of a zod schema, for `response_format.json_schema.schema`. */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  let raw: JsonSchema;
  try {
    raw = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', target: 'draft-2020-12' }) as JsonSchema;
  } catch (error) {
    throw new StrictSchemaError(`schema cannot be expressed as JSON Schema: ${(error as Error).message}`);
  }
  const out = strictify(raw, '#');
  if (out.type !== 'object') throw new StrictSchemaError('the root of a structured-output schema must be an object');
  return out;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withNull(node: JsonSchema): JsonSchema {
  if (acceptsNull(node)) return node;
  const t = node.type;
  if (typeof t === 'string' && node.enum === undefined && node.const === undefined && node.$ref === undefined) return { ...node, type: [t, 'null'] };
  if (Array.isArray(node.anyOf)) return { ...node, anyOf: [...(node.anyOf as unknown[]), { type: 'null' }] };
  return { anyOf: [node, { type: 'null' }] };
}

function acceptsNull(node: JsonSchema): boolean {
  const t = node.type;
  if (t === 'null' || (Array.isArray(t) && t.includes('null'))) return true;
  return Array.isArray(node.anyOf) && (node.anyOf as unknown[]).some((n) => isObject(n) && acceptsNull(n));
}

function strictify(node: unknown, path: string): JsonSchema {
  if (!isObject(node)) throw new StrictSchemaError(`${path}: a schema node must be an object`);
  if (node.allOf !== undefined) throw new StrictSchemaError(`${path}: intersections (allOf) are not supported by strict structured outputs`);
  if (node.prefixItems !== undefined) throw new StrictSchemaError(`${path}: tuples are not supported by strict structured outputs`);
  if (node.not !== undefined) throw new StrictSchemaError(`${path}: "not" is not supported by strict structured outputs`);
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (KEPT.has(k)) out[k] = v;
    else if (k === 'format' && typeof v === 'string' && FORMATS.has(v)) out[k] = v;
  }
  if (node.$defs !== undefined) {
    if (!isObject(node.$defs)) throw new StrictSchemaError(`${path}/$defs: expected an object`);
    out.$defs = Object.fromEntries(Object.entries(node.$defs).map(([k, v]) => [k, strictify(v, `${path}/$defs/${k}`)]));
  }
  const union = node.anyOf ?? node.oneOf;
  if (union !== undefined) {
    if (!Array.isArray(union)) throw new StrictSchemaError(`${path}: anyOf must be an array`);
    out.anyOf = union.map((n, i) => strictify(n, `${path}/anyOf/${i}`));
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) throw new StrictSchemaError(`${path}: tuples are not supported by strict structured outputs`);
    out.items = strictify(node.items, `${path}/items`);
  }
  const isObj = node.type === 'object' || node.properties !== undefined;
  if (isObj) {
    if (node.patternProperties !== undefined || isObject(node.additionalProperties) || node.propertyNames !== undefined) {
      throw new StrictSchemaError(`${path}: records (free-form keys) are not supported by strict structured outputs`);
    }
    const props = isObject(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const outProps: JsonSchema = {};
    for (const [k, v] of Object.entries(props)) {
      const child = strictify(v, `${path}/properties/${k}`);
      // Strict mode has no optional keys: an optional property becomes required and nullable.
      outProps[k] = required.has(k) ? child : withNull(child);
    }
    out.type = 'object';
    out.properties = outProps;
    out.required = Object.keys(outProps);
    out.additionalProperties = false;
  }
  return out;
}

export type StructuredResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Validates a parsed answer against the request's zod schema. A null where the schema wants the key absent
 * (an optional property sent as required-and-nullable) is removed and the value checked again.
 */
export function parseStructured<T>(schema: z.ZodType<T>, value: unknown): StructuredResult<T> {
  let current = value;
  for (let round = 0; round < 8; round++) {
    const r = schema.safeParse(current);
    if (r.success) return { ok: true, value: r.data };
    const nullPaths = r.error.issues.map((i) => i.path).filter((p) => p.length > 0 && valueAt(current, p) === null && isObject(valueAt(current, p.slice(0, -1))));
    if (nullPaths.length === 0) return { ok: false, reason: describeIssues(r.error.issues) };
    current = structuredClone(current);
    for (const p of nullPaths) delete (valueAt(current, p.slice(0, -1)) as Record<PropertyKey, unknown>)[p[p.length - 1] as PropertyKey];
  }
  return { ok: false, reason: 'answer does not match the schema' };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (+${issues.length - 3} more)` : '');
}
