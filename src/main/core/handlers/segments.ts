/**
 * segments.*: the market segments' status, configuration, runs and proposals — thin adapters onto the segment
 * manager. The caller (transport, connection, window) is the actor written in the audit log for enable/disable
 * and configuration changes, and on the run it starts.
 */
import type { Handlers } from '../rpc/dispatch';
import type { SegmentManager } from '../segments/manager';
import { actorOf } from './trading';

export function segmentHandlers(
  manager: Pick<SegmentManager, 'list' | 'get' | 'setEnabled' | 'configure' | 'run' | 'proposals'>,
): Pick<Handlers, 'segments.list' | 'segments.get' | 'segments.setEnabled' | 'segments.configure' | 'segments.run' | 'segments.proposals'> {
  return {
    'segments.list': () => ({ segments: manager.list() }),
    'segments.get': (p) => manager.get(p.id),
    'segments.setEnabled': (p, ctx) => manager.setEnabled(p.id, p.enabled, actorOf(ctx)),
    'segments.configure': (p, ctx) => manager.configure(p, actorOf(ctx)),
    'segments.run': (p, ctx) => manager.run(p.id, 'manual', actorOf(ctx)),
    'segments.proposals': (p) => ({ proposals: manager.proposals(p) }),
  };
}
