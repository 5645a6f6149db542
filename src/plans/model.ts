import type { Weekday } from '../quiz/schedule-parse.js';

/** A channel's study plan, as the domain sees it (the db row satisfies this shape). */
export interface StudyPlan {
  tenantId: string;
  channelId: string;
  channelName: string | null;
  /** The lesson the plan started from (the quiz draws from it before the first post). */
  startLesson: string;
  /** The next lesson to post; null once the plan has posted the last lesson of the course. */
  nextLesson: string | null;
  /** Lessons per study day, 1–3. */
  pace: number;
  time: string;
  timezone: string;
  days: Weekday[];
  status: 'active' | 'paused';
  startedBy: string;
  /** When it was started, by the engine's clock: days whose time had passed by then are not caught up. */
  createdAt: Date;
}

/** One study day's post: the lessons it carries, claimed once per channel and local date. */
export interface PlanPost {
  id: number;
  tenantId: string;
  channelId: string;
  localDate: string;
  lessonIds: string[];
  opensAt: Date;
  closesAt: Date;
  messageId: string | null;
  postedAt: Date | null;
}

/** What a claim moves: the day's post and where the plan goes next. */
export type PlanDayClaim = Pick<PlanPost, 'tenantId' | 'channelId' | 'localDate' | 'lessonIds' | 'opensAt' | 'closesAt'> & {
  /** The plan's next lesson as read before the claim: the claim fails if it moved meanwhile. */
  expectedNext: string;
  next: string | null;
};
