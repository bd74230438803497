// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainTable } from './ChainTable';
import * as model from './options-model';
import { chainFixture } from './options-fixtures.test-util';

// Count the cell texts the rows compute while rendering (the memo's comparison uses the model's own copy).
const rendered = vi.hoisted(() => ({ n: 0 }));
vi.mock('./options-model', async (importOriginal) => {
  const real = await importOriginal<typeof model>();
  return {
    ...real,
    cellText: (...a: Parameters<typeof real.cellText>) => {
      rendered.n++;
      return real.cellText(...a);
    },
  };
});

afterEach(cleanup);

describe('ChainTable', () => {
  it('repaints only the row whose shown values changed when a poll brings a whole new chain', () => {
    const cols = [...model.DEFAULT_COLUMNS];
    const noop = (): void => {};
    const first = chainFixture();
    const { rerender, container } = render(<ChainTable chain={first} columns={cols} cursor={null} onPick={noop} onCursor={noop} />);
    expect(rendered.n).toBe(first.rows.length * cols.length * 2);

    // A fresh copy of everything (as JSON from the engine), one bid moved and one invisible Greek changed.
    const next = structuredClone(first);
    next.rows[1]!.put.bid += 0.05;
    next.rows[3]!.call.rho += 0.01;
    rendered.n = 0;
    rerender(<ChainTable chain={next} columns={cols} cursor={null} onPick={noop} onCursor={noop} />);
    expect(rendered.n).toBe(cols.length * 2);
    expect(container.querySelector('[data-strike="95"] [data-testid="put-bid"]')!.textContent).toBe(model.cellText(next.rows[1]!.put, 'bid'));
  });
});
