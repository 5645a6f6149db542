import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { nextReview } from '../../src/quiz/review.js';

const now = new Date('2026-11-26T09:00:00Z');
const minutes = (n: number) => n * 60_000;
const days = (n: number) => n * 24 * 60 * 60_000;
/** What the review store does with a card: JSON in a jsonb column, read back as parsed JSON. */
const stored = (state: unknown): unknown => JSON.parse(JSON.stringify(state));

describe('review cards (FSRS)', () => {
  it('GIVEN a new question answered right THEN it comes back in days; wrong THEN within minutes, as a lapse', () => {
    const right = nextReview(undefined, true, now);
    expect(right.lapsed).toBe(false);
    expect(right.due.getTime()).toBeGreaterThan(now.getTime());

    const wrong = nextReview(undefined, false, now);
    expect(wrong.lapsed).toBe(true);
    expect(wrong.due.getTime() - now.getTime()).toBeLessThanOrEqual(minutes(10));
  });

  it('GIVEN a card read back from storage THEN the next step is the one FSRS computes from the card itself', () => {
    const scheduler = fsrs();
    let live: Card = createEmptyCard(now);
    let state: unknown;
    let at = now;
    for (const correct of [true, true, false, true, true]) {
      const step = nextReview(state === undefined ? undefined : stored(state), correct, at);
      live = scheduler.next(live, at, correct ? Rating.Good : Rating.Again).card;
      expect(step.due).toEqual(live.due);
      expect(stored(step.state)).toEqual(stored(live));
      state = step.state;
      at = new Date(step.due.getTime() + days(1));
    }
    // The last answers were right: the interval has grown past a day.
    const last = stored(state) as { due: string; last_review: string };
    expect(Date.parse(last.due) - Date.parse(last.last_review)).toBeGreaterThan(days(1));
  });

  it('GIVEN a stored state that is not a card THEN the question starts afresh instead of failing the answer', () => {
    const fresh = nextReview(undefined, true, now);
    for (const broken of [null, {}, 'card', { due: 'yesterday', reps: 'many' }]) {
      expect(nextReview(broken, true, now)).toEqual(fresh);
    }
  });
});
