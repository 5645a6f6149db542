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
   * True when read under the post's row lock: no other click can change the
   * podium before this one is stored, so a podium place decided here is
   * final. False for the unlocked first read. (Today's streak bonus needs no
   * lock: a unique index refuses a second one, and the click is decided again.)
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
  /** A correct click racing others for a podium place: decide again on a context read under the post's row lock. */
  | { kind: 'contested'; post: QuizPost }
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

  // Unlocked reads may be stale: a place on the podium is settled under the post's row lock.
  if (!context.underLock && correctRank !== null) return { kind: 'contested', post };
  return {
    kind: 'record',
    post,
    answer: { choice: click.choice, correct: click.correct, correctRank, streak },
    points,
    review: nextReview(context.reviewState, click.correct, click.at),
  };
}

/** The insert stored nothing though the post was open and the member had not answered: the streak bonus it claimed went to another answer first. */
export const DECIDE_AGAIN = 'decide-again';

/**
 * Why an insert that is only made while the post is open stored nothing: a
 * double click or a retried delivery got there first, or the close did, or
 * (the post still open at the click's time, no answer yet) another channel's
 * answer claimed today's streak bonus first, and the click is to be decided
 * again on what is now committed.
 */
export function unrecordedOutcome(
  existing: StoredAnswer | undefined,
  post: QuizPost | undefined,
  at: Date,
): Exclude<SettledDecision, { kind: 'record' }> | typeof DECIDE_AGAIN {
  if (!post) return { kind: 'not-found' };
  if (existing) return { kind: 'already-answered', answer: existing, post };
  return isClosed(post, at) ? { kind: 'closed', post } : DECIDE_AGAIN;
}
