import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrate, openDatabase, type Db } from '../../db';
import { harness, request } from './paper-broker.fixture';

let dir: string;
const open: Db[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-paper-restart-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openAt(path: string): Db {
  const db = openDatabase({ path });
  migrate(db, path);
  open.push(db);
  return db;
}

/** What a crash leaves on disk: the database file and its WAL as they are now, with the writer still open. */
function crashImage(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

describe('paper broker across a crash', () => {
  it('resumes its working orders from the database and keeps filling them', async () => {
    const live = join(dir, 'live.db');
    const h1 = harness({ db: openAt(live) });
    h1.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    h1.setQuote('AAA', { last: 10, bid: 9.99, ask: 10, volume: 1_000_000 });
    await h1.broker.start();
    const big = await h1.broker.submit(request({ clientOrderId: 'big', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }));
    const rest = await h1.broker.submit(request({ clientOrderId: 'rest', orderType: 'limit', limitPrice: 9.05, timeInForce: 'gtc' }));
    expect(big.filledQuantity).toBe(128);

    const copy = join(dir, 'after-crash.db');
    expect(existsSync(`${live}-wal`)).toBe(true); // the book's writes are still in the WAL, not folded in
    crashImage(live, copy);
    const h2 = harness({ db: openAt(copy), start: h1.clock.now() + 60_000 });
    h2.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    h2.setQuote('AAA', { last: 10, bid: 9.99, ask: 10, volume: 1_000_000 });
    await h2.broker.start();
    expect(await h2.broker.openOrders()).toEqual([big, rest]);

    // Submitting again after the crash is the retry the idempotency key exists for: no second order.
    expect(await h2.broker.submit(request({ clientOrderId: 'big', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }))).toEqual(big);

    h2.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_002_000 });
    h2.setQuote('AAA', { last: 9.03, bid: 9.02, ask: 9.03, volume: 1_010_000 }); // −9.7 %: no halt
    h2.broker.process();
    expect(await h2.broker.getOrder('big')).toMatchObject({ brokerOrderId: big.brokerOrderId, filledQuantity: 328 });
    expect((await h2.broker.fills('big')).map((f) => f.brokerFillId)).toEqual([`${big.brokerOrderId}-1`, `${big.brokerOrderId}-2`]);
    expect(await h2.broker.getOrder('rest')).toMatchObject({ status: 'filled', avgFillPrice: 9.04 });
    expect(h2.events).toEqual([
      'fill big 200@5.02 fee 0.64',
      'order big partially_filled 328',
      'fill rest 100@9.04 fee 1',
      'order rest filled 100',
    ]);
    await h2.broker.stop();
    await h1.broker.stop();
  });

  it('keeps a clean close and reopen intact as well', async () => {
    const path = join(dir, 'clean.db');
    const db1 = openAt(path);
    const h1 = harness({ db: db1 });
    h1.setQuote('AAA', { last: 10 });
    const placed = await h1.broker.submit(request({ clientOrderId: 'l', orderType: 'limit', limitPrice: 9, timeInForce: 'gtc' }));
    closeDatabase(db1);
    const h2 = harness({ db: openAt(path) });
    expect(await h2.broker.openOrders()).toEqual([placed]);
    expect((await h2.broker.cancel('l'))!.status).toBe('cancelled');
  });
});
