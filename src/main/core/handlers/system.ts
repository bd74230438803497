/** system.* and clock.* handlers. */
import { EngineError, RPC_ERROR, type ClockState, type Health, type SystemInfo } from '../../../shared/contract';
import { SimulatedClock, type Clock } from '../clock';
import type { Handlers } from '../rpc/dispatch';

export interface SystemDeps {
  clock: Clock;
  health(): Health;
  info(): SystemInfo;
  clockState(): ClockState;
}

export function systemHandlers(deps: SystemDeps) {
  return {
    'system.health': () => deps.health(),
    'system.info': () => deps.info(),
    'clock.get': () => deps.clockState(),
    'clock.set': (p) => {
      const clock = deps.clock;
      if (!(clock instanceof SimulatedClock)) {
        throw new EngineError(RPC_ERROR.forbidden, 'the engine runs on the system clock; only a simulated clock can be changed');
      }
      // Pause first and resume last, so "jump to X, paused" stops exactly at X and a resumed jump starts at X.
      if (p.paused === true) clock.pause();
      if (p.speed !== undefined) clock.setSpeed(p.speed);
      if (p.jumpTo !== undefined) clock.jumpTo(typeof p.jumpTo === 'number' ? p.jumpTo : Date.parse(p.jumpTo));
      if (p.paused === false) clock.resume();
      return deps.clockState();
    },
  } satisfies Partial<Handlers>;
}
