import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECIDE_AGAIN, decideAnswer, unrecordedOutcome, type AnswerClick, type AnswerContext, type AnswerDecision } from '../../src/quiz/answer-decision.js';
import type { StoredAnswer } from '../../src/quiz/answer-outcome.js';
import type { QuizPost } from '../../src/quiz/model.js';

const post: QuizPost = {
  id: 7,
  tenantId: 'discord:guild-1',
  channelId: 'study',
  localDate: '2026-11-26',
  questionKey: '17.3:q-1',
  choiceOrder: [2, 0, 3, 1],
  cycle: 1,
  opensAt: new Date('2026-11-26T09:00:00Z'),
  closesAt: new Date('2026-11-26T21:00:00Z'),
  messageId: 'm-1',
  postedAt: new Date('2026-11-26T09:00:01Z'),
  deliveryAttemptAt: null,
  revealedAt: null,
};

/** A first answer to an open post by a member with no history: nothing on the podium yet. */
const fresh: AnswerContext = { post, existing: null, correctSoFar: 0, sameDayStreak: null, previousDayStreak: null, reviewState: null, underLock: true };
const rightAt = (time: string): AnswerClick => ({ choice: 2, correct: true, at: new Date(`2026-11-26T${time}:00Z`) });
const right = rightAt('10:00');
const wrong: AnswerClick = { choice: 1, correct: false, at: new Date('2026-11-26T10:00:00Z') };

function recorded(decision: AnswerDecision) {
  if (decision.kind !== 'record') throw new Error(`expected a recorded answer, got ${decision.kind}`);
  return decision;
}

describe('GIVEN a click on a daily post', () => {
  it('WHEN the post is not in the tenant (a stale or forged button) THEN it is not found', () => {
    expect(decideAnswer({ ...fresh, post: undefined }, right)).toEqual({ kind: 'not-found' });
  });

  it('WHEN the member already answered THEN they get their first answer back, even once the window has closed', () => {
    const existing: StoredAnswer = { choice: 0, correct: false, correctRank: null, streak: 0, points: 0 };
    expect(decideAnswer({ ...fresh, existing }, right)).toEqual({ kind: 'already-answered', answer: existing, post });
    expect(decideAnswer({ ...fresh, existing }, rightAt('21:30'))).toEqual({ kind: 'already-answered', answer: existing, post });
  });

  it('WHEN it comes at or after the close, or after the reveal was claimed, THEN it is closed and earns nothing', () => {
    expect(decideAnswer(fresh, rightAt('21:00'))).toEqual({ kind: 'closed', post });
    expect(decideAnswer(fresh, rightAt('23:59'))).toEqual({ kind: 'closed', post });
    const revealed = { ...post, revealedAt: new Date('2026-11-26T10:30:00Z') };
    expect(decideAnswer({ ...fresh, post: revealed }, rightAt('20:59'))).toEqual({ kind: 'closed', post: revealed });
    expect(recorded(decideAnswer(fresh, rightAt('20:59'))).points.total).toBe(13);
  });

  it('WHEN the answer is wrong THEN it scores nothing, takes no podium place and ends the streak, even with the podium open and a streak behind it', () => {
    const decision = recorded(decideAnswer({ ...fresh, previousDayStreak: 4, underLock: false }, wrong));
    expect(decision.answer).toEqual({ choice: 1, correct: false, correctRank: null, streak: 0 });
    expect(decision.points).toEqual({ base: 0, speed: 0, streak: 0, total: 0 });
  });

  it('WHEN the answer is wrong THEN the question comes back to the review deck within minutes, counted as a lapse; a right one later', () => {
    const wrongStep = recorded(decideAnswer(fresh, wrong)).review;
    const rightStep = recorded(decideAnswer(fresh, right)).review;
    expect(wrongStep.lapsed).toBe(true);
    expect(wrongStep.due.getTime() - wrong.at.getTime()).toBeLessThanOrEqual(10 * 60_000);
    expect(rightStep.lapsed).toBe(false);
    expect(rightStep.due.getTime()).toBeGreaterThan(wrongStep.due.getTime());
  });

  it('WHEN a stored card is answered right again THEN the review step continues it: it is due later than a new one', () => {
    const first = recorded(decideAnswer(fresh, right)).review;
    const later: AnswerClick = { ...right, at: first.due };
    const again = recorded(decideAnswer({ ...fresh, reviewState: JSON.parse(JSON.stringify(first.state)) }, later)).review;
    expect(again.due.getTime() - later.at.getTime()).toBeGreaterThan(first.due.getTime() - right.at.getTime());
  });
});

