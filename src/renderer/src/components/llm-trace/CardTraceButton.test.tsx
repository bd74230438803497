// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineContext } from '../../engine/engine-context';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { llmCallDetail, proposal } from '../../views/segments/segment-fixtures.test-util';
import { CardTraceButton } from './CardTraceButton';

const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

function setup(c: FakeEngineClient): void {
  render(
    <EngineContext.Provider value={c}>
      <CardTraceButton cardId="card-9" symbol="ABCD" />
    </EngineContext.Provider>,
  );
}

afterEach(cleanup);

describe('CardTraceButton', () => {
  it("finds the card's proposal and opens the call behind it", async () => {
    const c = new FakeEngineClient();
    c.handlers['segments.proposals'] = () => ({ proposals: [proposal({ cardId: 'card-9', llmCallId: 'call-1' })] });
    c.handlers['llm.call'] = () => llmCallDetail({ user: 'DATA: ABCD last 12.34' });
    setup(c);
    fireEvent.click(screen.getByTestId('card-trace'));
    await flush();
    await flush();
    expect(c.calls.map((x) => [x.method, x.params])).toEqual([
      ['segments.proposals', { cardId: 'card-9', limit: 1 }],
      ['llm.call', { id: 'call-1' }],
    ]);
    expect(within(screen.getByTestId('llm-trace')).getByTestId('llm-trace-user').textContent).toBe('DATA: ABCD last 12.34');
  });

  it('says so when no call is recorded', async () => {
    const c = new FakeEngineClient();
    c.handlers['segments.proposals'] = () => ({ proposals: [] });
    setup(c);
    fireEvent.click(screen.getByTestId('card-trace'));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Trace: no segment proposal behind this card');
    expect(screen.queryByTestId('llm-trace')).toBeNull();
  });
});
