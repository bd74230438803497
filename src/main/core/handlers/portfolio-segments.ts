/**
 * portfolio.bySegment, portfolio.exportReport and segments.performance / compare / correlation: thin adapters
 * from the contract to the multi-segment portfolio (src/main/core/portfolio). The report is written into
 * <dataDir>/exports.
 */
import { join } from 'node:path';
import type { SegmentCompare } from '../portfolio/compare';
import type { SegmentReport } from '../portfolio/report';
import type { SegmentBooks } from '../portfolio/segment-books';
import type { Handlers } from '../rpc/dispatch';

export interface PortfolioSegmentHandlerDeps {
  books: SegmentBooks;
  compare: SegmentCompare;
  report: SegmentReport;
  dataDir: string;
}

export function portfolioSegmentHandlers(
  deps: PortfolioSegmentHandlerDeps,
): Pick<Handlers, 'portfolio.bySegment' | 'portfolio.exportReport' | 'segments.performance' | 'segments.compare' | 'segments.correlation'> {
  return {
    'portfolio.bySegment': () => deps.books.all(),
    'portfolio.exportReport': (p) => deps.report.exportReport(p.format, join(deps.dataDir, 'exports')),
    'segments.performance': (p) => deps.compare.segmentPerformance(p),
    'segments.compare': () => deps.compare.compare(),
    'segments.correlation': (p) => deps.compare.correlation(p.window),
  };
}
