/**
 * Sector traffic-light configuration (seed 004): the eight sectors with their volatility weights, gap
 * frequencies and classification keywords, timeframe weights, universe rules, ranking weights and alert
 * thresholds. Defaults ship in resources/sectors.yaml; an optional override file in the user's data dir is
 * deep-merged over them. This is the only module of src/main/core/sectors that touches the file system.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SECTOR_IDS } from '../../../shared/sectors';

/** How often a sector's names gap, per seed 004 (lowest to highest). */
export const GAP_FREQUENCIES = ['very_low', 'low', 'moderate', 'high', 'extreme'] as const;
/** Schema of {@link GapFrequency}. */
export const GapFrequencySchema = z.enum(GAP_FREQUENCIES);
/** One of {@link GAP_FREQUENCIES}. */
export type GapFrequency = z.infer<typeof GapFrequencySchema>;

const SUM_TOLERANCE = 1e-9;
const sumsToOne = (o: Record<string, number>): boolean =>
  Math.abs(Object.values(o).reduce((a, b) => a + b, 0) - 1) <= SUM_TOLERANCE;

const weight = z.number().finite().min(0).max(1);
const range = z.strictObject({ min: z.number().finite().nonnegative(), max: z.number().finite().positive() }).refine((r) => r.min < r.max, {
  message: 'min must be below max',
});

/** One sector's analytics settings. */
export const SectorEntrySchema = z.strictObject({
  id: z.enum(SECTOR_IDS),
  name: z.string().min(1),
  etf: z.string().min(1).max(12),
  /** Multiplier of seed 004's VOLATILITY_WEIGHTS (healthcare 1.5 … utilities 0.7). */
  volatilityWeight: z.number().finite().positive().max(5),
  gapFrequency: GapFrequencySchema,
  /** Industry keywords (lower case, matched at the start of a word) that confirm or imply this sector. */
  industries: z.array(z.string().trim().min(1)),
});
/** One sector's analytics settings. */
export type SectorEntry = z.infer<typeof SectorEntrySchema>;

/** The whole sector configuration (strict: unknown keys are errors). */
export const SectorConfigSchema = z.strictObject({
  sectors: z.array(SectorEntrySchema).superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const s of list) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate sector ${s.id}` });
      seen.add(s.id);
    }
    for (const id of SECTOR_IDS) if (!seen.has(id)) ctx.addIssue({ code: 'custom', message: `missing sector ${id}` });
  }),
  timeframeWeights: z
    .strictObject({ '30m': weight, '1D': weight, '3D': weight, '1W': weight })
    .refine(sumsToOne, { message: 'timeframe weights must sum to 1' }),
  universe: z
    .strictObject({
      microCap: range,
      smallCap: range,
      minAvgVolume: z.number().finite().nonnegative(),
      minPrice: z.number().finite().nonnegative(),
      maxPrice: z.number().finite().positive(),
      exchanges: z.array(z.string().min(1)).min(1),
      minFloatMicro: z.number().finite().nonnegative(),
      minFloatSmall: z.number().finite().nonnegative(),
    })
    .refine((u) => u.minPrice <= u.maxPrice, { message: 'minPrice must not exceed maxPrice' }),
  ranking: z
    .strictObject({ gap: weight, volume: weight, alignment: weight, shortability: weight })
    .refine(sumsToOne, { message: 'ranking weights must sum to 1' }),
  alerts: z.strictObject({ significantMovePct: z.number().finite().positive() }),
  sentiment: z.strictObject({
    /** Percent move that maps to tanh(1) ≈ 0.76 in the base score. */
    baseScalePct: z.number().finite().positive(),
  }),
});
/** The validated sector configuration. */
export type SectorConfig = z.infer<typeof SectorConfigSchema>;

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

/** `sectors` merge per id: the override may be a list of entries with `id` or a map keyed by sector id. */
function mergeSectors(base: unknown, over: unknown): unknown {
  if (!Array.isArray(base)) return over;
  const entries: unknown[] = Array.isArray(over)
    ? over
    : isPlain(over)
      ? Object.entries(over).map(([id, v]) => (isPlain(v) ? { id, ...v } : v))
      : [over];
  const out = base.slice();
  for (const e of entries) {
    const id = isPlain(e) ? e.id : undefined;
    const at = out.findIndex((b) => isPlain(b) && b.id === id);
    if (at >= 0) out[at] = mergeValues(out[at], e);
    else out.push(e); // validation reports the unknown id
  }
  return out;
}

/** Deep-merge an override document over the defaults (objects by key, arrays replaced, sectors per id). */
export function mergeSectorConfig(defaults: unknown, override: unknown): unknown {
  if (!isPlain(defaults) || !isPlain(override)) return override ?? defaults;
  const out: Plain = { ...defaults };
  for (const [k, v] of Object.entries(override)) {
    out[k] = k === 'sectors' ? mergeSectors(defaults[k], v) : mergeValues(defaults[k], v);
  }
  return out;
}

function readYaml(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read sector configuration: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: invalid YAML: ${(e as Error).message}`, { cause: e });
  }
}

