import { and, eq, sql } from 'drizzle-orm';
import type { LastAnswer, ProgressStore } from '../../plans/ports.js';
import { resultRows, type Database } from '../client.js';
import { lessonProgress } from '../schema.js';

/** Lessons members marked done, and their last answer to each question (mastery). */
export class LessonProgressRepository implements ProgressStore {
  constructor(private readonly db: Database) {}

  private readonly where = (tenantId: string, userId: string) => and(eq(lessonProgress.tenantId, tenantId), eq(lessonProgress.userId, userId));

  async markDone(tenantId: string, userId: string, lessonId: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .insert(lessonProgress)
      .values({ tenantId, userId, lessonId, doneAt: at })
      .onConflictDoNothing()
      .returning({ id: lessonProgress.lessonId });
    return rows.length === 1;
  }

  async undo(tenantId: string, userId: string, lessonId: string): Promise<boolean> {
    const rows = await this.db
      .delete(lessonProgress)
      .where(and(this.where(tenantId, userId), eq(lessonProgress.lessonId, lessonId)))
      .returning({ id: lessonProgress.lessonId });
    return rows.length === 1;
  }

  async done(tenantId: string, userId: string): Promise<Map<string, Date>> {
    const rows = await this.db
      .select({ lessonId: lessonProgress.lessonId, doneAt: lessonProgress.doneAt })
      .from(lessonProgress)
      .where(this.where(tenantId, userId));
    return new Map(rows.map((r) => [r.lessonId, r.doneAt]));
  }

  async lastAnswers(tenantId: string, userId: string): Promise<LastAnswer[]> {
    const rows = resultRows<{ key: string; correct: boolean }>(
      await this.db.execute(sql`
        select distinct on (key) key, correct from (
          select p.question_key as key, a.correct, a.answered_at as at from daily_answers a join quiz_posts p on p.id = a.post_id
          where a.tenant_id = ${tenantId} and a.user_id = ${userId}
          union all
          select question_key, correct, answered_at from practice_answers where tenant_id = ${tenantId} and user_id = ${userId}
        ) answers
        order by key, at desc`),
    );
    return rows.map((r) => ({ questionKey: r.key, correct: r.correct === true || String(r.correct) === 't' }));
  }
}
