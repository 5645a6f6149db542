import type { CourseCatalog } from '../content/catalog.js';
import type { Question } from '../content/model.js';
import type { Actor, Platform } from '../core/command.js';
import { notFound } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import { Pacer } from '../core/pacer.js';
import type { Reply } from '../core/reply.js';
import type { QuizChannel, QuizPost } from './model.js';
import type { AnswerStore, QuizPublisher, QuizStore } from './ports.js';
import { closedPostReply, feedbackReply, postReply, revealReply } from './replies.js';
import { dueSlot, localDateOf, type ScheduleSpec, type Slot, type Weekday } from './schedule.js';
import { pickQuestion, questionPool, shuffledChoiceOrder } from './selection.js';

export interface DailyQuizDeps {
  course: CourseCatalog;
  store: QuizStore;
  /** Records each answer and, in the same statement, its card in the user's review deck. */
  answers: AnswerStore;
  clock: Clock;
  logger: Logger;
}

/** How long an undelivered post waits before another attempt (one replica claims each attempt). */
const REDELIVERY_AFTER_MS = 60_000;

/**
 * Every message a publisher sends waits for its turn: a thousand servers whose
 * quiz is at 09:00 post one after another at the platform's rate instead of
 * bursting into 429s. Access checks read the client's cache and are not paced.
 */
function paced(publisher: QuizPublisher, pacer: Pacer): QuizPublisher {
  return {
    messagesPerSecond: publisher.messagesPerSecond,
    post: async (target, reply) => {
      await pacer.take();
      return publisher.post(target, reply);
    },
    edit: async (target, messageId, reply) => {
      await pacer.take();
      return publisher.edit(target, messageId, reply);
    },
    replyTo: async (target, messageId, reply) => {
      await pacer.take();
      return publisher.replyTo(target, messageId, reply);
    },
    ...(publisher.checkAccess ? { checkAccess: publisher.checkAccess.bind(publisher) } : {}),
  };
}

const platformOf = (tenantId: string): Platform => tenantId.slice(0, tenantId.indexOf(':')) as Platform;

/**
 * The daily quiz: posting a slot, revealing it, and recording answers. Every
 * step is claimed in the database first, so several replicas (or a restart in
 * the middle of a window) never post, reveal or count anything twice.
 */
export class DailyQuiz {
  private readonly publishers = new Map<Platform, QuizPublisher>();
  private readonly configListeners: Array<() => void> = [];
  private readonly recentPosts = new ExpiringCache<string, QuizPost>(5_000, 1_000);
  /** Counts posts and reveals this process made (metrics). */
  readonly counters = { posted: 0, revealed: 0 };

  constructor(private readonly deps: DailyQuizDeps) {}

