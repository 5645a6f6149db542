import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import { mapLimit } from '../core/concurrency.js';
import type { Clock, Logger } from '../core/ports.js';
import type { QuizDeliveries } from '../quiz/deliveries.js';
import { CLAIM_CONCURRENCY, POST_NOW_WAIT_MS } from '../quiz/posting.js';
import { platformOf, type QuizPublishers } from '../quiz/publishers.js';
import { localDateOf, type Slot } from '../quiz/schedule.js';
import { lessonsFrom, lessonsLeft } from './course-order.js';
import type { PlanPost, StudyPlan } from './model.js';
import { isRecapDay, olderPostedLessons, planPool, type PlanPool } from './plan-pool.js';
import { dueStudyDay, endOfLocalDay, nextStudyDay, nthStudyDay } from './plan-schedule.js';
import type { PlanStore } from './ports.js';

export interface StudyPlansDeps {
  store: PlanStore;
  course: CourseCatalog;
  publishers: QuizPublishers;
  deliveries: QuizDeliveries;
  clock: Clock;
  logger: Logger;
}

export type PlanChange = { ok: true; plan: StudyPlan } | { ok: false; reason: 'no-plan' | 'moved' };

/**
 * Study plans: a channel's walk through the course, `pace` lessons a study
 * day. A day is claimed in the database (its post and the plan's next lesson
 * move together), so it is posted once whatever the number of replicas; the
 * message goes out through the quiz's outbox, and the daily quiz of the
 * channel draws from the lessons posted so far (see plan-pool.ts).
 */
