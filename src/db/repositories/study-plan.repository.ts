import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { PlanDayClaim, PlanPost, StudyPlan } from '../../plans/model.js';
import type { PlanStore } from '../../plans/ports.js';
import { platformOf } from '../../quiz/publishers.js';
import { resultRows, type Database } from '../client.js';
import { planPosts, quizDeliveries, studyPlans } from '../schema.js';

/** Thrown inside a claim's transaction to roll it back: the plan moved while the day was being claimed. */
class PlanMoved extends Error {}

/**
 * Study plans and their days on Postgres. A day is claimed like a quiz slot
 * (the unique channel + local date), and the same transaction moves the plan's
 * next lesson on from the value the claimer read and queues the post in the
 * outbox: two replicas never post a day twice, and a skip or goto racing a
 * post is never half applied.
 */
export class StudyPlanRepository implements PlanStore {
  constructor(private readonly db: Database) {}

  private readonly where = (tenantId: string, channelId: string): SQL => and(eq(studyPlans.tenantId, tenantId), eq(studyPlans.channelId, channelId)) as SQL;

  async replace(plan: StudyPlan): Promise<StudyPlan> {
    return this.db.transaction(async (tx) => {
      // The old plan's posts (and their queued messages) go with it: a new plan starts from a clean slate.
      await tx.delete(studyPlans).where(this.where(plan.tenantId, plan.channelId));
      const [row] = await tx.insert(studyPlans).values(plan).returning();
      return row!;
    });
  }

  async plan(tenantId: string, channelId: string): Promise<StudyPlan | undefined> {
    const [row] = await this.db.select().from(studyPlans).where(this.where(tenantId, channelId));
    return row;
  }

  plans(tenantId: string): Promise<StudyPlan[]> {
    return this.db.select().from(studyPlans).where(eq(studyPlans.tenantId, tenantId)).orderBy(asc(studyPlans.channelId));
  }

  activePlans(): Promise<StudyPlan[]> {
    return this.db.select().from(studyPlans).where(eq(studyPlans.status, 'active'));
  }

  async update(
    tenantId: string,
    channelId: string,
    change: { expectedNext?: string | null; nextLesson?: string | null; status?: StudyPlan['status'] },
  ): Promise<StudyPlan | undefined> {
    const guard =
      change.expectedNext === undefined
        ? undefined
        : change.expectedNext === null
          ? sql`${studyPlans.nextLesson} is null`
          : eq(studyPlans.nextLesson, change.expectedNext);
    const [row] = await this.db
      .update(studyPlans)
      .set({
        ...(change.nextLesson !== undefined ? { nextLesson: change.nextLesson } : {}),
        ...(change.status ? { status: change.status } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(this.where(tenantId, channelId), guard))
      .returning();
    return row;
  }

  async remove(tenantId: string, channelId: string): Promise<boolean> {
    const rows = await this.db.delete(studyPlans).where(this.where(tenantId, channelId)).returning({ id: studyPlans.channelId });
    return rows.length > 0;
  }

  async postForDate(tenantId: string, channelId: string, localDate: string): Promise<PlanPost | undefined> {
    const [row] = await this.db
      .select()
      .from(planPosts)
      .where(and(eq(planPosts.tenantId, tenantId), eq(planPosts.channelId, channelId), eq(planPosts.localDate, localDate)));
    return row;
  }

  async claimDay(claim: PlanDayClaim): Promise<PlanPost | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        const [post] = await tx
          .insert(planPosts)
          .values({
            tenantId: claim.tenantId,
            channelId: claim.channelId,
            localDate: claim.localDate,
            lessonIds: claim.lessonIds,
            opensAt: claim.opensAt,
            closesAt: claim.closesAt,
          })
          .onConflictDoNothing()
          .returning();
        if (!post) return undefined;
        const moved = await tx
          .update(studyPlans)
          .set({ nextLesson: claim.next, updatedAt: sql`now()` })
          .where(and(this.where(claim.tenantId, claim.channelId), eq(studyPlans.nextLesson, claim.expectedNext), eq(studyPlans.status, 'active')))
          .returning({ next: studyPlans.nextLesson });
        if (!moved.length) throw new PlanMoved();
        // Due from the moment it opens, by the engine's clock (tests run on a fake one).
        await tx
          .insert(quizDeliveries)
          .values({ tenantId: post.tenantId, platform: platformOf(post.tenantId), planPostId: post.id, kind: 'lesson', nextAttemptAt: post.opensAt });
        return post;
      });
    } catch (error) {
      if (error instanceof PlanMoved) return undefined;
      throw error;
    }
  }

  async findPost(tenantId: string, id: number): Promise<PlanPost | undefined> {
    const [row] = await this.db
      .select()
      .from(planPosts)
      .where(and(eq(planPosts.tenantId, tenantId), eq(planPosts.id, id)));
    return row;
  }

  async postedLessons(tenantId: string, channelId: string): Promise<string[]> {
    const rows = await this.db
      .select({ lessons: planPosts.lessonIds })
      .from(planPosts)
      .where(and(eq(planPosts.tenantId, tenantId), eq(planPosts.channelId, channelId)))
      .orderBy(asc(planPosts.id));
    return rows.flatMap((r) => r.lessons);
  }

  async groupAccuracy(tenantId: string, channelId: string): Promise<Map<string, { answered: number; correct: number }>> {
    const rows = resultRows<{ lesson: string; answered: number; correct: number }>(
      await this.db.execute(sql`
        select split_part(p.question_key, ':', 1) as lesson, count(*)::int as answered, (count(*) filter (where a.correct))::int as correct
        from daily_answers a join quiz_posts p on p.id = a.post_id
        where p.tenant_id = ${tenantId} and p.channel_id = ${channelId}
        group by 1`),
    );
    return new Map(rows.map((r) => [r.lesson, { answered: Number(r.answered), correct: Number(r.correct) }]));
  }
}
