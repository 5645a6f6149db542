import type { PlanDayClaim, PlanPost, StudyPlan } from './model.js';

/** Where study plans and their posts live (implemented on Postgres in src/db/repositories). */
export interface PlanStore {
  /** Starts a plan, replacing the channel's earlier one and its posts. */
  replace(plan: StudyPlan): Promise<StudyPlan>;
  plan(tenantId: string, channelId: string): Promise<StudyPlan | undefined>;
  plans(tenantId: string): Promise<StudyPlan[]>;
  activePlans(): Promise<StudyPlan[]>;
  /**
   * Moves the plan's next lesson (skip, goto) or its status (pause, resume),
   * only if the next lesson is still `expectedNext` (a post did not move it
   * meanwhile); undefined when there is no such plan.
   */
  update(
    tenantId: string,
    channelId: string,
    change: { expectedNext?: string | null; nextLesson?: string | null; status?: StudyPlan['status'] },
  ): Promise<StudyPlan | undefined>;
  remove(tenantId: string, channelId: string): Promise<boolean>;
  postForDate(tenantId: string, channelId: string, localDate: string): Promise<PlanPost | undefined>;
  /**
   * Claims a study day: the post row, the plan's next lesson moved on (only
   * from `expectedNext`) and its delivery queued, in one transaction;
   * undefined when the day is taken or the plan moved meanwhile.
   */
  claimDay(claim: PlanDayClaim): Promise<PlanPost | undefined>;
  findPost(tenantId: string, id: number): Promise<PlanPost | undefined>;
  /** Every lesson the channel's plan has posted, in the order it posted them. */
  postedLessons(tenantId: string, channelId: string): Promise<string[]>;
  /** How the channel answered its daily questions, per lesson: what the recap days revisit first. */
  groupAccuracy(tenantId: string, channelId: string): Promise<Map<string, { answered: number; correct: number }>>;
}

/** A member's last answer to one question (daily, practice or review), for mastery. */
export interface LastAnswer {
  questionKey: string;
  correct: boolean;
}

/** Lessons members marked done (implemented on Postgres in src/db/repositories). */
export interface ProgressStore {
  /** Marks a lesson done; false when it already was. */
  markDone(tenantId: string, userId: string, lessonId: string, at: Date): Promise<boolean>;
  /** Unmarks it; false when it was not done. */
  undo(tenantId: string, userId: string, lessonId: string): Promise<boolean>;
  /** The member's done lessons with when they were marked. */
  done(tenantId: string, userId: string): Promise<Map<string, Date>>;
  /** The member's most recent answer to each question they answered. */
  lastAnswers(tenantId: string, userId: string): Promise<LastAnswer[]>;
}
