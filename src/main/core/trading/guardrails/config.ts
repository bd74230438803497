/**
 * Guardrail configuration: limits, playbooks and the regime thresholds. Defaults ship in resources/guardrails.yaml;
 * an optional override in the user's data dir (<dataDir>/guardrails.yaml) is deep-merged over them — `limits` and
 * `regime` by key, `playbooks` per id (a list with `id` or a map keyed by id), anything else replaced — and the
 * result validated strictly (an unknown or misspelt key is an error naming it). Same approach as sectors/config.ts.
 *
 * The store keeps the configuration in force: a bad override (at start or on a file change) is refused with a
 * logged error and the previous configuration stays; updateLimits() writes the override atomically (temp file +
 * rename), keeping the rest of the file and its comments. This is the only guardrails module that touches files.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parse as parseYaml, parseDocument, Document } from 'yaml';
import { z } from 'zod';
import {
  EngineError,
  GuardrailConfigSchema,
  GuardrailLimitsSchema,
  PlaybookSchema,
  RPC_ERROR,
  TranchesSchema,
  type GuardrailConfig,
  type GuardrailLimits,
} from '../../../../shared/contract';
import type { Logger } from '../../log';

/** The contract's schema made strict at every level, plus the cross-field rules. */
const StrictConfigSchema = z
  .strictObject({
    limits: GuardrailLimitsSchema.strict(),
    defaultPlaybook: z.string().min(1),
    playbooks: z.array(PlaybookSchema.extend({ id: z.string().regex(/^[a-z0-9_-]{1,64}$/), tranches: TranchesSchema.strict() }).strict()).min(1),
    regime: GuardrailConfigSchema.shape.regime.unwrap().strict().optional(),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.playbooks.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['playbooks', i, 'id'], message: `duplicate playbook ${p.id}` });
      ids.add(p.id);
    });
    if (!ids.has(c.defaultPlaybook)) {
      ctx.addIssue({ code: 'custom', path: ['defaultPlaybook'], message: `names no playbook (known: ${[...ids].join(', ')})` });
    }
    if (c.regime && c.regime.smaFast >= c.regime.smaSlow) {
      ctx.addIssue({ code: 'custom', path: ['regime', 'smaFast'], message: 'must be below regime.smaSlow' });
    }
  });

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlain(base) && isPlain(over)) {
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValues(base[k], v);
    return out;
  }
  return over; // arrays and scalars replace
}

function mergePlaybooks(base: unknown, over: unknown): unknown {
  if (!Array.isArray(base)) return over;
  const entries: unknown[] = Array.isArray(over)
    ? over
    : isPlain(over)
      ? Object.entries(over).map(([id, v]) => (isPlain(v) ? { id, ...v } : v))
      : [over];
  const out = base.slice();
  for (const e of entries) {
    const at = out.findIndex((b) => isPlain(b) && isPlain(e) && b.id === e.id);
    if (at >= 0) out[at] = mergeValues(out[at], e);
    else out.push(e); // a new playbook (validation checks it is complete)
  }
  return out;
}

/** Deep-merges an override document over the defaults document. */
export function mergeGuardrailConfig(defaults: unknown, override: unknown): unknown {
  if (!isPlain(defaults) || !isPlain(override)) return override ?? defaults;
  const out: Plain = { ...defaults };
  for (const [k, v] of Object.entries(override)) out[k] = k === 'playbooks' ? mergePlaybooks(defaults[k], v) : mergeValues(defaults[k], v);
  return out;
}

