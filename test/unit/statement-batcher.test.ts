import { describe, expect, it } from 'vitest';
import { StatementBatcher } from '../../src/db/statement-batcher.js';

interface Write {
  member: string;
  value: number;
}

/**
 * A stand-in for the database's side of a batched statement: it records each
 * statement's items and answers them when the test lets it, so the test can
 * see which calls shared a statement.
 */
function statements(answer: (items: readonly Write[]) => number[] | Error = (items) => items.map((w) => w.value * 10)) {
  const sent: Write[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: readonly Write[]): Promise<number[]> => {
    sent.push([...items]);
    await new Promise<void>((resolve) => gates.push(resolve));
    const result = answer(items);
    if (result instanceof Error) throw result;
    return result;
  };
  /** Lets every statement sent so far answer, and waits for what that sets off. */
  const answerAll = async () => {
    while (gates.length) gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { run, sent, answerAll };
}

const write = (member: string, value: number): Write => ({ member, value });

describe('StatementBatcher', () => {
  it('GIVEN a quiet moment WHEN one call comes THEN it goes out at once, alone', async () => {
    const db = statements();
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 10, maxInFlight: 1 });
    const result = batcher.submit(write('a', 1));
    await Promise.resolve();
    await Promise.resolve();
    expect(db.sent).toEqual([[write('a', 1)]]);
    await db.answerAll();
    await expect(result).resolves.toBe(10);
  });

  it('GIVEN a statement out WHEN more calls come THEN they leave together as the next statement, each with its own answer', async () => {
    const db = statements();
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit(write('a', 1));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [write('b', 2), write('c', 3), write('d', 4), write('e', 5)].map((w) => batcher.submit(w));
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.sent).toHaveLength(1);
    await db.answerAll();
    expect(db.sent[1]).toEqual([write('b', 2), write('c', 3), write('d', 4), write('e', 5)]);
    await db.answerAll();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40, 50]);
  });

  it('GIVEN 13 calls waiting THEN they all leave in the next statement', async () => {
    const db = statements();
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 64, maxInFlight: 1 });
    const first = batcher.submit(write('a', 0));
    await new Promise((resolve) => setImmediate(resolve));
    const all = Array.from({ length: 13 }, (_, n) => batcher.submit(write(`m${n}`, n + 1)));
    for (let i = 0; i < 2; i++) await db.answerAll();
    expect(db.sent.map((s) => s.length)).toEqual([1, 13]);
    expect(await Promise.all([first, ...all])).toEqual(Array.from({ length: 14 }, (_, n) => n * 10));
  });

  it('GIVEN more calls than a statement holds THEN they are spread over statements of at most maxBatch', async () => {
    const db = statements();
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => batcher.submit(write(`m${n}`, n)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.sent.map((s) => s.length)).toEqual([2, 2]);
    await db.answerAll();
    await db.answerAll();
    expect(db.sent.map((s) => s.length)).toEqual([2, 2, 1]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it('GIVEN a key WHEN one member clicks twice at once THEN the clicks go in different statements, one after the other, and each statement is sorted by key', async () => {
    const db = statements();
    const batcher = new StatementBatcher({ run: db.run, key: (w) => w.member, maxBatch: 10, maxInFlight: 2 });
    const all = [write('zoe', 1), write('adam', 2), write('zoe', 3), write('mia', 4), write('bo', 5)].map((w) => batcher.submit(w));
    await new Promise((resolve) => setImmediate(resolve));
    // Two statements may be out, but the second click of zoe waits for the first to finish.
    expect(db.sent).toEqual([[write('adam', 2), write('bo', 5), write('mia', 4), write('zoe', 1)]]);
    await db.answerAll();
    expect(db.sent[1]).toEqual([write('zoe', 3)]);
    await db.answerAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it("GIVEN one item the database refuses WHEN its statement fails THEN the others are stored and only that call fails, with the database's error", async () => {
    const refused = new Error('insert or update on table "daily_answers" violates foreign key constraint');
    const db = statements((items) => (items.some((w) => w.member === 'ghost') ? refused : items.map((w) => w.value * 10)));
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit(write('a', 1));
    await new Promise((resolve) => setImmediate(resolve));
    const batch = [write('b', 2), write('ghost', 3), write('c', 4), write('d', 5)].map((w) => batcher.submit(w));
    const settled = Promise.allSettled(batch);
    for (let i = 0; i < 4; i++) await db.answerAll();
    expect(await first).toBe(10);
    const outcomes = await settled;
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([20, refused.message, 40, 50]);
    // The batch, then each of its four items alone.
    expect(db.sent.map((s) => s.map((w) => w.member))).toEqual([['a'], ['b', 'ghost', 'c', 'd'], ['b'], ['ghost'], ['c'], ['d']]);
  });

  it('GIVEN the database unreachable WHEN a statement fails THEN every call in it fails at once, without trying each again', async () => {
    const lost = Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' });
    const db = statements(() => lost);
    const batcher = new StatementBatcher({ run: db.run, maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit(write('a', 1)).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    const batch = [write('b', 2), write('c', 3)].map((w) => batcher.submit(w).catch((e: unknown) => e));
    for (let i = 0; i < 3; i++) await db.answerAll();
    expect(await first).toBe(lost);
    expect(await Promise.all(batch)).toEqual([lost, lost]);
    expect(db.sent).toHaveLength(2);
  });
});