function validate(doc: unknown, file: string): SectorConfig {
  const r = SectorConfigSchema.safeParse(doc);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new Error(`${file}: invalid sector configuration: ${issues.join('; ')}`);
}

/**
 * Load the defaults YAML and, when `overridePath` names an existing non-empty file, deep-merge it over them
 * (objects by key, arrays replaced, `sectors` merged per sector id — as a list with `id` or a map by id).
 * Throws an Error naming the offending file and the zod issue paths when either document is invalid.
 * `overridden` is true when an override document was applied.
 */
export function loadSectorConfig(defaultsPath: string, overridePath?: string): { config: SectorConfig; overridden: boolean } {
  const defaults = readYaml(defaultsPath);
  const base = validate(defaults, defaultsPath);
  if (!overridePath || !existsSync(overridePath)) return { config: base, overridden: false };
  const over = readYaml(overridePath);
  if (over === null || over === undefined) return { config: base, overridden: false };
  if (!isPlain(over)) throw new Error(`${overridePath}: invalid sector configuration: (root): expected a mapping`);
  return { config: validate(mergeSectorConfig(defaults, over), overridePath), overridden: true };
}

/** Debounce of {@link watchSectorConfig}, ms. */
export const WATCH_DEBOUNCE_MS = 200;

/**
 * Watch the defaults and the override file (through their directories, so a not-yet-existing override or an
 * editor's atomic rename is seen). After ~200 ms of quiet the configuration is reloaded: a valid one that
 * differs from the previous is passed to `onChange`; an invalid one is passed to `onError` and the previous
 * configuration stays in force (onChange is not called). Never throws; returns a function that stops watching.
 */
export function watchSectorConfig(
  defaultsPath: string,
  overridePath: string,
  onChange: (c: SectorConfig) => void,
  onError: (e: Error) => void,
): () => void {
  let previous: string | null = null;
  try {
    previous = JSON.stringify(loadSectorConfig(defaultsPath, overridePath).config);
  } catch (e) {
    onError(e as Error);
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const reload = (): void => {
    timer = null;
    if (closed) return;
    try {
      const { config } = loadSectorConfig(defaultsPath, overridePath);
      const json = JSON.stringify(config);
      if (json === previous) return;
      previous = json;
      onChange(config);
    } catch (e) {
      onError(e as Error);
    }
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, WATCH_DEBOUNCE_MS);
  };

  const watchers: FSWatcher[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const p of [defaultsPath, overridePath]) {
    const names = byDir.get(dirname(p)) ?? new Set<string>();
    names.add(basename(p));
    byDir.set(dirname(p), names);
  }
  for (const [dir, names] of byDir) {
    try {
      const w = watch(dir, { persistent: false }, (_event, filename) => {
        if (filename === null || names.has(basename(filename.toString()))) schedule();
      });
      w.on('error', (e) => onError(new Error(`${dir}: watch failed: ${e.message}`)));
      watchers.push(w);
    } catch (e) {
      onError(new Error(`${dir}: cannot watch: ${(e as Error).message}`));
    }
  }
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
