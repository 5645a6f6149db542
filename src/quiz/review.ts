import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';

/**
 * Spaced repetition with FSRS: every answered question (daily, practice or
 * review) goes into the user's deck. A wrong answer brings it back within
 * minutes, a right one after a growing interval.
 */
export interface ReviewCard {
  questionKey: string;
  due: Date;
  state: unknown;
}

export interface ReviewStore {
  card(tenantId: string, userId: string, questionKey: string): Promise<ReviewCard | undefined>;
  save(tenantId: string, userId: string, questionKey: string, due: Date, state: unknown, lapsed: boolean): Promise<void>;
  /** The most overdue card, and how many are due. */
  due(tenantId: string, userId: string, now: Date): Promise<{ next?: ReviewCard; count: number }>;
  /** When the next card becomes due, if the deck has any. */
  upcoming(tenantId: string, userId: string): Promise<Date | undefined>;
}

const scheduler = fsrs();

/** Cards are stored as JSON: dates travel as ISO strings and come back as Dates. */
function revive(state: unknown): Card {
  const raw = state as Record<string, unknown>;
  return { ...(raw as unknown as Card), due: new Date(raw.due as string), last_review: raw.last_review ? new Date(raw.last_review as string) : undefined };
}

/** A card after one more answer: stored as is by the review store. */
export interface ReviewStep {
  due: Date;
  state: unknown;
  /** A wrong answer: counts as a lapse. */
  lapsed: boolean;
}

/** The FSRS step for one answer, from the card's stored state (undefined: a new card). */
export function nextReview(storedState: unknown, correct: boolean, now: Date): ReviewStep {
  const card = storedState ? revive(storedState) : createEmptyCard(now);
  const next = scheduler.next(card, now, correct ? Rating.Good : Rating.Again).card;
  return { due: next.due, state: next, lapsed: !correct };
}

export class Reviews {
  constructor(private readonly store: ReviewStore) {}

  async record(tenantId: string, userId: string, questionKey: string, correct: boolean, now: Date): Promise<Date> {
    const existing = await this.store.card(tenantId, userId, questionKey);
    const step = nextReview(existing?.state, correct, now);
    await this.store.save(tenantId, userId, questionKey, step.due, step.state, step.lapsed);
    return step.due;
  }

  due(tenantId: string, userId: string, now: Date) {
    return this.store.due(tenantId, userId, now);
  }

  upcoming(tenantId: string, userId: string) {
    return this.store.upcoming(tenantId, userId);
  }
}
