import { describe, expect, it } from 'vitest';
import { SimulatedClock, SystemClock } from './clock';

function fakeWall(start = 1_000_000) {
  let t = start;
  return { wall: () => t, advance: (ms: number) => (t += ms) };
}

describe('SimulatedClock', () => {
  it('runs at its speed from its start instant', () => {
    const w = fakeWall();
    const clock = new SimulatedClock({ start: 5_000, speed: 60, wall: w.wall });
    expect(clock.now()).toBe(5_000);
    w.advance(1_000);
    expect(clock.now()).toBe(65_000);
  });

  it('pauses, resumes without a jump, and changes speed from the current instant', () => {
    const w = fakeWall();
    const clock = new SimulatedClock({ start: 0, speed: 2, wall: w.wall });
    w.advance(1_000);
    clock.pause();
    w.advance(10_000);
    expect(clock.now()).toBe(2_000);
    clock.resume();
    expect(clock.now()).toBe(2_000);
    w.advance(500);
    expect(clock.now()).toBe(3_000);
    clock.setSpeed(10);
    w.advance(100);
    expect(clock.now()).toBe(4_000);
  });

  it('jumps forward and back and notifies listeners of every change', () => {
    const w = fakeWall();
    const clock = new SimulatedClock({ start: 100, wall: w.wall });
    const seen: number[] = [];
    const off = clock.onChange(() => seen.push(clock.now()));
    clock.jumpTo(50);
    clock.advance(25);
    clock.pause();
    off();
    clock.resume();
    expect(seen).toEqual([50, 75, 75]);
  });

  it('refuses impossible speeds and instants', () => {
    expect(() => new SimulatedClock({ start: 0, speed: 0 })).toThrow(RangeError);
    const clock = new SimulatedClock({ start: 0 });
    expect(() => clock.setSpeed(-1)).toThrow(RangeError);
    expect(() => clock.setSpeed(Number.NaN)).toThrow(RangeError);
    expect(() => clock.jumpTo(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const clock = new SystemClock(() => 42);
    expect(clock.now()).toBe(42);
    expect(clock.mode).toBe('system');
  });
});
