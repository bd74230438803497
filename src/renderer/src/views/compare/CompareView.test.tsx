// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { clockState } from '../../test/fixtures';
import { T0, books, comparison } from '../segments/segment-fixtures.test-util';

// lightweight-charts needs a canvas jsdom does not have: a recording stand-in keeps the data flow testable.
const lines: { title: string; data: unknown[] }[] = [];
vi.mock('lightweight-charts', () => ({
  ColorType: { Solid: 'solid' },
  CrosshairMode: { Normal: 0 },
  LineStyle: { Solid: 0, Dashed: 2 },
  LineSeries: 'Line',
  createChart: () => ({
    addSeries: (_t: unknown, opts: { title: string }) => {
      const rec = { title: opts.title, data: [] as unknown[] };
      lines.push(rec);
      return { setData: (d: unknown[]) => (rec.data = d) };
    },
    removeSeries: () => undefined,
    timeScale: () => ({ fitContent: () => undefined }),
    remove: () => undefined,
  }),
}));

const { CompareView } = await import('./CompareView');
const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

function setup(before?: (c: FakeEngineClient) => void): FakeEngineClient {
  const c = new FakeEngineClient();
  c.state = 'open';
  c.handlers['segments.compare'] = () => comparison();
  c.handlers['portfolio.bySegment'] = () => books();
  c.handlers['analytics.performance'] = () => ({ ...comparison().segments[0]!.metrics, sharpe: 0.5, beta: 1, alpha: 0 });
  c.handlers['portfolio.exportReport'] = (p) => ({ path: `/data/reports/kestrel-segments.${(p as { format: string }).format}`, format: (p as { format: string }).format, bytes: 2048, rows: 12 });
  before?.(c);
  render(
    <EngineContext.Provider value={c}>
      <CompareView />
    </EngineContext.Provider>,
  );
  return c;
}

beforeEach(() => {
  lines.length = 0;
  resetKestrelStore();
  useKestrelStore.setState({ connection: 'open', clock: clockState({ now: T0, paused: true }), clockReceivedAt: Date.now() });
});
afterEach(cleanup);

