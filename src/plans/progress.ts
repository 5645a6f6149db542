import type { CourseCatalog } from '../content/catalog.js';
import type { Clock } from '../core/ports.js';
import { addDays, localDateOf } from '../quiz/schedule.js';
import { chapterOfLesson, chapterProgress, courseComplete, type ChapterProgress } from './mastery.js';
import type { StudyPlan } from './model.js';
import type { ProgressStore } from './ports.js';

export interface MarkResult {
  /** False when it was already done (or, for undo, not done): nothing changed. */
  changed: boolean;
  doneCount: number;
  /** The lesson's chapter after the change. */
  chapter: ChapterProgress;
  courseComplete: boolean;
}

export interface ProgressSummary {
  done: ReadonlySet<string>;
  chapters: ChapterProgress[];
  courseComplete: boolean;
  /** The first lesson of the course not done yet (the plan's first missed one when behind it). */
  suggested?: string;
  /** Against the channel's plan: lessons posted that the member has not done, and done lessons the plan has not reached. */
  plan?: { behind: number; ahead: number };
  /** At the member's own pace so far (lessons done per day since their first); undefined before any. */
  finish?: string;
}

/**
 * A member's way through the course: the lessons they marked done (✅ Done),
 * and chapters mastered from those and their last answers (see mastery.ts).
 */
export class CourseProgress {
  constructor(
    private readonly store: ProgressStore,
    private readonly course: CourseCatalog,
    private readonly clock: Clock,
  ) {}

  markDone(tenantId: string, userId: string, lessonId: string): Promise<MarkResult> {
    return this.mark(tenantId, userId, lessonId, () => this.store.markDone(tenantId, userId, lessonId, this.clock.now()));
  }

  undo(tenantId: string, userId: string, lessonId: string): Promise<MarkResult> {
    return this.mark(tenantId, userId, lessonId, () => this.store.undo(tenantId, userId, lessonId));
  }

  private async mark(tenantId: string, userId: string, lessonId: string, write: () => Promise<boolean>): Promise<MarkResult> {
    const changed = await write();
    const [done, answers] = await Promise.all([this.store.done(tenantId, userId), this.store.lastAnswers(tenantId, userId)]);
    const chapters = chapterProgress(this.course, new Set(done.keys()), answers);
    const chapter = chapters.find((c) => c.chapter.number === chapterOfLesson(lessonId))!;
    return { changed, doneCount: done.size, chapter, courseComplete: courseComplete(chapters) };
  }

  /**
   * Lessons done and whether the course is complete, for /stats: the member's
   * answers are read only when every lesson is done (mastery needs them), so
   * the common case is one index read.
   */
  async status(tenantId: string, userId: string): Promise<{ done: number; complete: boolean }> {
    const done = await this.store.done(tenantId, userId);
    if (done.size < this.course.subchapters.length) return { done: done.size, complete: false };
    const chapters = chapterProgress(this.course, new Set(done.keys()), await this.store.lastAnswers(tenantId, userId));
    return { done: done.size, complete: courseComplete(chapters) };
  }

  /** Everything /progress shows; `plan` and `posted` place the member against the channel's plan. */
  async summary(tenantId: string, userId: string, against?: { plan: StudyPlan; posted: readonly string[] }): Promise<ProgressSummary> {
    const [doneAt, answers] = await Promise.all([this.store.done(tenantId, userId), this.store.lastAnswers(tenantId, userId)]);
    const done = new Set(doneAt.keys());
    const chapters = chapterProgress(this.course, done, answers);
    const posted = [...new Set(against?.posted ?? [])];
    const missedFromPlan = posted.find((id) => !done.has(id));
    const suggested = missedFromPlan ?? this.course.subchapters.find((s) => !done.has(s.id))?.id;
    const postedSet = new Set(posted);
    const plan = against ? { behind: posted.filter((id) => !done.has(id)).length, ahead: [...done].filter((id) => !postedSet.has(id)).length } : undefined;
    return { done, chapters, courseComplete: courseComplete(chapters), suggested, plan, finish: this.finish(doneAt) };
  }

  /** The member's pace so far (at least a day's worth of history), projected over the lessons left. */
  private finish(doneAt: ReadonlyMap<string, Date>): string | undefined {
    const total = this.course.subchapters.length;
    if (!doneAt.size || doneAt.size >= total) return undefined;
    const now = this.clock.now();
    const first = Math.min(...[...doneAt.values()].map((d) => d.getTime()));
    const days = Math.max(1, (now.getTime() - first) / 86_400_000);
    const perDay = doneAt.size / days;
    const daysLeft = Math.ceil((total - doneAt.size) / perDay);
    return addDays(localDateOf(now, 'UTC'), daysLeft);
  }
}
