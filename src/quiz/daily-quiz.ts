import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import type { Actor, Platform } from '../core/command.js';
import { notFound } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import { mapLimit } from '../core/concurrency.js';
import { Pacer } from '../core/pacer.js';
import type { Reply } from '../core/reply.js';
import type { QuizChannel, QuizPost } from './model.js';
import { QuizDeliveries, type DeliverySettings } from './deliveries.js';
import { RevealTimers, realTimers, type Timers } from './reveal-timers.js';
import type { AnswerStore, DeliveryStore, QuizPublisher, QuizStore, ReportStore } from './ports.js';
import { REPORTS_TO_HOLD_BACK } from './reports.js';
import { feedbackReply } from './replies.js';
import { dueSlot, localDateOf, type ScheduleSpec, type Slot, type Weekday } from './schedule.js';
import { pickQuestion, questionPool, shuffledChoiceOrder } from './selection.js';

export interface DailyQuizDeps {
  course: CourseCatalog;
  store: QuizStore;
  /** Records each answer and, in the same statement, its card in the user's review deck. */
  answers: AnswerStore;
  /** The outbox: every message the quiz publishes is queued there first. */
  deliveries: DeliveryStore;
  clock: Clock;
  logger: Logger;
  deliverySettings?: Partial<DeliverySettings>;
  /** How reveals are timed for the close of each window (tests drive them by hand). */
  timers?: Timers;
  /** Members' reports: a question enough of them reported sits out of the tenant's daily quiz. */
  reports?: ReportStore;
}

/** Posts closing within this much of a tick get a timer for their reveal (the tick runs at least every minute). */
const REVEAL_HORIZON_MS = 2 * 60_000;

/** Channels whose slots are claimed at once on a tick: a thousand channels at 09:00 do not queue one by one. */
const CLAIM_CONCURRENCY = 8;
/** How long /quiz-now waits to say "posted" rather than "on its way". */
const POST_NOW_WAIT_MS = 2_500;

/**
 * Every message a publisher sends waits for its turn: a thousand servers whose
 * quiz is at 09:00 post one after another at the platform's rate instead of
 * bursting into 429s. Access checks read the client's cache and are not paced.
 */
function paced(publisher: QuizPublisher, pacer: Pacer): QuizPublisher {
  return {
    messagesPerSecond: publisher.messagesPerSecond,
    post: async (target, reply, options) => {
      await pacer.take();
      return publisher.post(target, reply, options);
    },
    edit: async (target, messageId, reply) => {
      await pacer.take();
      return publisher.edit(target, messageId, reply);
    },
    replyTo: async (target, messageId, reply, options) => {
      await pacer.take();
      return publisher.replyTo(target, messageId, reply, options);
    },
    ...(publisher.findMessage
      ? {
          findMessage: async (target, probe) => {
            await pacer.take();
            return publisher.findMessage!(target, probe);
          },
        }
      : {}),
    ...(publisher.checkAccess ? { checkAccess: publisher.checkAccess.bind(publisher) } : {}),
  };
}

const platformOf = (tenantId: string): Platform => tenantId.slice(0, tenantId.indexOf(':')) as Platform;

/**
 * The daily quiz: posting a slot, revealing it, and recording answers. Every
 * step is claimed in the database first, so several replicas (or a restart in
 * the middle of a window) never post, reveal or count anything twice; what a
 * claim publishes goes through the outbox (QuizDeliveries), so a platform
 * failure delays a message but never loses it.
 */
export class DailyQuiz {
  private readonly publishers = new Map<Platform, QuizPublisher>();
  private readonly configListeners: Array<() => void> = [];
  private readonly recentPosts = new ExpiringCache<string, QuizPost>(5_000, 1_000);
  readonly deliveries: QuizDeliveries;
  private readonly revealTimers: RevealTimers<QuizPost>;
  private revealedCount = 0;

  constructor(private readonly deps: DailyQuizDeps) {
    this.deliveries = new QuizDeliveries({
      store: deps.deliveries,
      posts: deps.store,
      course: deps.course,
      clock: deps.clock,
      logger: deps.logger,
      publisherOf: (platform) => this.publishers.get(platform as Platform),
      settings: deps.deliverySettings,
    });
    this.revealTimers = new RevealTimers(deps.timers ?? realTimers(deps.clock), deps.clock, (post) => this.revealOnTime(post));
  }

  /** Cancels the reveal timers (shutdown); the next replica's tick reveals what is left. */
  stop(): void {
    this.revealTimers.stop();
  }

