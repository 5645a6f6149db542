import { and, asc, count, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Delivery } from '../../quiz/model.js';
import type { DeliveryStore } from '../../quiz/ports.js';
import type { Database } from '../client.js';
import { planPosts, quizDeliveries, quizPosts } from '../schema.js';

const DELIVERY_COLUMNS = {
  id: quizDeliveries.id,
  tenantId: quizDeliveries.tenantId,
  platform: quizDeliveries.platform,
  postId: quizDeliveries.postId,
  planPostId: quizDeliveries.planPostId,
  kind: quizDeliveries.kind,
  payload: quizDeliveries.payload,
  attempts: quizDeliveries.attempts,
  createdAt: quizDeliveries.createdAt,
};

/**
 * The outbox's storage (see schema.ts, `quiz_deliveries`). Replicas take
 * jobs one at a time with `FOR UPDATE SKIP LOCKED`, so they never wait on
 * each other and never take the same job; the claim itself lasts `leaseMs`,
 * after which a job whose replica died is free again.
 */
export class QuizDeliveryRepository implements DeliveryStore {
  constructor(private readonly db: Database) {}

  async claimNext(platform: string, now: Date, leaseMs: number): Promise<Delivery | undefined> {
    const due = this.db
      .select({ id: quizDeliveries.id })
      .from(quizDeliveries)
      .where(
        and(
          eq(quizDeliveries.platform, platform),
          isNull(quizDeliveries.finishedAt),
          lte(quizDeliveries.nextAttemptAt, now),
          or(isNull(quizDeliveries.claimedUntil), lte(quizDeliveries.claimedUntil, now)),
        ),
      )
      .orderBy(asc(quizDeliveries.nextAttemptAt), asc(quizDeliveries.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await this.db
      .update(quizDeliveries)
      .set({ claimedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${quizDeliveries.attempts} + 1` })
      .where(eq(quizDeliveries.id, sql`(${due})`))
      .returning(DELIVERY_COLUMNS);
    return row;
  }

  async sent(delivery: Delivery, at: Date, messageId?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(quizDeliveries).set({ finishedAt: at, outcome: 'sent', claimedUntil: null, lastError: null }).where(eq(quizDeliveries.id, delivery.id));
      if (messageId === undefined) return;
      if (delivery.kind === 'lesson' && delivery.planPostId !== null) {
        await tx.update(planPosts).set({ messageId, postedAt: at }).where(eq(planPosts.id, delivery.planPostId));
        return;
      }
      if (delivery.kind !== 'post' || delivery.postId === null) return;
      const [post] = await tx
        .update(quizPosts)
        .set({ messageId, postedAt: at })
        .where(eq(quizPosts.id, delivery.postId))
        .returning({ revealedAt: quizPosts.revealedAt });
      // Sent after all, although the reveal gave up on it (a send slower than its claim):
      // close it too, so no live buttons stay under a revealed question.
      if (post?.revealedAt) {
        await tx
          .insert(quizDeliveries)
          .values({ tenantId: delivery.tenantId, platform: delivery.platform, postId: delivery.postId, kind: 'close', nextAttemptAt: at })
          .onConflictDoNothing();
      }
    });
  }

  async retryLater(delivery: Delivery, at: Date, error: string): Promise<void> {
    await this.db
      .update(quizDeliveries)
      .set({ nextAttemptAt: at, claimedUntil: null, lastError: error.slice(0, 1000) })
      .where(and(eq(quizDeliveries.id, delivery.id), isNull(quizDeliveries.finishedAt)));
  }

  async abandon(delivery: Delivery, at: Date, reason: string): Promise<void> {
    await this.db
      .update(quizDeliveries)
      .set({ finishedAt: at, outcome: 'abandoned', claimedUntil: null, lastError: reason.slice(0, 1000) })
      .where(and(eq(quizDeliveries.id, delivery.id), isNull(quizDeliveries.finishedAt)));
  }

  async pending(platform: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(quizDeliveries)
      .where(and(eq(quizDeliveries.platform, platform), isNull(quizDeliveries.finishedAt)));
    return Number(row?.n ?? 0);
  }
}
