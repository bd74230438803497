/** events.subscribe / events.unsubscribe act on the calling connection only. */
import type { Handlers } from '../rpc/dispatch';

export function eventHandlers() {
  return {
    'events.subscribe': (p, ctx) => ({ topics: ctx.subscribe(p.topics) as typeof p.topics }),
    'events.unsubscribe': (p, ctx) => ({ topics: ctx.unsubscribe(p.topics) as typeof p.topics }),
  } satisfies Partial<Handlers>;
}
