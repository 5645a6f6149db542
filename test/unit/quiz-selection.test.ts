import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/content/model.js';
import { pickQuestion, questionPool, shuffledChoiceOrder } from '../../src/quiz/selection.js';
import { realCourse } from '../support/app.js';

let all: Question[];
beforeAll(async () => {
  all = (await realCourse()).chapters.flatMap((c) => c.subchapters).flatMap((s) => s.lesson?.questions ?? []);
});

describe('question pool', () => {
  it('GIVEN chapters 13-17,20 THEN only their questions are in the pool', () => {
    const pool = questionPool(all, [13, 14, 15, 16, 17, 20]);
    expect(pool.length).toBeGreaterThan(0);
    expect(new Set(pool.map((q) => q.lessonId.split('.')[0]))).toEqual(new Set(['13', '14', '15', '16', '17', '20']));
    expect(questionPool(all, null)).toHaveLength(all.length);
  });
});

describe('GIVEN a channel posting every day', () => {
  it('THEN no question repeats until the pool is exhausted, then a new cycle starts', () => {
    const pool = questionPool(all, [17]);
    const used = new Set<string>();
    const cycle = 1;
    const seen: string[] = [];
    for (let day = 0; day < pool.length; day++) {
      const pick = pickQuestion(pool, { cycle, used }, `discord:g:study:2026-01-${day}`)!;
      expect(pick.cycle).toBe(1);
      used.add(pick.question.key);
      seen.push(pick.question.key);
    }
    expect(new Set(seen).size).toBe(pool.length);
    const next = pickQuestion(pool, { cycle, used }, 'discord:g:study:2026-02-01')!;
    expect(next.cycle).toBe(2);
    expect(pool.map((q) => q.key)).toContain(next.question.key);
  });

  it('THEN the same database state and slot always give the same question (deterministic)', () => {
    const pool = questionPool(all, null);
    const a = pickQuestion(pool, { cycle: 1, used: new Set() }, 'discord:g:study:2026-11-26');
    const b = pickQuestion(pool, { cycle: 1, used: new Set() }, 'discord:g:study:2026-11-26');
    expect(a).toEqual(b);
    expect(pickQuestion([], { cycle: 1, used: new Set() }, 'x')).toBeUndefined();
  });
});

describe("GIVEN a question's choices shuffled for a post", () => {
  it('THEN their order is a permutation of the four choices, reproducible from the seed, and varies between posts', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const order = shuffledChoiceOrder(seed);
        expect([...order].sort()).toEqual([0, 1, 2, 3]);
        expect(shuffledChoiceOrder(seed)).toEqual(order);
      }),
    );
    const orders = new Set(Array.from({ length: 200 }, (_, i) => shuffledChoiceOrder(`seed-${i}`).join('')));
    expect(orders.size).toBe(24);
  });
});