describe('GIVEN the race for the podium (read under the post lock)', () => {
  it.each([
    [0, 1, 3, 13],
    [1, 2, 2, 12],
    [2, 3, 1, 11],
    [3, null, 0, 10],
    [40, null, 0, 10],
  ])('WHEN a correct answer comes after %i correct answers THEN it is ranked %s: +%i, %i points', (correctSoFar, rank, speed, total) => {
    const decision = recorded(decideAnswer({ ...fresh, correctSoFar }, right));
    expect(decision.answer.correctRank).toBe(rank);
    expect(decision.points).toEqual({ base: 10, speed, streak: 0, total });
  });

  it('WHEN an unlocked read finds the podium open THEN it is contested: the place is only given under the lock', () => {
    expect(decideAnswer({ ...fresh, correctSoFar: 2, underLock: false }, right)).toEqual({ kind: 'contested', post });
  });

  it('WHEN an unlocked read finds the podium full and no streak bonus in sight THEN it is recorded at once, with no place', () => {
    const decision = recorded(decideAnswer({ ...fresh, correctSoFar: 3, underLock: false }, right));
    expect(decision.answer.correctRank).toBeNull();
    expect(decision.points.total).toBe(10);
  });
});

describe('GIVEN streaks (consecutive quiz days answered right)', () => {
  it('WHEN an answer is correct THEN it continues the previous quiz day’s streak and adds min(n − 1, 5)', () => {
    const third = recorded(decideAnswer({ ...fresh, correctSoFar: 3, previousDayStreak: 2 }, right));
    expect(third.answer.streak).toBe(3);
    expect(third.points).toEqual({ base: 10, speed: 0, streak: 2, total: 12 });
    expect(recorded(decideAnswer({ ...fresh, correctSoFar: 3, previousDayStreak: 9 }, right)).points.streak).toBe(5);
  });

  it('WHEN the previous quiz day was missed (or answered wrong) THEN the streak breaks: it starts again at 1, with no bonus', () => {
    for (const previousDayStreak of [null, 0]) {
      const decision = recorded(decideAnswer({ ...fresh, correctSoFar: 3, previousDayStreak }, right));
      expect(decision.answer.streak).toBe(1);
      expect(decision.points.streak).toBe(0);
    }
  });

  it('WHEN the first correct answer of the day has a bonus in sight and the podium is full THEN it is recorded at once with the bonus: the unique index, not a lock, keeps it once a day', () => {
    const decision = recorded(decideAnswer({ ...fresh, correctSoFar: 3, previousDayStreak: 2, underLock: false }, right));
    expect(decision.answer).toMatchObject({ correctRank: null, streak: 3 });
    expect(decision.points).toEqual({ base: 10, speed: 0, streak: 2, total: 12 });
    expect(decideAnswer({ ...fresh, correctSoFar: 0, previousDayStreak: 2, underLock: false }, right)).toEqual({ kind: 'contested', post });
  });

  it("WHEN a correct answer comes in a second channel THEN the bonus is paid once a day: it keeps the day's streak and earns no second bonus", () => {
    const secondChannel = { ...fresh, correctSoFar: 3, sameDayStreak: 3, previousDayStreak: 2 };
    expect(decideAnswer({ ...secondChannel, underLock: false }, right).kind).toBe('record');
    const decision = recorded(decideAnswer(secondChannel, right));
    expect(decision.answer.streak).toBe(3);
    expect(decision.points).toEqual({ base: 10, speed: 0, streak: 0, total: 10 });
  });

  it('WHEN a correct answer in a second channel is the first on its post THEN it still gets its own podium place: only the streak bonus is once a day', () => {
    const decision = recorded(decideAnswer({ ...fresh, correctSoFar: 0, sameDayStreak: 3, previousDayStreak: 2 }, right));
    expect(decision.answer).toMatchObject({ correctRank: 1, streak: 3 });
    expect(decision.points).toEqual({ base: 10, speed: 3, streak: 0, total: 13 });
  });

  it('WHEN a wrong answer comes in a second channel THEN it stores a streak of 0 and takes nothing from the day', () => {
    const decision = recorded(decideAnswer({ ...fresh, sameDayStreak: 3, previousDayStreak: 2 }, wrong));
    expect(decision.answer.streak).toBe(0);
    expect(decision.points.total).toBe(0);
  });
});