function readYaml(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read guardrail configuration: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: invalid YAML: ${(e as Error).message}`, { cause: e });
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Validates a whole configuration document; the Error names the file and each bad key path. */
export function validateGuardrailConfig(doc: unknown, file: string): GuardrailConfig {
  const r = StrictConfigSchema.safeParse(doc);
  if (!r.success) throw new Error(`${file}: invalid guardrail configuration: ${issuesText(r.error)}`);
  return GuardrailConfigSchema.parse(r.data);
}

/** Loads the defaults and, when present and non-empty, the override merged over them. Throws on a bad document. */
export function loadGuardrailConfig(defaultsPath: string, overridePath?: string): { config: GuardrailConfig; overridden: boolean } {
  const defaults = readYaml(defaultsPath);
  const base = validateGuardrailConfig(defaults, defaultsPath);
  if (!overridePath || !existsSync(overridePath)) return { config: base, overridden: false };
  const over = readYaml(overridePath);
  if (over === null || over === undefined) return { config: base, overridden: false };
  if (!isPlain(over)) throw new Error(`${overridePath}: invalid guardrail configuration: (root): expected a mapping`);
  return { config: validateGuardrailConfig(mergeGuardrailConfig(defaults, over), overridePath), overridden: true };
}

export type ConfigOrigin = 'file' | 'api';

export interface GuardrailConfigStore {
  readonly defaultsPath: string;
  readonly overridePath: string;
  get(): GuardrailConfig;
  /** When the configuration in force was loaded (epoch ms). */
  loadedAt(): number;
  /** Validates a partial limits patch, writes it into the override atomically and returns the new configuration. */
  updateLimits(patch: Partial<GuardrailLimits>): GuardrailConfig;
  /** Re-reads the files now (what the watcher does after a change). */
  reload(): void;
  /** Watches both files; a change is picked up after WATCH_DEBOUNCE_MS of quiet. */
  start(): void;
  stop(): void;
}

export const WATCH_DEBOUNCE_MS = 200;

export interface GuardrailConfigStoreOptions {
  defaultsPath: string;
  overridePath: string;
  log: Logger;
  now(): number;
  onChange?(next: GuardrailConfig, prev: GuardrailConfig, origin: ConfigOrigin): void;
}

export function createGuardrailConfigStore(opts: GuardrailConfigStoreOptions): GuardrailConfigStore {
  const { defaultsPath, overridePath, log } = opts;
  let config: GuardrailConfig;
  try {
    config = loadGuardrailConfig(defaultsPath, overridePath).config;
  } catch (error) {
    // The shipped defaults must be valid (this throws when they are not); a bad override is refused.
    config = loadGuardrailConfig(defaultsPath).config;
    log.error({ err: error }, 'guardrail override rejected; using the shipped defaults');
  }
  let json = JSON.stringify(config);
  let loadedAt = opts.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let watchers: FSWatcher[] = [];

  function apply(next: GuardrailConfig, origin: ConfigOrigin): void {
    const nextJson = JSON.stringify(next);
    if (nextJson === json) return;
    const prev = config;
    config = next;
    json = nextJson;
    loadedAt = opts.now();
    log.info({ origin }, 'guardrail configuration changed');
    try {
      opts.onChange?.(next, prev, origin);
    } catch (error) {
      log.error({ err: error }, 'guardrail configuration listener failed');
    }
  }

  function reload(): void {
    try {
      apply(loadGuardrailConfig(defaultsPath, overridePath).config, 'file');
    } catch (error) {
      log.error({ err: error }, 'guardrail configuration rejected; keeping the previous one');
    }
  }

  function writeAtomically(text: string): void {
    mkdirSync(dirname(overridePath), { recursive: true });
    const tmp = `${overridePath}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(tmp, text, 'utf8');
      renameSync(tmp, overridePath);
    } catch (error) {
      try {
        unlinkSync(tmp);
      } catch {
        // the temp file was never written
      }
      throw error;
    }
  }

  return {
    defaultsPath,
    overridePath,
    get: () => config,
    loadedAt: () => loadedAt,
    reload,
    updateLimits(patch) {
      const parsed = GuardrailLimitsSchema.partial().strict().safeParse(patch);
      if (!parsed.success) throw new EngineError(RPC_ERROR.invalidParams, `invalid limits: ${issuesText(parsed.error)}`, parsed.error.issues);
      let doc: Document;
      if (existsSync(overridePath)) {
        doc = parseDocument(readFileSync(overridePath, 'utf8'));
        if (doc.errors.length > 0 || (doc.contents !== null && !isPlain(doc.toJS()))) {
          throw new EngineError(RPC_ERROR.conflict, `${overridePath} is not a valid YAML mapping; fix or remove it before changing limits`);
        }
        if (doc.contents === null) doc = new Document({});
      } else {
        doc = new Document({});
        doc.commentBefore = ' Guardrail overrides (merged over the shipped resources/guardrails.yaml). Written by Kestrel; edits are kept.';
      }
      for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) doc.setIn(['limits', k], v);
      let next: GuardrailConfig;
      try {
        next = validateGuardrailConfig(mergeGuardrailConfig(readYaml(defaultsPath), doc.toJS()), overridePath);
      } catch (error) {
        throw new EngineError(RPC_ERROR.invalidParams, (error as Error).message);
      }
      writeAtomically(doc.toString());
      apply(next, 'api');
      return config;
    },
    start() {
      if (watchers.length > 0) return;
      const byDir = new Map<string, Set<string>>();
      for (const p of [defaultsPath, overridePath]) {
        const names = byDir.get(dirname(p)) ?? new Set<string>();
        names.add(basename(p));
        byDir.set(dirname(p), names);
      }
      for (const [dir, names] of byDir) {
        try {
          mkdirSync(dir, { recursive: true });
          const w = watch(dir, { persistent: false }, (_event, filename) => {
            if (filename !== null && !names.has(basename(filename.toString()))) return;
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => {
              timer = null;
              reload();
            }, WATCH_DEBOUNCE_MS);
          });
          w.on('error', (e) => log.warn({ err: e, dir }, 'guardrail configuration watch failed'));
          watchers.push(w);
        } catch (error) {
          log.warn({ err: error, dir }, 'cannot watch the guardrail configuration');
        }
      }
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      for (const w of watchers) w.close();
      watchers = [];
    },
  };
}
