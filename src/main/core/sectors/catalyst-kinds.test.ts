import { describe, expect, it } from 'vitest';
import { CATALYST_KIND_LABELS, CATALYST_KINDS, directionOf, isCatalystKind } from './catalyst-kinds';

describe('catalyst kinds', () => {
  it('labels every kind and recognises them', () => {
    for (const k of CATALYST_KINDS) {
      expect(CATALYST_KIND_LABELS[k]).toBeTruthy();
      expect(isCatalystKind(k)).toBe(true);
    }
    expect(isCatalystKind('rumour')).toBe(false);
  });

  it('calls a direction from the move', () => {
    expect(directionOf(12)).toBe(1);
    expect(directionOf(-3)).toBe(-1);
    expect(directionOf(0.4)).toBe(0);
    expect(directionOf(Number.NaN)).toBe(0);
  });
});
