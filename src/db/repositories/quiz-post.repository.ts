import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { platformOf } from '../../quiz/publishers.js';
import { revealPayload, type ClaimedReveal, type QuizChannel, type QuizPost, type RevealFacts } from '../../quiz/model.js';
import type { Database } from '../client.js';
import { quizChannels, quizDeliveries, quizPosts } from '../schema.js';
import { DailyAnswerRepository } from './daily-answer.repository.js';
import type { QuizStore } from '../../quiz/ports.js';

export type NewQuizPost = Omit<typeof quizPosts.$inferInsert, 'id' | 'messageId' | 'postedAt' | 'revealedAt'>;

/**
 * Posts are claimed before they are sent: the unique (tenant, channel, local
 * date) row lets exactly one replica win a slot, and `revealed_at` is claimed
 * the same way, so nothing is posted or revealed twice. What a claim calls
 * for on the platform is queued in the outbox in the same transaction (see
 * quiz-delivery.repository.ts).
 */
export class QuizPostRepository implements QuizStore {
  constructor(private readonly db: Database) {}

  async upsertChannel(channel: typeof quizChannels.$inferInsert): Promise<QuizChannel> {
    const [row] = await this.db
      .insert(quizChannels)
      .values(channel)
      .onConflictDoUpdate({
        target: [quizChannels.tenantId, quizChannels.channelId],
        set: { ...channel, updatedAt: sql`now()` },
      })
      .returning();
    return row!;
  }

  /**
   * The post row if this caller won the slot (undefined if another replica, or
   * an earlier run, has it), with its delivery queued in the same transaction:
   * a claimed post is never left without someone to send it.
   */
  async claimSlot(post: NewQuizPost): Promise<QuizPost | undefined> {
    return this.db.transaction(async (tx) => {
      // The previous release redelivers posts whose delivery_attempt_at is over a minute old:
      // the close keeps it away from posts the outbox owns during a rolling deploy.
      const [row] = await tx
        .insert(quizPosts)
        .values({ ...post, deliveryAttemptAt: post.closesAt })
        .onConflictDoNothing()
        .returning();
      // Due from the moment it opens, by the engine's clock (not the database's: tests run on a fake one).
      if (row)
        await tx
          .insert(quizDeliveries)
          .values({ tenantId: row.tenantId, platform: platformOf(row.tenantId), postId: row.id, kind: 'post', nextAttemptAt: row.opensAt });
      return row;
    });
  }

  /**
   * Claims the reveal, for exactly one caller per post, and freezes what it
   * shows: the tally and the podium are read in the claiming transaction,
   * after the row update has waited for every answer still being recorded
   * (answers share the post row), and no answer can be added after it. The
   * edit that closes the post and the reveal message are queued in the same
   * transaction. Not while the post itself is being sent: its message id
   * decides whether the reveal edits and replies, or posts on its own.
   */
  async claimReveal(id: number, at: Date): Promise<ClaimedReveal | undefined> {
    return this.db.transaction(async (tx) => {
      const [delivery] = await tx
        .select({ id: quizDeliveries.id, claimedUntil: quizDeliveries.claimedUntil })
        .from(quizDeliveries)
        .where(and(eq(quizDeliveries.postId, id), eq(quizDeliveries.kind, 'post'), isNull(quizDeliveries.finishedAt)))
        .for('update');
      if (delivery?.claimedUntil && delivery.claimedUntil.getTime() > at.getTime()) return undefined;
      const [post] = await tx
        .update(quizPosts)
        .set({ revealedAt: at })
        .where(and(eq(quizPosts.id, id), isNull(quizPosts.revealedAt)))
        .returning();
      if (!post) return undefined;
      // drizzle's PgTransaction extends PgDatabase: a transaction is a Database, and the reads join it.
      const answers = new DailyAnswerRepository(tx);
      const [tally, firstCorrect] = [await answers.tally(post.tenantId, post.id), await answers.firstCorrect(post.tenantId, post.id, 3)];
      const facts: RevealFacts = { tally, firstCorrect: firstCorrect.map((w) => ({ displayName: w.displayName })) };
      if (delivery) {
        await tx
          .update(quizDeliveries)
          .set({ finishedAt: at, outcome: 'abandoned', claimedUntil: null, lastError: 'the window closed before the post was delivered' })
          .where(eq(quizDeliveries.id, delivery.id));
      }
      const platform = platformOf(post.tenantId);
      await tx
        .insert(quizDeliveries)
        .values([
          ...(post.messageId ? [{ tenantId: post.tenantId, platform, postId: post.id, kind: 'close' as const, nextAttemptAt: at }] : []),
          { tenantId: post.tenantId, platform, postId: post.id, kind: 'reveal' as const, payload: revealPayload(facts), nextAttemptAt: at },
        ]);
      return { post, facts };
    });
  }

  async channel(tenantId: string, channelId: string): Promise<QuizChannel | undefined> {
    const [row] = await this.db
      .select()
      .from(quizChannels)
      .where(and(eq(quizChannels.tenantId, tenantId), eq(quizChannels.channelId, channelId)));
    return row;
  }

  async channels(tenantId: string): Promise<QuizChannel[]> {
    return this.db.select().from(quizChannels).where(eq(quizChannels.tenantId, tenantId)).orderBy(asc(quizChannels.channelId));
  }

  /** Every enabled channel of every tenant: what the scheduler runs. */
  async enabledChannels(): Promise<QuizChannel[]> {
    return this.db.select().from(quizChannels).where(eq(quizChannels.enabled, true));
  }

  /** The channel's current pass through its pool and the questions already used in it. */
  async cycleState(tenantId: string, channelId: string): Promise<{ cycle: number; used: Set<string> }> {
    const [latest] = await this.db
      .select({ cycle: quizPosts.cycle })
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, tenantId), eq(quizPosts.channelId, channelId)))
      .orderBy(desc(quizPosts.cycle))
      .limit(1);
    const cycle = latest?.cycle ?? 1;
    const rows = await this.db
      .select({ key: quizPosts.questionKey })
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, tenantId), eq(quizPosts.channelId, channelId), eq(quizPosts.cycle, cycle)));
    return { cycle, used: new Set(rows.map((r) => r.key)) };
  }

  async postForDate(tenantId: string, channelId: string, localDate: string): Promise<QuizPost | undefined> {
    const [row] = await this.db
      .select()
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, tenantId), eq(quizPosts.channelId, channelId), eq(quizPosts.localDate, localDate)));
    return row;
  }

  /** Posts whose window has closed but that were not revealed yet (also after downtime). */
  async postsToReveal(now: Date): Promise<QuizPost[]> {
    return this.db
      .select()
      .from(quizPosts)
      .where(and(isNull(quizPosts.revealedAt), lte(quizPosts.closesAt, now)))
      .orderBy(asc(quizPosts.closesAt));
  }

  async find(tenantId: string, id: number): Promise<QuizPost | undefined> {
    const [row] = await this.db
      .select()
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, tenantId), eq(quizPosts.id, id)));
    return row;
  }
}