  private async revealOnTime(post: QuizPost): Promise<void> {
    try {
      await this.reveal(post);
    } catch (error) {
      // The tick reveals it instead.
      this.deps.logger.warn({ err: error, post: post.id }, 'a timed reveal failed; the next tick will reveal it');
    }
  }

  /** Posts and reveals this process made (metrics). */
  get counters(): { posted: number; revealed: number } {
    return { posted: this.deliveries.counters.posted, revealed: this.revealedCount };
  }

/** Adapters register how to post on their platform; channel messages are paced at the platform's rate. */
  registerPublisher(platform: Platform, publisher: QuizPublisher): void {
    this.publishers.set(platform, publisher.messagesPerSecond ? paced(publisher, new Pacer(publisher.messagesPerSecond)) : publisher);
  }

  /** The platforms this replica can publish on now. */
  platforms(): Platform[] {
    return [...this.publishers.keys()];
  }

  unregisterPublisher(platform: Platform): void {
    this.publishers.delete(platform);
  }

  onConfigChange(listener: () => void): void {
    this.configListeners.push(listener);
  }

  static spec(channel: QuizChannel): ScheduleSpec {
    return { time: channel.time, timezone: channel.timezone, days: channel.days as Weekday[], windowMinutes: channel.windowMinutes };
  }

  pool(channel: Pick<QuizChannel, 'chapters'>): Question[] {
    return questionPool(this.deps.course.questions, channel.chapters);
  }

  /** The pool without questions reported by REPORTS_TO_HOLD_BACK or more members of the tenant (one query), unless that would empty it. */
  private async unreportedPool(channel: QuizChannel): Promise<Question[]> {
    const pool = this.pool(channel);
    const held = await this.deps.reports?.heldBack(channel.tenantId, REPORTS_TO_HOLD_BACK);
    const open = held?.size ? pool.filter((q) => !held.has(q.key)) : pool;
    return open.length ? open : pool;
  }

  /** Asks the platform whether the bot can post in the channel: a problem to show the admin, or undefined. */
  async checkChannel(tenantId: string, channelId: string): Promise<string | undefined> {
    return this.publishers.get(platformOf(tenantId))?.checkAccess?.({ tenantId, channelId });
  }

  async configure(channel: QuizChannel): Promise<QuizChannel> {
    const saved = await this.deps.store.upsertChannel(channel);
    this.configListeners.forEach((listener) => listener());
    return saved;
  }

  /**
   * Claims a slot unless it already exists, and starts its delivery; returns
   * the post only to the caller that claimed it.
   */
  async postSlot(channel: QuizChannel, slot: Slot): Promise<QuizPost | undefined> {
    const post = await this.claimSlot(channel, slot);
    if (post) {
      this.deliveries.kick([platformOf(post.tenantId)]);
      this.revealTimers.watch(post);
    }
    return post;
  }

  private async claimSlot(channel: QuizChannel, slot: Slot): Promise<QuizPost | undefined> {
    const { store, logger } = this.deps;
    // Only a replica that can post on this platform claims the slot (a Discord standby cannot).
    if (!this.publishers.has(platformOf(channel.tenantId))) return undefined;
    if (await store.postForDate(channel.tenantId, channel.channelId, slot.localDate)) return undefined;
    const seed = `${channel.tenantId}:${channel.channelId}:${slot.localDate}`;
    const pick = pickQuestion(await this.unreportedPool(channel), await store.cycleState(channel.tenantId, channel.channelId), seed);
    if (!pick) {
      logger.warn({ tenant: channel.tenantId, channel: channel.channelId }, 'no questions in the configured chapters');
      return undefined;
    }
    return store.claimSlot({
      tenantId: channel.tenantId,
      channelId: channel.channelId,
      localDate: slot.localDate,
      questionKey: pick.question.key,
      choiceOrder: shuffledChoiceOrder(seed),
      cycle: pick.cycle,
      opensAt: slot.opensAt,
      closesAt: slot.closesAt,
    });
  }

