import { notFound } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { mapLimit } from '../core/concurrency.js';
import type { QuizChannels } from './channels.js';
import type { QuizDeliveries } from './deliveries.js';
import type { QuizChannel, QuizPost } from './model.js';
import type { QuizStore } from './ports.js';
import { platformOf, type QuizPublishers } from './publishers.js';
import type { DailyReveals } from './revealing.js';
import { channelSpec, dueSlot, localDateOf, type Slot } from './schedule.js';
import { pickQuestion, shuffledChoiceOrder } from './selection.js';

export interface DailyPostsDeps {
  store: QuizStore;
  channels: QuizChannels;
  publishers: QuizPublishers;
  deliveries: QuizDeliveries;
  reveals: DailyReveals;
  clock: Clock;
  logger: Logger;
}

/** Channels (or plans) whose slots are claimed at once on a tick: a thousand channels at 09:00 do not queue one by one. */
export const CLAIM_CONCURRENCY = 8;
/** How long /quiz-now (and /plan now) waits to say "posted" rather than "on its way". */
export const POST_NOW_WAIT_MS = 2_500;

/**
 * Posting the daily question: a slot (a channel's local date) is claimed in
 * the database with its question, so it is posted once whatever the number of
 * replicas; the message itself goes out through the outbox.
 */
export class DailyPosts {
  constructor(private readonly deps: DailyPostsDeps) {}

  /** Claims a slot unless it already exists, and starts its delivery; returns the post only to the caller that claimed it. */
  async postSlot(channel: QuizChannel, slot: Slot): Promise<QuizPost | undefined> {
    const post = await this.claimSlot(channel, slot);
    if (post) {
      this.deps.deliveries.kick([platformOf(post.tenantId)]);
      this.deps.reveals.watch(post);
    }
    return post;
  }

  /** The tick's part: claims every slot that is open now and not posted yet (catch-up included). */
  async claimDue(now: Date): Promise<number> {
    const channels = (await this.deps.store.enabledChannels()).filter((c) => this.deps.publishers.serves(c.tenantId));
    const claimed = await mapLimit(channels, CLAIM_CONCURRENCY, async (channel) => {
      const slot = dueSlot(channelSpec(channel), now);
      return slot ? this.claimSlot(channel, slot) : undefined;
    });
    return claimed.filter(Boolean).length;
  }

  /**
   * `/quiz-now`: today's post, right now. It counts as today's, so the
   * scheduled one is skipped. `delivered` says whether it is already in the
   * channel (it waits a moment for that); if not, the outbox keeps trying.
   */
  async postNow(channel: QuizChannel): Promise<{ post: QuizPost; created: boolean; delivered: boolean }> {
    const { store, clock, deliveries, reveals } = this.deps;
    const now = clock.now();
    const localDate = localDateOf(now, channel.timezone);
    const existing = await store.postForDate(channel.tenantId, channel.channelId, localDate);
    if (existing) return { post: existing, created: false, delivered: existing.messageId !== null };
    const post = await this.claimSlot(channel, { localDate, opensAt: now, closesAt: new Date(now.getTime() + channel.windowMinutes * 60_000) });
    if (!post) {
      const raced = await store.postForDate(channel.tenantId, channel.channelId, localDate);
      if (!raced) throw notFound('There are no questions in the chapters this channel is set up for.');
      return { post: raced, created: false, delivered: raced.messageId !== null };
    }
    reveals.watch(post);
    await deliveries.drainWithin(platformOf(post.tenantId), POST_NOW_WAIT_MS);
    const current = await store.find(post.tenantId, post.id);
    return { post: current ?? post, created: true, delivered: Boolean(current?.messageId) };
  }

  private async claimSlot(channel: QuizChannel, slot: Slot): Promise<QuizPost | undefined> {
    const { store, logger, publishers, channels } = this.deps;
    // Only a replica that can post on this platform claims the slot (a Discord standby cannot).
    if (!publishers.serves(channel.tenantId)) return undefined;
    if (await store.postForDate(channel.tenantId, channel.channelId, slot.localDate)) return undefined;
    const seed = `${channel.tenantId}:${channel.channelId}:${slot.localDate}`;
    const pick = pickQuestion(await channels.dailyPool(channel, seed), await store.cycleState(channel.tenantId, channel.channelId), seed);
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
}
