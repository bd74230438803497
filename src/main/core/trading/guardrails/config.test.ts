import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError, RPC_ERROR, type GuardrailConfig } from '../../../../shared/contract';
import type { Logger } from '../../log';
import { createGuardrailConfigStore, loadGuardrailConfig, WATCH_DEBOUNCE_MS, type ConfigOrigin } from './config';

const DEFAULTS = fileURLToPath(new URL('../../../../../resources/guardrails.yaml', import.meta.url));

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kestrel-guardrails-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeLog() {
  const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
  return { log, logger: log as unknown as Logger };
}

describe('loadGuardrailConfig', () => {
  it("loads the shipped defaults with seed 001's values and four playbooks", () => {
    const { config, overridden } = loadGuardrailConfig(DEFAULTS);
    expect(overridden).toBe(false);
    expect(config.limits).toEqual({
      advLookbackDays: 20,
      advMaxOrderRatio: 0.05,
      warnFraction: 0.8,
      maxPositionPctEquity: 0.1,
      maxPositionUsd: 50_000,
      maxSegmentPctEquity: 0.25,
      maxSectorExposure: 0.3,
      eventBlackoutDays: 2,
      catalystFreshnessHours: 24,
      catalystRequired: false,
      maxQuoteAgeSeconds: 30,
      fatFingerMaxPct: 10,
      fatFingerMaxNotionalUsd: 100_000,
      maxOptionSpreadPct: 35,
    });
    expect(config.playbooks.map((p) => p.id)).toEqual(['discretionary', 'momentum_breakout', 'mean_reversion', 'catalyst_swing', 'hedge']);
    expect(config.defaultPlaybook).toBe('discretionary');
    expect(config.regime).toMatchObject({ benchmark: 'IWM', volLookbackDays: 20, smaFast: 20, smaSlow: 50 });
  });

  it('merges an override: limits by key, playbooks per id (list or map), the rest kept', () => {
    const f = join(tempDir(), 'guardrails.yaml');
    writeFileSync(f, 'limits:\n  advMaxOrderRatio: 0.02\nplaybooks:\n  hedge:\n    staleMinutes: 5\n');
    const { config, overridden } = loadGuardrailConfig(DEFAULTS, f);
    expect(overridden).toBe(true);
    expect(config.limits.advMaxOrderRatio).toBe(0.02);
    expect(config.limits.maxSectorExposure).toBe(0.3);
    const hedge = config.playbooks.find((p) => p.id === 'hedge')!;
    expect(hedge.staleMinutes).toBe(5);
    expect(hedge.gapChaseMaxPercent).toBe(20);
    expect(config.playbooks).toHaveLength(5);
    writeFileSync(f, 'playbooks:\n  - id: mean_reversion\n    tranches: { count: 4 }\n');
    expect(loadGuardrailConfig(DEFAULTS, f).config.playbooks.find((p) => p.id === 'mean_reversion')!.tranches).toEqual({ count: 4, intervalMinutes: 15 });
  });

  it('refuses a bad override with an error naming the file and the key', () => {
    const f = join(tempDir(), 'guardrails.yaml');
    writeFileSync(f, 'limits:\n  advMaxOrderRatoi: 0.02\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/guardrails\.yaml: invalid guardrail configuration: limits: .*advMaxOrderRatoi/);
    writeFileSync(f, 'limits:\n  maxSectorExposure: 1.5\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/limits\.maxSectorExposure/);
    writeFileSync(f, 'defaultPlaybook: yolo\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/defaultPlaybook: names no playbook/);
    writeFileSync(f, 'playbooks:\n  - id: scalp\n    name: Scalp\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/playbooks\.5\./);
    writeFileSync(f, 'limits: [1, 2\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/invalid YAML/);
    writeFileSync(f, '- just a list\n');
    expect(() => loadGuardrailConfig(DEFAULTS, f)).toThrow(/expected a mapping/);
  });
});

describe('createGuardrailConfigStore', () => {
  function setup(override?: string) {
    const dir = tempDir();
    const overridePath = join(dir, 'guardrails.yaml');
    if (override !== undefined) writeFileSync(overridePath, override);
    const { log, logger } = fakeLog();
    const changes: { next: GuardrailConfig; prev: GuardrailConfig; origin: ConfigOrigin }[] = [];
    let t = 1_000;
    const store = createGuardrailConfigStore({
      defaultsPath: DEFAULTS,
      overridePath,
      log: logger,
      now: () => t,
      onChange: (next, prev, origin) => changes.push({ next, prev, origin }),
    });
    return { dir, overridePath, store, log, changes, tick: (ms: number) => (t += ms) };
  }

  it('starts on the defaults, with a logged error, when the override is bad', () => {
    const { store, log } = setup('limits:\n  warnFraction: 2\n');
    expect(store.get().limits.warnFraction).toBe(0.8);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(String(log.error.mock.calls[0]![0].err.message)).toMatch(/limits\.warnFraction/);
  });

  it('updateLimits validates, writes the override atomically keeping comments and other keys, and reports the change', () => {
    const { store, overridePath, dir, changes, tick } = setup('# my desk\nplaybooks:\n  hedge:\n    staleMinutes: 5 # fast hedges\n');
    tick(500);
    const next = store.updateLimits({ advMaxOrderRatio: 0.03, catalystRequired: true });
    expect(next.limits).toMatchObject({ advMaxOrderRatio: 0.03, catalystRequired: true, maxSectorExposure: 0.3 });
    expect(store.get()).toBe(next);
    expect(store.loadedAt()).toBe(1_500);
    const text = readFileSync(overridePath, 'utf8');
    expect(text).toContain('# my desk');
    expect(text).toContain('# fast hedges');
    expect(text).toMatch(/advMaxOrderRatio: 0\.03/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ origin: 'api' });
    expect(changes[0]!.prev.limits.advMaxOrderRatio).toBe(0.05);
    // what was written is what a fresh load sees
    expect(loadGuardrailConfig(DEFAULTS, overridePath).config).toEqual(next);
    expect(next.playbooks.find((p) => p.id === 'hedge')!.staleMinutes).toBe(5);
  });

  it('updateLimits creates the override when there is none and refuses bad patches without writing', () => {
    const { store, overridePath, changes } = setup();
    expect(existsSync(overridePath)).toBe(false);
    const bad = (patch: object) => {
      try {
        store.updateLimits(patch as never);
        return null;
      } catch (e) {
        return e as EngineError;
      }
    };
    expect(bad({ maxSectorExposure: 2 })).toMatchObject({ code: RPC_ERROR.invalidParams });
    expect(bad({ maxSectorExposure: 2 })!.message).toMatch(/maxSectorExposure/);
    expect(bad({ nope: 1 })).toBeInstanceOf(EngineError);
    expect(existsSync(overridePath)).toBe(false);
    expect(changes).toHaveLength(0);
    store.updateLimits({ eventBlackoutDays: 3 });
    expect(loadGuardrailConfig(DEFAULTS, overridePath).config.limits.eventBlackoutDays).toBe(3);
  });

  it('refuses to change limits while the override file is broken YAML (and leaves it alone)', () => {
    const { store, overridePath } = setup('limits: [1, 2\n');
    expect(() => store.updateLimits({ eventBlackoutDays: 3 })).toThrow(/not a valid YAML mapping/);
    expect(readFileSync(overridePath, 'utf8')).toBe('limits: [1, 2\n');
  });

  it('watches the override: a valid edit applies (origin file), a bad one is refused and the previous kept', async () => {
    const { store, overridePath, changes, log } = setup();
    store.start();
    try {
      writeFileSync(overridePath, 'limits:\n  maxQuoteAgeSeconds: 60\n');
      await vi.waitFor(() => expect(store.get().limits.maxQuoteAgeSeconds).toBe(60), { timeout: 5_000, interval: 50 });
      expect(changes.map((c) => c.origin)).toEqual(['file']);
      writeFileSync(overridePath, 'limits:\n  maxQuoteAgeSeconds: -1\n');
      await vi.waitFor(() => expect(log.error).toHaveBeenCalled(), { timeout: 5_000, interval: 50 });
      expect(store.get().limits.maxQuoteAgeSeconds).toBe(60);
      expect(changes).toHaveLength(1);
      // an API write is seen by the watcher too, but it is not reported twice
      store.updateLimits({ maxQuoteAgeSeconds: 45 });
      await new Promise((r) => setTimeout(r, WATCH_DEBOUNCE_MS * 3));
      expect(changes.map((c) => c.origin)).toEqual(['file', 'api']);
    } finally {
      store.stop();
    }
  });
});
