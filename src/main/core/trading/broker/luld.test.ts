import { describe, expect, it } from 'vitest';
import { DEFAULT_PAPER_BROKER_CONFIG } from './config';
import { createHaltMonitor } from './luld';

const MIN = 60_000;
const T0 = 1_773_000_000_000;

describe('createHaltMonitor', () => {
  it('halts on a move of more than 10 % within 5 minutes, for 5 minutes', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    expect(h.observe('AAA', 10, T0)).toBe(false);
    expect(h.observe('AAA', 10.99, T0 + 2 * MIN)).toBe(false); // +9.9 %
    expect(h.haltedUntil('AAA', T0 + 2 * MIN)).toBeNull();
    expect(h.observe('AAA', 11.02, T0 + 3 * MIN)).toBe(true); // +10.2 % from 10
    expect(h.haltedUntil('AAA', T0 + 3 * MIN)).toBe(T0 + 8 * MIN);
    expect(h.haltedUntil('AAA', T0 + 8 * MIN - 1)).toBe(T0 + 8 * MIN);
    expect(h.haltedUntil('AAA', T0 + 8 * MIN)).toBeNull();
    expect(h.haltedUntil('BBB', T0 + 3 * MIN)).toBeNull();
  });

  it('halts on a fall as well', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    h.observe('AAA', 20, T0);
    expect(h.observe('AAA', 18.1, T0 + MIN)).toBe(false); // −9.5 %
    expect(h.observe('AAA', 17.9, T0 + 2 * MIN)).toBe(true); // −10.5 %
  });

  it('allows 20 % under $3', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    h.observe('LOW', 2, T0);
    expect(h.observe('LOW', 2.38, T0 + MIN)).toBe(false); // +19 %
    expect(h.observe('LOW', 2.42, T0 + 2 * MIN)).toBe(true); // +21 %
  });

  it('ignores a move spread over more than the window', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    h.observe('AAA', 10, T0);
    h.observe('AAA', 10.6, T0 + 3 * MIN);
    expect(h.observe('AAA', 11.2, T0 + 6 * MIN)).toBe(false); // +12 % from 10, but 10 is 6 minutes old
    expect(h.observe('AAA', 11.7, T0 + 7 * MIN)).toBe(true); // +10.4 % from 10.6 (4 minutes old)
  });

  it('starts afresh after a halt and ignores quotes during it and older ones', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    h.observe('AAA', 10, T0);
    expect(h.observe('AAA', 12, T0 + MIN)).toBe(true);
    expect(h.observe('AAA', 20, T0 + 2 * MIN)).toBe(false); // halted: no new halt, no window
    expect(h.haltedUntil('AAA', T0 + 2 * MIN)).toBe(T0 + 6 * MIN);
    expect(h.observe('AAA', 12.5, T0 + 6 * MIN)).toBe(false); // first price of the new window
    expect(h.observe('AAA', 5, T0 + 5 * MIN)).toBe(false); // older than the last one seen
    expect(h.observe('AAA', 12.6, T0 + 7 * MIN)).toBe(false);
    expect(h.observe('AAA', 14, T0 + 8 * MIN)).toBe(true); // +12 % from 12.5
  });

  it('ignores unusable prices', () => {
    const h = createHaltMonitor(DEFAULT_PAPER_BROKER_CONFIG);
    h.observe('AAA', 10, T0);
    expect(h.observe('AAA', 0, T0 + MIN)).toBe(false);
    expect(h.observe('AAA', Number.NaN, T0 + MIN)).toBe(false);
    expect(h.observe('AAA', 10.5, T0 + 2 * MIN)).toBe(false);
  });
});
