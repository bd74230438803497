/**
 * The Clock port: everything in the engine asks it for the time. SystemClock follows the wall clock;
 * SimulatedClock starts at an instant and runs at a speed, and can be paused, resumed and jumped, which is
 * what the market simulator, replays and tests need.
 */

export interface Clock {
  readonly mode: 'system' | 'simulated';
  /** Current time, epoch ms UTC. */
  now(): number;
  /** Simulated seconds per wall second (1 for the system clock). */
  readonly speed: number;
  readonly paused: boolean;
  /** Called after a speed, pause or jump change (not on the passage of time). Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** A source of wall-clock time, injectable so the simulated clock itself can be tested. */
export type WallTime = () => number;

export class SystemClock implements Clock {
  readonly mode = 'system' as const;
  readonly speed = 1;
  readonly paused = false;
  constructor(private readonly wall: WallTime = Date.now) {}
  now(): number {
    return this.wall();
  }
  onChange(): () => void {
    return () => undefined;
  }
}

export interface SimulatedClockOptions {
  /** The instant the clock starts at, epoch ms UTC. */
  start: number;
  /** Simulated seconds per wall second; default 1. */
  speed?: number;
  paused?: boolean;
  wall?: WallTime;
}

export class SimulatedClock implements Clock {
  readonly mode = 'simulated' as const;
  private readonly wall: WallTime;
  /** Simulated time at the wall instant `anchorWall`. */
  private anchorSim: number;
  private anchorWall: number;
  private _speed: number;
  private _paused: boolean;
  private readonly listeners = new Set<() => void>();

  constructor(options: SimulatedClockOptions) {
    this.wall = options.wall ?? Date.now;
    assertSpeed(options.speed ?? 1);
    this.anchorSim = options.start;
    this.anchorWall = this.wall();
    this._speed = options.speed ?? 1;
    this._paused = options.paused ?? false;
  }

  now(): number {
    if (this._paused) return this.anchorSim;
    return Math.floor(this.anchorSim + (this.wall() - this.anchorWall) * this._speed);
  }

  get speed(): number {
    return this._speed;
  }

  get paused(): boolean {
    return this._paused;
  }

  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.reanchor();
    this._speed = speed;
    this.emit();
  }

  pause(): void {
    if (this._paused) return;
    this.reanchor();
    this._paused = true;
    this.emit();
  }

  resume(): void {
    if (!this._paused) return;
    this.anchorWall = this.wall();
    this._paused = false;
    this.emit();
  }

  /** Moves the clock to an instant, forward or back. */
  jumpTo(instant: number): void {
    if (!Number.isFinite(instant)) throw new RangeError('jumpTo needs a finite epoch-ms instant');
    this.anchorSim = Math.floor(instant);
    this.anchorWall = this.wall();
    this.emit();
  }

  /** Advances by a simulated duration (tests and single-stepping). */
  advance(ms: number): void {
    this.jumpTo(this.now() + ms);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reanchor(): void {
    this.anchorSim = this.now();
    this.anchorWall = this.wall();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

function assertSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) {
    throw new RangeError(`clock speed must be in (0, 3600], got ${speed}`);
  }
}
