import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventAnalysis } from '../../../../shared/contract';
import { openMemoryDatabase, type Db } from '../index';
import { createEventAnalysesRepo, type EventAnalysesRepo } from './event-analyses-repo';

let db: Db;
let repo: EventAnalysesRepo;
beforeEach(() => {
  db = openMemoryDatabase();
  repo = createEventAnalysesRepo(db);
});
afterEach(() => db.close());

const analysis = (id: string, symbol: string, asOf: number, createdAt: number, over: Partial<EventAnalysis> = {}): EventAnalysis => ({
  id,
  symbol,
  createdAt,
  asOf,
  summary: ['s1', 's2'],
  keyPoints: ['k'],
  risks: ['r'],
  sentiment: 'BULLISH',
  confidence: 0.42,
  sources: [{ title: 'T', source: 'wire', t: asOf, url: null }],
  analyst: 'rules',
  llmCallId: 'L-1',
  ...over,
});

describe('createEventAnalysesRepo', () => {
  it('round-trips an analysis and finds it by (symbol, asOf)', () => {
    const a = analysis('A', 'ACME', 100, 1_000, { analyst: 'llm', sentiment: 'BEARISH', sources: [{ title: 'T', source: 'wire', t: 100, url: 'https://x.invalid' }] });
    repo.insert(a);
    expect(repo.get('A')).toEqual(a);
    expect(repo.forAsOf('ACME', 100)).toEqual(a);
    expect(repo.forAsOf('ACME', 101)).toBeNull();
    expect(repo.forAsOf('BOLT', 100)).toBeNull();
    expect(repo.get('nope')).toBeNull();
  });

  it('answers the newest for an as-of, the latest by as-of, and lists newest first', () => {
    repo.insert(analysis('A', 'ACME', 100, 1_000));
    repo.insert(analysis('B', 'ACME', 100, 2_000));
    repo.insert(analysis('C', 'ACME', 50, 3_000));
    repo.insert(analysis('D', 'BOLT', 70, 4_000));
    expect(repo.forAsOf('ACME', 100)?.id).toBe('B');
    expect(repo.latest('ACME')?.id).toBe('B');
    expect(repo.latest('NONE')).toBeNull();
    expect(repo.list({ symbol: 'ACME', limit: 10 }).map((x) => x.id)).toEqual(['C', 'B', 'A']);
    expect(repo.list({ limit: 2 }).map((x) => x.id)).toEqual(['D', 'C']);
    expect(() => repo.insert(analysis('A', 'ACME', 1, 1))).toThrow();
  });

  it('reads a damaged JSON column as an empty list', () => {
    repo.insert(analysis('A', 'ACME', 100, 1_000));
    db.prepare(`UPDATE event_analyses SET risks_json = 'not json', summary_json = '{"a":1}' WHERE id = 'A'`).run();
    expect(repo.get('A')).toMatchObject({ risks: [], summary: [], keyPoints: ['k'] });
  });
});