export class StudyPlans {
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly deps: StudyPlansDeps) {}

  plan(tenantId: string, channelId: string): Promise<StudyPlan | undefined> {
    return this.deps.store.plan(tenantId, channelId);
  }

  /** Every active plan of every tenant: what the scheduler runs. */
  activePlans(): Promise<StudyPlan[]> {
    return this.deps.store.activePlans();
  }

  list(tenantId: string): Promise<StudyPlan[]> {
    return this.deps.store.plans(tenantId);
  }

  /** The plan an admin means: the channel's, or the only one of the server when the channel has none. */
  async planFor(tenantId: string, channelId: string | undefined): Promise<StudyPlan | undefined> {
    const own = channelId ? await this.deps.store.plan(tenantId, channelId) : undefined;
    if (own) return own;
    const all = await this.deps.store.plans(tenantId);
    return all.length === 1 ? all[0] : undefined;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  /** Starts the channel's plan, replacing an earlier one (its posts go with it). */
  async start(plan: Omit<StudyPlan, 'createdAt'>): Promise<StudyPlan> {
    const saved = await this.deps.store.replace({ ...plan, createdAt: this.deps.clock.now() });
    this.changed();
    return saved;
  }

  /** The lessons a day of this plan posts now, and where it goes next; undefined once the course is through. */
  day(plan: StudyPlan): { lessonIds: string[]; next: string | null } | undefined {
    if (plan.nextLesson === null) return undefined;
    const { lessons, next } = lessonsFrom(this.deps.course, plan.nextLesson, plan.pace);
    return lessons.length ? { lessonIds: lessons.map((s) => s.id), next } : undefined;
  }

  /** Claims a study day unless it is taken, and starts its delivery; the post goes only to the caller that claimed it. */
  async postDay(plan: StudyPlan, slot: Slot): Promise<PlanPost | undefined> {
    const post = await this.claimDay(plan, slot);
    if (post) this.deps.deliveries.kick([platformOf(post.tenantId)]);
    return post;
  }

  /** The tick's part: claims every study day whose time has come today and is not posted yet (catch-up included). */
  async claimDue(now: Date): Promise<number> {
    const plans = (await this.deps.store.activePlans()).filter((p) => this.deps.publishers.serves(p.tenantId));
    const claimed = await mapLimit(plans, CLAIM_CONCURRENCY, async (plan) => {
      const slot = dueStudyDay(plan, now);
      return slot ? this.claimDay(plan, slot) : undefined;
    });
    const posted = claimed.filter((p): p is PlanPost => Boolean(p));
    this.deps.deliveries.kick(new Set(posted.map((p) => platformOf(p.tenantId))));
    return posted.length;
  }

  /**
   * `/plan now`: the next lessons, right now; they count as today's, so the
   * scheduled post is skipped. `delivered` says whether the message is in the
   * channel already (it waits a moment for that); if not, the outbox keeps trying.
   */
  async postNow(plan: StudyPlan): Promise<{ post?: PlanPost; created: boolean; delivered: boolean }> {
    const { store, clock, deliveries } = this.deps;
    const now = clock.now();
    const localDate = localDateOf(now, plan.timezone);
    const existing = await store.postForDate(plan.tenantId, plan.channelId, localDate);
    if (existing) return { post: existing, created: false, delivered: existing.messageId !== null };
    const post = await this.claimDay(plan, { localDate, opensAt: now, closesAt: endOfLocalDay(localDate, plan.timezone) });
    if (!post) {
      const raced = await store.postForDate(plan.tenantId, plan.channelId, localDate);
      return { post: raced, created: false, delivered: Boolean(raced?.messageId) };
    }
    await deliveries.drainWithin(platformOf(post.tenantId), POST_NOW_WAIT_MS);
    const current = await store.findPost(post.tenantId, post.id);
    return { post: current ?? post, created: true, delivered: Boolean(current?.messageId) };
  }

  private async claimDay(plan: StudyPlan, slot: Slot): Promise<PlanPost | undefined> {
    const { store, publishers } = this.deps;
    // Only a replica that can post on this platform claims the day (a Discord standby cannot).
    if (!publishers.serves(plan.tenantId) || plan.status !== 'active' || plan.nextLesson === null) return undefined;
    if (await store.postForDate(plan.tenantId, plan.channelId, slot.localDate)) return undefined;
    const day = this.day(plan);
    if (!day) return undefined;
    return store.claimDay({
      tenantId: plan.tenantId,
      channelId: plan.channelId,
      localDate: slot.localDate,
      lessonIds: day.lessonIds,
      opensAt: slot.opensAt,
      closesAt: slot.closesAt,
      expectedNext: plan.nextLesson,
      next: day.next,
    });
  }

  /** The next lesson becomes the one after it, without posting it. */
  skip(plan: StudyPlan): Promise<PlanChange> {
    const { next } = lessonsFrom(this.deps.course, plan.nextLesson ?? '', 1);
    return this.change(plan, { expectedNext: plan.nextLesson, nextLesson: next });
  }

  goto(plan: StudyPlan, lessonId: string): Promise<PlanChange> {
    return this.change(plan, { expectedNext: plan.nextLesson, nextLesson: lessonId });
  }

  pause(plan: StudyPlan): Promise<PlanChange> {
    return this.change(plan, { status: 'paused' });
  }

  resume(plan: StudyPlan): Promise<PlanChange> {
    return this.change(plan, { status: 'active' });
  }

  async stop(plan: StudyPlan): Promise<boolean> {
    const removed = await this.deps.store.remove(plan.tenantId, plan.channelId);
    if (removed) this.changed();
    return removed;
  }

  private async change(plan: StudyPlan, change: Parameters<PlanStore['update']>[2]): Promise<PlanChange> {
    const updated = await this.deps.store.update(plan.tenantId, plan.channelId, change);
    if (!updated) {
      const still = await this.deps.store.plan(plan.tenantId, plan.channelId);
      return { ok: false, reason: still ? 'moved' : 'no-plan' };
    }
    this.changed();
    return { ok: true, plan: updated };
  }

  /** Every lesson the channel's plan has posted, in posting order. */
  postedLessons(plan: Pick<StudyPlan, 'tenantId' | 'channelId'>): Promise<string[]> {
    return this.deps.store.postedLessons(plan.tenantId, plan.channelId);
  }

  /** When the plan posts next: undefined while paused or once the course is through. */
  async nextPost(plan: StudyPlan): Promise<Slot | undefined> {
    if (plan.status !== 'active' || plan.nextLesson === null) return undefined;
    const now = this.deps.clock.now();
    const today = dueStudyDay(plan, now);
    if (today && !(await this.deps.store.postForDate(plan.tenantId, plan.channelId, today.localDate))) return today;
    return nextStudyDay(plan, now);
  }

  /** The local date of the plan's last post at its pace, from its next post on; undefined when nothing is left. */
  estimatedFinish(plan: StudyPlan, nextPost: Slot | undefined): string | undefined {
    const left = lessonsLeft(this.deps.course, plan.nextLesson);
    if (!left) return undefined;
    const from = nextPost?.localDate ?? localDateOf(this.deps.clock.now(), plan.timezone);
    return nthStudyDay(plan, from, Math.ceil(left / plan.pace));
  }

  /**
   * What a channel's daily question comes from while it has a plan (active or
   * paused): undefined without one. Recap days read the group's accuracy too.
   */
  async quizPool(tenantId: string, channelId: string, questions: readonly Question[], seed: string): Promise<PlanPool | undefined> {
    const plan = await this.deps.store.plan(tenantId, channelId);
    if (!plan) return undefined;
    const posted = await this.deps.store.postedLessons(tenantId, channelId);
    const recap = olderPostedLessons(posted).length > 0 && isRecapDay(seed);
    const accuracy = recap ? await this.deps.store.groupAccuracy(tenantId, channelId) : undefined;
    return planPool({ questions, posted, startLesson: plan.startLesson, seed, accuracy });
  }
}