describe('CompareView', () => {
  it('shows the metrics side by side with basis and range, the benchmark by the same calculator, and — for null', async () => {
    const c = setup();
    await flush();
    await flush();
    const table = screen.getByTestId('metrics-table');
    expect(within(table).getAllByTestId('metrics-basis').map((b) => b.textContent)).toEqual(['universe', 'sleeve', 'benchmark']);
    expect(within(table).getAllByTestId('metrics-range')[0]!.textContent).toBe('2026-08-24 → 2026-11-20');
    const sharpe = table.querySelector('tr[data-metric="sharpe"]')!;
    const cells = within(sharpe as HTMLElement).getAllByTestId('metric-cell');
    expect(cells.map((x) => x.textContent)).toEqual(['1.20', '—', '0.50']);
    expect(cells[1]!.getAttribute('title')).toBe('too few observations');
    // One known segment value is no contest; the benchmark is never "best".
    expect(cells.some((x) => x.className.includes('cmp-best'))).toBe(false);
    const total = within(table.querySelector('tr[data-metric="totalReturn"]') as HTMLElement).getAllByTestId('metric-cell');
    expect(total.map((x) => x.className.includes('cmp-best'))).toEqual([true, false, false]);
    const beta = within(table.querySelector('tr[data-metric="beta"]') as HTMLElement).getAllByTestId('metric-cell');
    expect(beta[2]!.textContent).toBe('—');
    // The benchmark's returns come from its curve: four daily returns from five points.
    const perf = c.calls.find((x) => x.method === 'analytics.performance')!.params as { returns: number[] };
    expect(perf.returns).toHaveLength(4);
    expect(perf.returns[0]).toBeCloseTo(0.002, 10);
  });

  it('draws every curve plus IWM, a heat map with numbers (30/90 and W), the score and allocation', async () => {
    setup();
    await flush();
    await flush();
    expect(lines.map((l) => l.title)).toEqual(['Biotech', 'Mining & Resources', 'IWM']);
    expect(lines[0]!.data[0]).toEqual({ time: '2026-11-16', value: 1 });
    expect(screen.getByTestId('equity-curves').dataset['series']).toBe('3');
    const cells = screen.getAllByTestId('heat-cell');
    expect(cells).toHaveLength(9);
    expect(cells[1]!.textContent).toBe('+0.35');
    expect(cells[1]!.getAttribute('aria-label')).toBe('Biotech vs Mining & Resources: ρ +0.35, weak positive (30 paired observations)');
    expect(cells[5]!.textContent).toBe('—');
    expect(cells[5]!.getAttribute('aria-label')).toContain('too few observations');
    fireEvent.click(screen.getByTestId('corr-90'));
    expect(screen.getByTestId('correlation').dataset['window']).toBe('90');
    expect(screen.getAllByTestId('heat-cell')[1]!.textContent).toBe('−0.20');
    act(() => {
      fireEvent.keyDown(window, { key: 'w' });
    });
    expect(screen.getByTestId('correlation').dataset['window']).toBe('30');
    expect(screen.getByTestId('diversification-score').textContent).toBe('72/100');
    expect(screen.getByTestId('diversification').dataset['tier']).toBe('good');
    expect(screen.getByTestId('recommendations').textContent).toContain('Mining trails');
    const alloc = screen.getAllByTestId('allocation-row');
    expect(alloc[0]!.textContent).toContain('+6.0 pp');
    expect(screen.getByTestId('book-total').textContent).toContain('$50,500.00');
  });

  it('the portfolio by segment shows every sleeve’s capital, the unassigned rest of the deposit included', async () => {
    setup((c) => {
      c.handlers['portfolio.bySegment'] = () => {
        const b = books();
        return { ...b, segments: b.segments.map((x) => (x.segmentId === 'unassigned' ? { ...x, capital: 50_000, cash: 50_000, equity: 50_000 } : x)) };
      };
    });
    await flush();
    await flush();
    const rest = document.querySelector('[data-testid="book-row"][data-segment="unassigned"]')!;
    expect(rest.querySelectorAll('td')[0]!.textContent).toMatch(/50,000/);
    const bio = document.querySelector('[data-testid="book-row"][data-segment="biotech"]')!;
    expect(bio.querySelectorAll('td')[0]!.textContent).toMatch(/50,000/);
    expect(screen.getByTestId('books-total-capital').textContent).toMatch(/100,000/);
  });

  it('exports the report and shows where it was saved', async () => {
    const c = setup();
    await flush();
    fireEvent.click(screen.getByTestId('export-csv'));
    await flush();
    expect(c.calls.find((x) => x.method === 'portfolio.exportReport')?.params).toEqual({ format: 'csv' });
    expect(screen.getByTestId('export-path').textContent).toBe('/data/reports/kestrel-segments.csv');
    fireEvent.click(screen.getByTestId('export-html'));
    await flush();
    expect(screen.getByTestId('export-result').textContent).toContain('Printable report saved to /data/reports/kestrel-segments.html');
    // browser mode has no desktop shell: no Save PDF
    expect(screen.queryByTestId('save-pdf')).toBeNull();
  });

  it('on the desktop saves the report section as a PDF through the shell and shows the path', async () => {
    const savePdf = vi.fn(async (name: string) => `/data/exports/${name}-2026.pdf`);
    (window as unknown as { shell?: unknown }).shell = { openView: vi.fn(), onNavigate: () => () => undefined, savePdf, platform: 'linux' };
    try {
      setup();
      await flush();
      await flush();
      fireEvent.click(screen.getByTestId('save-pdf'));
      await flush();
      expect(savePdf).toHaveBeenCalledWith('segment-report');
      expect(screen.getByTestId('export-result').textContent).toContain('PDF saved to /data/exports/segment-report-2026.pdf');
    } finally {
      delete (window as unknown as { shell?: unknown }).shell;
    }
  });
});
