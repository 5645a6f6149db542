import { and, asc, count, eq, isNotNull, lt, max, sql } from 'drizzle-orm';
import { scoreDailyAnswer, streakAfter } from '../../quiz/scoring.js';
import type { Database } from '../client.js';
import { dailyAnswers, quizPosts, users } from '../schema.js';
import type { AnswerOutcome } from '../../quiz/answer-outcome.js';
import type { QuizPost } from '../../quiz/model.js';

export type { AnswerOutcome };

export type DailyAnswer = typeof dailyAnswers.$inferSelect;

export interface AnswerInput {
  tenantId: string;
  postId: number;
  userId: string;
  /** Index into the question's original choices. */
  choice: number;
  correct: boolean;
  at: Date;
}

/**
 * Records daily answers exactly once. The post row is locked for the length of
 * the transaction, so concurrent clicks on one post take turns: ranks (first,
 * second, third correct) are exact, and a double click or a retried delivery
 * finds the first answer instead of making a second. Inserting the answer
 * also adds it to the leaderboards (`board_totals`) in the same transaction:
 * the database trigger `board_totals_add` does it, see schema.ts.
 */
export class DailyAnswerRepository {
  constructor(private readonly db: Database) {}

  async record(input: AnswerInput): Promise<AnswerOutcome> {
    return this.db.transaction(async (tx) => {
      const [post] = await tx
        .select()
        .from(quizPosts)
        .where(and(eq(quizPosts.id, input.postId), eq(quizPosts.tenantId, input.tenantId)))
        .for('update');
      if (!post) return { kind: 'not-found' } as const;
      const [existing] = await tx
        .select()
        .from(dailyAnswers)
        .where(and(eq(dailyAnswers.postId, post.id), eq(dailyAnswers.userId, input.userId)));
      if (existing) return { kind: 'already-answered', answer: existing, post } as const;
      if (input.at.getTime() >= post.closesAt.getTime() || post.revealedAt) return { kind: 'closed', post } as const;

      const [{ correctSoFar }] = (await tx
        .select({ correctSoFar: count() })
        .from(dailyAnswers)
        .where(and(eq(dailyAnswers.postId, post.id), eq(dailyAnswers.correct, true)))) as [{ correctSoFar: number }];
      const streakState = await this.streakBefore(tx as unknown as Database, post, input.userId);
      const streak = streakState.sameDayStreak ?? streakAfter(input.correct, streakState.previousQuizDay);
      const correctRank = input.correct ? correctSoFar + 1 : null;
      const points = scoreDailyAnswer({
        correct: input.correct,
        correctRank: correctRank ?? undefined,
        streak: input.correct ? streak : 0,
        firstCorrectToday: streakState.sameDayStreak === undefined,
      });
      const [answer] = await tx
        .insert(dailyAnswers)
        .values({
          tenantId: post.tenantId,
          postId: post.id,
          userId: input.userId,
          choice: input.choice,
          correct: input.correct,
          correctRank,
          streak: input.correct ? streak : 0,
          pointsBase: points.base,
          pointsSpeed: points.speed,
          pointsStreak: points.streak,
          points: points.total,
          localDate: post.localDate,
          answeredAt: input.at,
        })
        .returning();
      return { kind: 'recorded', answer: answer!, points, post } as const;
    });
  }

  /**
   * The user's streak on the tenant's previous quiz day (undefined if they
   * missed it), and, when they already answered correctly on this same quiz
   * day in another channel, the streak that answer set (it counts once a day).
   */
  private async streakBefore(
    db: Database,
    post: QuizPost,
    userId: string,
  ): Promise<{ previousQuizDay: number | undefined; sameDayStreak: number | undefined }> {
    const [today] = await db
      .select({ streak: max(dailyAnswers.streak) })
      .from(dailyAnswers)
      .where(and(eq(dailyAnswers.tenantId, post.tenantId), eq(dailyAnswers.userId, userId), eq(dailyAnswers.localDate, post.localDate), eq(dailyAnswers.correct, true)));
    const [previousDay] = await db
      .select({ localDate: max(quizPosts.localDate) })
      .from(quizPosts)
      .where(and(eq(quizPosts.tenantId, post.tenantId), lt(quizPosts.localDate, post.localDate)));
    let previousQuizDay: number | undefined;
    if (previousDay?.localDate) {
      const [answer] = await db
        .select({ streak: max(dailyAnswers.streak) })
        .from(dailyAnswers)
        .where(and(eq(dailyAnswers.tenantId, post.tenantId), eq(dailyAnswers.userId, userId), eq(dailyAnswers.localDate, previousDay.localDate)));
      previousQuizDay = answer?.streak ?? undefined;
    }
    return { previousQuizDay, sameDayStreak: today?.streak ?? undefined };
  }

  /** How many chose each original choice, for the reveal. */
  async tally(tenantId: string, postId: number): Promise<Map<number, number>> {
    const rows = await this.db
      .select({ choice: dailyAnswers.choice, n: sql<number>`count(*)::int` })
      .from(dailyAnswers)
      .where(and(eq(dailyAnswers.tenantId, tenantId), eq(dailyAnswers.postId, postId)))
      .groupBy(dailyAnswers.choice);
    return new Map(rows.map((r) => [r.choice, r.n]));
  }

  /** The first correct answerers of a post, in order, by their stored names. */
  async firstCorrect(tenantId: string, postId: number, limit = 3): Promise<Array<{ userId: string; displayName: string }>> {
    return this.db
      .select({ userId: dailyAnswers.userId, displayName: users.displayName })
      .from(dailyAnswers)
      .innerJoin(users, and(eq(users.tenantId, dailyAnswers.tenantId), eq(users.id, dailyAnswers.userId)))
      .where(and(eq(dailyAnswers.tenantId, tenantId), eq(dailyAnswers.postId, postId), isNotNull(dailyAnswers.correctRank)))
      .orderBy(asc(dailyAnswers.correctRank))
      .limit(limit);
  }
}
