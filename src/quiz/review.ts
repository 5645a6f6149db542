import { createEmptyCard, fsrs, Rating, State, type Card } from 'ts-fsrs';
import { z } from 'zod';
import type { ReviewStore } from './ports.js';

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

const scheduler = fsrs();

/**
 * A card as it is stored: ts-fsrs's Card as JSON, where dates travel as ISO
 * strings. Fields a later ts-fsrs may add travel on untouched.
 */
const storedCard = z.looseObject({
  due: z.string().transform((iso) => new Date(iso)),
  stability: z.number(),
  difficulty: z.number(),
  elapsed_days: z.number(),
  scheduled_days: z.number(),
  learning_steps: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(State),
  last_review: z
    .string()
    .nullish()
    .transform((iso) => (iso ? new Date(iso) : undefined)),
});

/** The stored card, or undefined when there is none or it is not a card (then the question starts afresh). */
function revive(state: unknown): Card | undefined {
  const parsed = storedCard.safeParse(state);
  return parsed.success ? parsed.data : undefined;
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
  const card = revive(storedState) ?? createEmptyCard<Card>(now);
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
