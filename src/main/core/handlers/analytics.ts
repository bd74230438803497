/**
 * analytics.*: the shared performance and correlation calculator (src/shared/analytics) over the wire, so a
 * window, a script or a test gets exactly the numbers the segment views and reports show.
 */
import { correlationMatrix, performance } from '../../../shared/analytics';
import type { Handlers } from '../rpc/dispatch';

export function analyticsHandlers(): Pick<Handlers, 'analytics.performance' | 'analytics.correlation'> {
  return {
    'analytics.performance': (p) => performance({ returns: p.returns, benchmark: p.benchmark, riskFree: p.riskFree }),
    'analytics.correlation': (p) => correlationMatrix(p.series),
  };
}