describe('GIVEN an insert made only while the post is open that stored nothing', () => {
  const existing: StoredAnswer = { choice: 2, correct: true, correctRank: 1, streak: 1, points: 13 };
  const beforeClose = new Date(post.closesAt.getTime() - 1);
  it('WHEN a double click got there first THEN it is already answered, even after the close', () => {
    expect(unrecordedOutcome(existing, post, beforeClose)).toEqual({ kind: 'already-answered', answer: existing, post });
    expect(unrecordedOutcome(existing, post, post.closesAt)).toEqual({ kind: 'already-answered', answer: existing, post });
  });
  it('WHEN the close got there first THEN it is closed', () => {
    expect(unrecordedOutcome(undefined, post, post.closesAt)).toEqual({ kind: 'closed', post });
    expect(unrecordedOutcome(undefined, { ...post, revealedAt: beforeClose }, beforeClose)).toEqual({
      kind: 'closed',
      post: { ...post, revealedAt: beforeClose },
    });
  });
  it("WHEN the post was open and the member had not answered THEN another answer took today's streak bonus first: the click is decided again", () => {
    expect(unrecordedOutcome(undefined, post, beforeClose)).toBe(DECIDE_AGAIN);
  });
  it('WHEN the post is not in the tenant THEN it is not found', () => {
    expect(unrecordedOutcome(undefined, undefined, beforeClose)).toEqual({ kind: 'not-found' });
  });
});

describe('GIVEN any podium and streak read and any click (property-based)', () => {
  const contexts = fc.record({
    correctSoFar: fc.nat({ max: 6 }),
    sameDayStreak: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
    previousDayStreak: fc.option(fc.nat({ max: 12 }), { nil: null }),
  });

  it('WHEN read under the lock THEN a click is never contested, and its points are the sum of their parts, at most 10 + 3 + 5', () => {
    fc.assert(
      fc.property(contexts, fc.boolean(), (read, correct) => {
        const decision = recorded(decideAnswer({ ...fresh, ...read }, correct ? right : wrong));
        const { base, speed, streak, total } = decision.points;
        expect(total).toBe(base + speed + streak);
        expect(total).toBeLessThanOrEqual(18);
        expect(decision.answer.correctRank === null).toBe(!correct || read.correctSoFar >= 3);
      }),
    );
  });

  it('WHEN read without the lock THEN it decides the same as a locked read when nothing changed, and is contested exactly when a podium place is at stake', () => {
    fc.assert(
      fc.property(contexts, fc.boolean(), (read, correct) => {
        const click = correct ? right : wrong;
        const locked = recorded(decideAnswer({ ...fresh, ...read }, click));
        const unlocked = decideAnswer({ ...fresh, ...read, underLock: false }, click);
        if (unlocked.kind === 'contested') {
          expect(locked.points.speed).toBeGreaterThan(0);
        } else {
          expect(unlocked).toEqual(locked);
          expect(locked.points.speed).toBe(0);
        }
      }),
    );
  });
});