  /** Adapters register how to post on their platform; channel messages are paced at the platform's rate. */
  registerPublisher(platform: Platform, publisher: QuizPublisher): void {
    this.publishers.set(platform, publisher.messagesPerSecond ? paced(publisher, new Pacer(publisher.messagesPerSecond)) : publisher);
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

  /** Asks the platform whether the bot can post in the channel: a problem to show the admin, or undefined. */
  async checkChannel(tenantId: string, channelId: string): Promise<string | undefined> {
    return this.publishers.get(platformOf(tenantId))?.checkAccess?.({ tenantId, channelId });
  }

  async configure(channel: QuizChannel): Promise<QuizChannel> {
    const saved = await this.deps.store.upsertChannel(channel);
    this.configListeners.forEach((listener) => listener());
    return saved;
  }

  /** Posts a slot unless it already exists; returns the post only to the caller that posted it. */
  async postSlot(channel: QuizChannel, slot: Slot): Promise<QuizPost | undefined> {
    const { store, logger } = this.deps;
    // Only a replica that can post on this platform claims the slot (a Discord standby cannot).
    if (!this.publishers.has(platformOf(channel.tenantId))) return undefined;
    if (await store.postForDate(channel.tenantId, channel.channelId, slot.localDate)) return undefined;
    const seed = `${channel.tenantId}:${channel.channelId}:${slot.localDate}`;
    const pick = pickQuestion(this.pool(channel), await store.cycleState(channel.tenantId, channel.channelId), seed);
    if (!pick) {
      logger.warn({ tenant: channel.tenantId, channel: channel.channelId }, 'no questions in the configured chapters');
      return undefined;
    }
    const post = await store.claimSlot({
      tenantId: channel.tenantId,
      channelId: channel.channelId,
      localDate: slot.localDate,
      questionKey: pick.question.key,
      choiceOrder: shuffledChoiceOrder(seed),
      cycle: pick.cycle,
      opensAt: slot.opensAt,
      closesAt: slot.closesAt,
      deliveryAttemptAt: this.deps.clock.now(),
    });
    if (!post) return undefined;
    this.counters.posted += 1;
    await this.deliver(post, pick.question, channel.timezone);
    return post;
  }

  private async deliver(post: QuizPost, question: Question, timezone: string): Promise<void> {
    await this.publish(post, (publisher, target) => publisher.post(target, postReply(this.deps.course, post, question, timezone)), async (messageId) =>
      this.deps.store.markPosted(post.id, messageId, this.deps.clock.now()),
    );
  }

  /** Posts the platform refused (outage, missing permission) are tried again while their window is open. */
  private async redeliver(now: Date): Promise<void> {
    for (const post of await this.deps.store.claimRedeliveries(now, REDELIVERY_AFTER_MS, [...this.publishers.keys()])) {
      const question = this.deps.course.question(post.questionKey);
      const channel = await this.deps.store.channel(post.tenantId, post.channelId);
      if (question) await this.deliver(post, question, channel?.timezone ?? 'UTC');
    }
  }

  /** `/quiz-now`: today's post, right now. It counts as today's, so the scheduled one is skipped. */
  async postNow(channel: QuizChannel): Promise<{ post: QuizPost; created: boolean }> {
    const now = this.deps.clock.now();
    const localDate = localDateOf(now, channel.timezone);
    const existing = await this.deps.store.postForDate(channel.tenantId, channel.channelId, localDate);
    if (existing) return { post: existing, created: false };
    const post = await this.postSlot(channel, { localDate, opensAt: now, closesAt: new Date(now.getTime() + channel.windowMinutes * 60_000) });
    if (post) return { post, created: true };
    const raced = await this.deps.store.postForDate(channel.tenantId, channel.channelId, localDate);
    if (!raced) throw notFound('There are no questions in the chapters this channel is set up for.');
    return { post: raced, created: false };
  }

  /** Posts every slot that is open now and not posted yet (catch-up included), then reveals closed ones. */
  async runDue(now = this.deps.clock.now()): Promise<{ posted: number; revealed: number }> {
    let posted = 0;
    for (const channel of await this.deps.store.enabledChannels()) {
      const slot = dueSlot(DailyQuiz.spec(channel), now);
      if (slot && (await this.postSlot(channel, slot))) posted += 1;
    }
    await this.redeliver(now);
    let revealed = 0;
    for (const post of await this.deps.store.postsToReveal(now)) if (await this.reveal(post, now)) revealed += 1;
    return { posted, revealed };
  }

  async reveal(post: QuizPost, now = this.deps.clock.now()): Promise<boolean> {
    const { store, answers, course } = this.deps;
    if (!this.publishers.has(platformOf(post.tenantId))) return false;
    const claimed = await store.claimReveal(post.id, now);
    if (!claimed) return false;
    this.counters.revealed += 1;
    const question = course.question(post.questionKey);
    if (!question) {
      this.deps.logger.warn({ post: post.id, question: post.questionKey }, 'question no longer in the course; reveal skipped');
      return true;
    }
    const [tally, firstCorrect] = await Promise.all([answers.tally(post.tenantId, post.id), answers.firstCorrect(post.tenantId, post.id, 3)]);
    const messageId = claimed.messageId;
    await this.publish(claimed, async (publisher, target) => {
      if (messageId) {
        await publisher.edit(target, messageId, closedPostReply(course, claimed, question));
        await publisher.replyTo(target, messageId, revealReply(claimed, question, { tally, firstCorrect }));
      } else {
        await publisher.post(target, revealReply(claimed, question, { tally, firstCorrect }));
      }
      return messageId ?? '';
    });
    return true;
  }

  /** A click on A–D under a daily post. */
  async answer(tenantId: string, user: Actor, postId: number, shown: number): Promise<Reply> {
    const stale = notFound('That quiz post is not available any more.');
    const post = await this.findPost(tenantId, postId);
    if (!post) throw stale;
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

  private async publish(
    post: QuizPost,
    send: (publisher: QuizPublisher, target: { tenantId: string; channelId: string }) => Promise<string>,
    then?: (messageId: string) => Promise<void>,
  ): Promise<void> {
    const publisher = this.publishers.get(platformOf(post.tenantId));
    if (!publisher) {
      this.deps.logger.warn({ tenant: post.tenantId }, 'no publisher for this platform; quiz post kept without a message');
      return;
    }
    try {
      const messageId = await send(publisher, { tenantId: post.tenantId, channelId: post.channelId });
      await then?.(messageId);
    } catch (error) {
      this.deps.logger.error({ err: error, post: post.id, tenant: post.tenantId }, 'could not deliver a quiz message');
    }
  }
}
