import { and, eq, isNull, sql } from 'drizzle-orm';
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

  async find(tenantId: string, id: number): Promise<QuizPost | undefined> {
    const [row] = await this.db
      .select()
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, tenantId), eq(quizPosts.id, id)));
    return row;
  }
}
