import { describe, expect, it } from 'vitest';
import { SegmentIdSchema, SegmentRiskParametersSchema } from '../../../shared/contract';
import { validateSchedule } from './manager';
import { SEGMENTS } from './registry';

describe('segment registry', () => {
  it('lists biotech and mining, each with a valid id and defaults the manager will accept as its first config row', () => {
    expect(SEGMENTS.map((s) => s.id)).toEqual(['biotech', 'mining']);
    for (const s of SEGMENTS) {
      expect(SegmentIdSchema.parse(s.id)).toBe(s.id);
      expect(SegmentRiskParametersSchema.safeParse(s.defaults.riskParameters).success).toBe(true);
      expect(validateSchedule(s.defaults.schedule)).toBe(s.defaults.schedule.trim().replace(/\s+/g, ' '));
      expect(s.defaults.promptTemplate.trim().length).toBeGreaterThan(0);
      expect(s.defaults.promptTemplate.length).toBeLessThanOrEqual(8_000);
      expect(s.defaults.dataSources.length).toBeGreaterThan(0);
      for (const fn of ['universe', 'gather', 'risk', 'buildPrompt', 'rules'] as const) expect(typeof s[fn]).toBe('function');
    }
  });

  it('uses the risk parameters seed 000 fixes', () => {
    const byId = Object.fromEntries(SEGMENTS.map((s) => [s.id, s.defaults.riskParameters]));
    expect(byId['biotech']).toMatchObject({ maxPositionSize: 0.2, maxDrawdown: 0.15, stopLossMultiplier: 2 });
    expect(byId['mining']).toMatchObject({ maxPositionSize: 0.25, maxDrawdown: 0.2, stopLossMultiplier: 2.5 });
  });
});

describe('validateSchedule', () => {
  it('accepts five-field cron and refuses anything else with -32602', () => {
    expect(validateSchedule(' 0  9 * * 1-5 ')).toBe('0 9 * * 1-5');
    for (const bad of ['61 * * * *', '0 9 * *', '0 0 9 * * 1-5', 'every day', '0 9 31 2 *']) {
      expect(() => validateSchedule(bad)).toThrow(expect.objectContaining({ code: -32602 }));
    }
  });
});
