import { and, asc, desc, eq, gt, isNull, like, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { quizChannels, quizPosts } from '../schema.js';

export type QuizPost = typeof quizPosts.$inferSelect;
export type QuizChannel = typeof quizChannels.$inferSelect;
export type NewQuizPost = Omit<typeof quizPosts.$inferInsert, 'id' | 'messageId' | 'postedAt' | 'revealedAt'>;


/**
 * Posts are claimed before they are sent: the unique (tenant, channel, local
 * date) row lets exactly one replica win a slot, and `revealed_at` is claimed
 * the same way, so nothing is posted or revealed twice.
 */
export class QuizPostRepository {
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

  /** The post row if this caller won the slot; undefined if another replica (or run) already has it. */
  async claimSlot(post: NewQuizPost): Promise<QuizPost | undefined> {
    const [row] = await this.db.insert(quizPosts).values(post).onConflictDoNothing().returning();
    return row;
  }

  async claimRedeliveries(now: Date, retryAfterMs: number, platforms: readonly string[]): Promise<QuizPost[]> {
    if (!platforms.length) return [];
    return this.db
      .update(quizPosts)
      .set({ deliveryAttemptAt: now })
      .where(
        and(
          isNull(quizPosts.postedAt),
          isNull(quizPosts.revealedAt),
          gt(quizPosts.closesAt, now),
          lt(quizPosts.deliveryAttemptAt, new Date(now.getTime() - retryAfterMs)),
          or(...platforms.map((p) => like(quizPosts.tenantId, `${p}:%`))),
        ),
      )
      .returning();
  }

  async markPosted(id: number, messageId: string, at: Date): Promise<void> {
    await this.db.update(quizPosts).set({ messageId, postedAt: at }).where(eq(quizPosts.id, id));
  }

  /** True for exactly one caller per post. */
  async claimReveal(id: number, at: Date): Promise<QuizPost | undefined> {
    const [row] = await this.db
      .update(quizPosts)
      .set({ revealedAt: at })
      .where(and(eq(quizPosts.id, id), isNull(quizPosts.revealedAt)))
      .returning();
    return row;
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