  /**
   * `/quiz-now`: today's post, right now. It counts as today's, so the
   * scheduled one is skipped. `delivered` says whether it is already in the
   * channel (it waits a moment for that); if not, the outbox keeps trying.
   */
  async postNow(channel: QuizChannel): Promise<{ post: QuizPost; created: boolean; delivered: boolean }> {
    const now = this.deps.clock.now();
    const localDate = localDateOf(now, channel.timezone);
    const existing = await this.deps.store.postForDate(channel.tenantId, channel.channelId, localDate);
    if (existing) return { post: existing, created: false, delivered: existing.messageId !== null };
    const post = await this.claimSlot(channel, { localDate, opensAt: now, closesAt: new Date(now.getTime() + channel.windowMinutes * 60_000) });
    if (!post) {
      const raced = await this.deps.store.postForDate(channel.tenantId, channel.channelId, localDate);
      if (!raced) throw notFound('There are no questions in the chapters this channel is set up for.');
      return { post: raced, created: false, delivered: raced.messageId !== null };
    }
    this.revealTimers.watch(post);
    const drained = this.deliveries.drain(platformOf(post.tenantId));
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, POST_NOW_WAIT_MS).unref())]);
    const current = await this.deps.store.find(post.tenantId, post.id);
    return { post: current ?? post, created: true, delivered: Boolean(current?.messageId) };
  }

  /**
   * Claims every slot that is open now and not posted yet (catch-up included)
   * and every closed post not yet revealed, and starts their deliveries
   * without waiting for them: the scheduler's tick, which must not wait on a
   * slow platform.
   */
  async claimDue(now = this.deps.clock.now()): Promise<{ posted: number; revealed: number }> {
    const channels = (await this.deps.store.enabledChannels()).filter((c) => this.publishers.has(platformOf(c.tenantId)));
    const claimed = await mapLimit(channels, CLAIM_CONCURRENCY, async (channel) => {
      const slot = dueSlot(DailyQuiz.spec(channel), now);
      return slot ? this.claimSlot(channel, slot) : undefined;
    });
    const unrevealed = (await this.deps.store.postsToReveal(new Date(now.getTime() + REVEAL_HORIZON_MS))).filter((p) => this.publishers.has(platformOf(p.tenantId)));
    const closed = unrevealed.filter((p) => p.closesAt.getTime() <= now.getTime());
    // Those closing before the next tick get a timer, so their reveal comes on time.
    for (const post of unrevealed) if (!closed.includes(post)) this.revealTimers.watch(post);
    const revealed = await mapLimit(closed, CLAIM_CONCURRENCY, (post) => this.reveal(post, now));
    // Every platform here: also jobs that are due again after a failure, or whose replica died.
    this.deliveries.kick(this.publishers.keys());
    return { posted: claimed.filter(Boolean).length, revealed: revealed.filter(Boolean).length };
  }

  /** claimDue, then waits until every platform's queue is drained (tests, and the console). */
  async runDue(now = this.deps.clock.now()): Promise<{ posted: number; revealed: number }> {
    const claimed = await this.claimDue(now);
    await Promise.all([...this.publishers.keys()].map((platform) => this.deliveries.drain(platform)));
    return claimed;
  }

  /** Claims the reveal (tally included) and queues its messages; true for the one caller that claimed it. */
  async reveal(post: QuizPost, now = this.deps.clock.now()): Promise<boolean> {
    if (!this.publishers.has(platformOf(post.tenantId))) return false;
    const claimed = await this.deps.store.claimReveal(post.id, now);
    if (!claimed) return false;
    this.revealedCount += 1;
    this.deliveries.kick([platformOf(post.tenantId)]);
    return true;
  }

  /** A click on A–D under a daily post. */
  async answer(tenantId: string, user: Actor, postId: number, shown: number, channelId: string | undefined): Promise<Reply> {
    const stale = notFound('That quiz post is not available any more.');
    const post = await this.findPost(tenantId, postId);
    // A post answers only clicks on itself: a forged id naming another channel's post is just stale.
    if (!post || post.channelId !== channelId) throw stale;
    const question = this.deps.course.question(post.questionKey);
    const original = post.choiceOrder[shown];
    if (!question || original === undefined) throw stale;
    const outcome = await this.deps.answers.record({
      tenantId,
      postId,
      userId: user.id,
      choice: original,
      correct: original === question.answer,
      at: this.deps.clock.now(),
      post,
    });
    switch (outcome.kind) {
      case 'not-found':
        throw stale;
      case 'closed':
        return feedbackReply(post, question, { kind: 'closed' });
      case 'already-answered':
        return feedbackReply(post, question, { kind: 'already-answered', choice: outcome.answer.choice });
      case 'recorded':
        return feedbackReply(post, question, { kind: 'recorded', correct: outcome.answer.correct, points: outcome.points, streak: outcome.answer.streak });
    }
  }

  /**
   * Hundreds of clicks on one post read the same row: keep it for a few
   * seconds. Staleness is harmless: recording re-checks in the database that
   * the post is still open, and a question's key and choice order never change.
   */
  private async findPost(tenantId: string, postId: number): Promise<QuizPost | undefined> {
    const key = `${tenantId}\u0000${postId}`;
    const cached = this.recentPosts.get(key);
    if (cached) return cached;
    const post = await this.deps.store.find(tenantId, postId);
    if (post) this.recentPosts.set(key, post);
    return post;
  }
}
