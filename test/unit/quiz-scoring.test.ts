import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRanking, scoreDailyAnswer, streakAfter } from '../../src/quiz/scoring.js';

describe('GIVEN a daily quiz answer', () => {
  it('WHEN it is wrong THEN it scores nothing, whatever its timing or streak', () => {
    expect(scoreDailyAnswer({ correct: false, correctRank: 1, streak: 9 })).toEqual({ base: 0, speed: 0, streak: 0, total: 0 });
  });

  it.each([
    [1, 3],
    [2, 2],
    [3, 1],
    [4, 0],
  ])('WHEN it is the correct answer ranked %i THEN it gets a speed bonus of %i', (rank, bonus) => {
    expect(scoreDailyAnswer({ correct: true, correctRank: rank, streak: 1 })).toEqual({ base: 10, speed: bonus, streak: 0, total: 10 + bonus });
  });

  it.each([
    [1, 0],
    [2, 1],
    [3, 2],
    [6, 5],
    [7, 5],
    [40, 5],
  ])('WHEN it is correct with a streak of %i THEN the streak adds %i', (streak, bonus) => {
    expect(scoreDailyAnswer({ correct: true, correctRank: 10, streak }).streak).toBe(bonus);
  });

  it('WHEN it is the first correct answer with a 3-day streak THEN it scores 10 + 3 + 2 = 15', () => {
    expect(scoreDailyAnswer({ correct: true, correctRank: 1, streak: 3 })).toEqual({ base: 10, speed: 3, streak: 2, total: 15 });
  });

  it('WHEN it is a second correct answer on the same quiz day (another channel) THEN it earns no second streak bonus', () => {
    expect(scoreDailyAnswer({ correct: true, correctRank: 5, streak: 3, firstCorrectToday: false }).streak).toBe(0);
  });
});

describe('GIVEN streaks', () => {
  it('THEN they grow with each correct quiz day and reset on a wrong answer or a missed quiz day', () => {
    expect(streakAfter(true, 4)).toBe(5);
    expect(streakAfter(true, undefined)).toBe(1);
    expect(streakAfter(false, 4)).toBe(0);
  });

  it('WHEN any sequence of days is answered THEN they never exceed the bonus cap in points (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (days) => {
        let streak: number | undefined;
        for (const correct of days) {
          streak = streakAfter(correct, streak);
          const points = scoreDailyAnswer({ correct, correctRank: 1, streak });
          expect(points.total).toBe(points.base + points.speed + points.streak);
          expect(points.total).toBeLessThanOrEqual(18);
        }
      }),
    );
  });
});

describe('GIVEN entries tied on points (competition ranking)', () => {
  const rows = [
    { name: 'c', points: 20, last: 3 },
    { name: 'a', points: 30, last: 5 },
    { name: 'b', points: 20, last: 1 },
    { name: 'd', points: 10, last: 2 },
  ];
  it('THEN ties get the same rank and the next ones are skipped (1, 2, 2, 4), earlier last correct answer first', () => {
    const ranked = competitionRanking(
      rows,
      (r) => r.points,
      (x, y) => x.last - y.last,
    );
    expect(ranked.map((r) => `${r.rank} ${r.entry.name}`)).toEqual(['1 a', '2 b', '2 c', '4 d']);
  });
});
