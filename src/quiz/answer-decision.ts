import type { StoredAnswer } from './answer-outcome.js';
import type { QuizPost } from './model.js';
import { nextReview, type ReviewStep } from './review.js';
import { PODIUM_SIZE, scoreDailyAnswer, streakAfter, type Points } from './scoring.js';

/**
 * What a click on a daily post earns, decided in one place from what the
 * repository read: the outcome, the points with their parts, the streak and
 * the review card. The repository only loads this context and stores the
 * decision, so every rule here is tested without a database.
 */
export interface AnswerContext {
  /** The post, read for the click's tenant (undefined: no such post there). */
  post: QuizPost | undefined;
  /** The member's earlier answer to this post, if any. */
  existing: StoredAnswer | null;
  /** Correct answers to the post so far. Only whether the podium is full matters, so a count capped at PODIUM_SIZE will do. */
  correctSoFar: number;
  /** The streak a correct answer on this same quiz day (another channel's post) already set; null when there is none. */
  sameDayStreak: number | null;
  /** The member's streak on the tenant's previous quiz day; null when they did not answer it. */
  previousDayStreak: number | null;
  /** The member's review card for the post's question, as stored (null: a new card). */
  reviewState: unknown;
  /**
   * True when read under the post's row lock (and the member's quiz-day lock
   * when today's streak bonus is in sight): no other click can change the
   * podium or the streak bonus before this one is stored, so the decision is
   * final. False for the unlocked first read.
   */
  underLock: boolean;
}

export interface AnswerClick {
  /** Index into the question's original choices. */
  choice: number;
  correct: boolean;
  at: Date;
}

export type AnswerDecision =
  | { kind: 'not-found' }
  | { kind: 'already-answered'; answer: StoredAnswer; post: QuizPost }
  | { kind: 'closed'; post: QuizPost }
  /**
   * A correct click racing others for a podium place or for today's streak
   * bonus: decide again on a context read under the post's row lock, and
   * first under the member's quiz-day lock when `streakBonusInSight`.
   */
  | { kind: 'contested'; post: QuizPost; streakBonusInSight: boolean }
  | { kind: 'record'; post: QuizPost; answer: Omit<StoredAnswer, 'points'>; points: Points; review: ReviewStep };

/** What a context read under the locks leads to: never contested again. */
export type SettledDecision = Exclude<AnswerDecision, { kind: 'contested' }>;

/** A post takes answers until its window closes or its reveal is claimed, whichever comes first. */
export const isClosed = (post: QuizPost, at: Date): boolean => at.getTime() >= post.closesAt.getTime() || post.revealedAt !== null;

/** The place on the podium of a correct answer after `correctSoFar` others; null once the podium is full. */
export const podiumPlace = (correctSoFar: number): number | null => (correctSoFar < PODIUM_SIZE ? correctSoFar + 1 : null);

/**
 * The streak an answer stores: a wrong answer ends it; a correct one continues
 * the previous quiz day's, unless a correct answer on the same quiz day
 * (another channel) already counted today, whose streak it keeps.
 */
export function streakToday(correct: boolean, sameDayStreak: number | null, previousDayStreak: number | null): number {
  if (!correct) return 0;
  return sameDayStreak ?? streakAfter(true, previousDayStreak ?? undefined);
}

export function decideAnswer(context: AnswerContext & { underLock: true }, click: AnswerClick): SettledDecision;
export function decideAnswer(context: AnswerContext, click: AnswerClick): AnswerDecision;
export function decideAnswer(context: AnswerContext, click: AnswerClick): AnswerDecision {
  const { post } = context;
  if (!post) return { kind: 'not-found' };
  // A double click or a retried delivery finds the first answer, even after the close.
  if (context.existing) return { kind: 'already-answered', answer: context.existing, post };
  if (isClosed(post, click.at)) return { kind: 'closed', post };

  const streak = streakToday(click.correct, context.sameDayStreak, context.previousDayStreak);
  // Today's streak bonus is paid once, whichever channel's post is answered right first.
  const firstCorrectToday = context.sameDayStreak === null;
  const correctRank = click.correct ? podiumPlace(context.correctSoFar) : null;
  const points = scoreDailyAnswer({ correct: click.correct, correctRank: correctRank ?? undefined, streak, firstCorrectToday });

  if (!context.underLock && click.correct) {
    const streakBonusInSight = firstCorrectToday && points.streak > 0;
    // Unlocked reads may be stale: a place on the podium, or a bonus another channel's click could take, is settled under locks.
    if (correctRank !== null || streakBonusInSight) return { kind: 'contested', post, streakBonusInSight };
  }
  return {
    kind: 'record',
    post,
    answer: { choice: click.choice, correct: click.correct, correctRank, streak },
    points,
    review: nextReview(context.reviewState, click.correct, click.at),
  };
}

/**
 * Why an insert that is only made while the post is open stored nothing: a
 * double click or a retried delivery got there first, or the close did.
 */
export function unrecordedOutcome(existing: StoredAnswer | undefined, post: QuizPost | undefined): Exclude<SettledDecision, { kind: 'record' }> {
  if (!post) return { kind: 'not-found' };
  return existing ? { kind: 'already-answered', answer: existing, post } : { kind: 'closed', post };
}
