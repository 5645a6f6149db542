import { and, countDistinct, eq } from 'drizzle-orm';
import type { LessonViewStore } from '../../core/ports.js';
import type { Database } from '../client.js';
import { lessonViews } from '../schema.js';

export class LessonViewRepository implements LessonViewStore {
  constructor(private readonly db: Database) {}

  async record(tenantId: string, userId: string, lessonId: string, at: Date): Promise<void> {
    await this.db.insert(lessonViews).values({ tenantId, userId, lessonId, viewedAt: at });
  }

  async countDistinct(tenantId: string, userId: string): Promise<number> {
    const [row] = await this.db
      .select({ lessons: countDistinct(lessonViews.lessonId) })
      .from(lessonViews)
      .where(and(eq(lessonViews.tenantId, tenantId), eq(lessonViews.userId, userId)));
    return row?.lessons ?? 0;
  }
}
