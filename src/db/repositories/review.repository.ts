import { and, asc, count, eq, lte, min, sql } from 'drizzle-orm';
import type { ReviewStore } from '../../quiz/ports.js';
import type { ReviewCard } from '../../quiz/review.js';
import type { Database } from '../client.js';
import { reviewCards } from '../schema.js';

/**
 * Saving a card that exists: the new schedule, one more review, and a lapse
 * when it was answered wrong. Shared with the daily answer, which writes its
 * card in the same statement as the answer (daily-answer.repository.ts).
 */
export const ON_CARD_CONFLICT = sql`
  on conflict (tenant_id, user_id, question_key) do update set
    due = excluded.due, state = excluded.state, reviews = review_cards.reviews + 1,
    lapses = review_cards.lapses + excluded.lapses, updated_at = now()`;

export class ReviewRepository implements ReviewStore {
  constructor(private readonly db: Database) {}

  private mine(tenantId: string, userId: string) {
    return and(eq(reviewCards.tenantId, tenantId), eq(reviewCards.userId, userId));
  }

  async card(tenantId: string, userId: string, questionKey: string): Promise<ReviewCard | undefined> {
    const [row] = await this.db
      .select({ questionKey: reviewCards.questionKey, due: reviewCards.due, state: reviewCards.state })
      .from(reviewCards)
      .where(and(this.mine(tenantId, userId), eq(reviewCards.questionKey, questionKey)));
    return row;
  }

  async save(tenantId: string, userId: string, questionKey: string, due: Date, state: unknown, lapsed: boolean): Promise<void> {
    await this.db.execute(sql`
      insert into review_cards (tenant_id, user_id, question_key, due, state, reviews, lapses)
      values (${tenantId}, ${userId}, ${questionKey}, ${due.toISOString()}::timestamptz, ${JSON.stringify(state)}::jsonb, 1, ${lapsed ? 1 : 0})
      ${ON_CARD_CONFLICT}`);
  }

  async due(tenantId: string, userId: string, now: Date): Promise<{ next?: ReviewCard; count: number }> {
    const where = and(this.mine(tenantId, userId), lte(reviewCards.due, now));
    const [[next], [total]] = await Promise.all([
      this.db
        .select({ questionKey: reviewCards.questionKey, due: reviewCards.due, state: reviewCards.state })
        .from(reviewCards)
        .where(where)
        .orderBy(asc(reviewCards.due))
        .limit(1),
      this.db.select({ n: count() }).from(reviewCards).where(where),
    ]);
    return { next, count: total?.n ?? 0 };
  }

  async upcoming(tenantId: string, userId: string): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ due: min(reviewCards.due) })
      .from(reviewCards)
      .where(this.mine(tenantId, userId));
    return row?.due ?? undefined;
  }
}
