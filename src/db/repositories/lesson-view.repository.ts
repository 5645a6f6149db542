import { and, countDistinct, eq } from 'drizzle-orm';
import type { LessonView, LessonViewBatchStore } from '../../core/buffered-lesson-views.js';
import type { Database } from '../client.js';
import { lessonViews } from '../schema.js';

export class LessonViewRepository implements LessonViewBatchStore {
  constructor(private readonly db: Database) {}

  async record(tenantId: string, userId: string, lessonId: string, at: Date): Promise<void> {
    await this.db.insert(lessonViews).values({ tenantId, userId, lessonId, viewedAt: at });
  }

  async recordMany(views: readonly LessonView[]): Promise<void> {
    if (!views.length) return;
    await this.db.insert(lessonViews).values(views.map((v) => ({ tenantId: v.tenantId, userId: v.userId, lessonId: v.lessonId, viewedAt: v.at })));
  }

  async countDistinct(tenantId: string, userId: string): Promise<number> {
    const [row] = await this.db
      .select({ lessons: countDistinct(lessonViews.lessonId) })
      .from(lessonViews)
      .where(and(eq(lessonViews.tenantId, tenantId), eq(lessonViews.userId, userId)));
    return row?.lessons ?? 0;
  }
}
