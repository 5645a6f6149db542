import type { Clock, Logger } from '../core/ports.js';
import { Abandon } from './delivery-message.js';
import type { Delivery, DeliveryKind } from './model.js';
import type { DeliveryStore, QuizPublisher } from './ports.js';

export interface DeliverySettings {
  /** Jobs in flight per platform: one slow channel does not hold up the others. */
  concurrency: number;
  /** How long a claimed job is this replica's: longer than a paced, timed-out attempt can take. */
  leaseMs: number;
  /** The most one platform call may take before it counts as failed (its outcome then unknown). */
  callTimeoutMs: number;
  /** Waits before the 2nd, 3rd, … attempt; the last one repeats. */
  retryDelaysMs: readonly number[];
  /** A close or a reveal still undelivered this long after the window closed is given up. */
  giveUpAfterMs: number;
  /** Waits between tries to record a message that was sent (its id is only in memory meanwhile). */
  recordRetryDelaysMs: readonly number[];
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  concurrency: 8,
  leaseMs: 120_000,
  callTimeoutMs: 20_000,
  retryDelaysMs: [5_000, 15_000, 30_000, 60_000, 120_000, 300_000],
  giveUpAfterMs: 24 * 3600_000,
  recordRetryDelaysMs: [250, 1_000, 2_000, 4_000, 8_000],
};

/** A job's message, ready to go: what the outbox sends, whatever the job is about. */
export interface OutboxMessage {
  /** Sends it (or finds it on the platform already); resolves to the message id it concerns. */
  send(): Promise<string | undefined>;
  /** Whether a failed attempt is the last: the message no longer matters. */
  tooLate(now: Date): boolean;
}

export interface MessageContext {
  publisher: QuizPublisher;
  /** The most one platform call may take before it counts as failed (its outcome then unknown). */
  callTimeoutMs: number;
  /** A close or a reveal still undelivered this long after its window closed is given up. */
  giveUpAfterMs: number;
}

/** Turns a job into its message; throws Abandon when what it is about is gone. */
export type MessageSource = (delivery: Delivery, context: MessageContext) => Promise<OutboxMessage>;

export interface DeliveryDeps {
  store: DeliveryStore;
  /** Where the messages of each kind of job come from (more kinds can join later, see `serve`). */
  sources: Partial<Record<DeliveryKind, MessageSource>>;
  clock: Clock;
  logger: Logger;
  /** The publisher of a platform on this replica, if it has one now (a Discord standby has none). */
  publisherOf(platform: string): QuizPublisher | undefined;
  settings?: Partial<DeliverySettings>;
}

/** Counts since start, for metrics. */
export interface DeliveryCounters {
  posted: number;
  sent: number;
  failedAttempts: number;
  abandoned: number;
}

/**
 * The outbox worker. Every message the quiz engine publishes on its own is a
 * job in the database (queued with the claim that calls for it); this sends
 * them. Each platform drains its queue on its own, with a few jobs in flight
 * and a timeout on every call, so a platform that hangs or fails delays only
 * its own messages. A failed job is retried with backoff until it is sent or
 * too late to matter; a job whose replica died is retried once its claim
 * lapses; an attempt whose outcome is unknown (timed out, or sent but not
 * recorded) first looks for the message on the platform before sending
 * again, and sends with an idempotency key the platform can dedupe on.
 */
export class QuizDeliveries {
  readonly counters: DeliveryCounters = { posted: 0, sent: 0, failedAttempts: 0, abandoned: 0 };
  private readonly settings: DeliverySettings;
  private readonly drains = new Map<string, { done: Promise<void>; again: boolean }>();
  private stopping = false;
  /** While the database is unreachable, say so once per platform, not once per tick. */
  private readonly failing = new Set<string>();
  private readonly sources: Map<DeliveryKind, MessageSource>;

  constructor(private readonly deps: DeliveryDeps) {
    this.settings = { ...DEFAULT_DELIVERY_SETTINGS, ...deps.settings };
    this.sources = new Map(Object.entries(deps.sources) as Array<[DeliveryKind, MessageSource]>);
  }

  /** Delivers jobs of these kinds with messages from `source` (a feature built on top of the quiz, like study plans). */
  serve(kinds: readonly DeliveryKind[], source: MessageSource): void {
    for (const kind of kinds) this.sources.set(kind, source);
  }

  /** Starts draining these platforms' queues (those not already draining); returns at once. */
  kick(platforms: Iterable<string>): void {
    for (const platform of platforms) void this.drain(platform);
  }

  /** Drains a platform's queue: resolves when nothing is due there any more. Never rejects. */
  drain(platform: string): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const running = this.drains.get(platform);
    if (running) {
      // Jobs queued after its workers looked: they go round once more before it resolves.
      running.again = true;
      return running.done;
    }
    const state = { done: Promise.resolve(), again: false };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await Promise.all(Array.from({ length: this.settings.concurrency }, () => this.work(platform)));
        } while (state.again && !this.stopping);
      } finally {
        this.drains.delete(platform);
      }
    })();
    this.drains.set(platform, state);
    return state.done;
  }

  /** Drains a platform's queue, waiting at most `ms` for it (a command that says "posted" or "on its way"). */
  async drainWithin(platform: string, ms: number): Promise<void> {
    await Promise.race([this.drain(platform), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  }

  /** No new jobs; waits (at most `timeoutMs`) for those in flight. Unfinished ones are retried when their claim lapses. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const all = Promise.all([...this.drains.values()].map((d) => d.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private async work(platform: string): Promise<void> {
    while (!this.stopping) {
      const publisher = this.deps.publisherOf(platform);
      if (!publisher) return;
      let delivery: Delivery | undefined;
      try {
        delivery = await this.deps.store.claimNext(platform, this.deps.clock.now(), this.settings.leaseMs);
        this.recovered(platform);
      } catch (error) {
        // The database is unreachable: the next tick tries again.
        this.failed(platform, error);
        return;
      }
      if (!delivery) return;
      await this.perform(delivery, publisher);
    }
  }

  private async perform(delivery: Delivery, publisher: QuizPublisher): Promise<void> {
    const { logger, clock } = this.deps;
    let message: OutboxMessage | undefined;
    try {
      const source = this.sources.get(delivery.kind);
      if (!source) throw new Abandon(`nothing on this replica delivers ${delivery.kind} jobs`);
      message = await source(delivery, { publisher, callTimeoutMs: this.settings.callTimeoutMs, giveUpAfterMs: this.settings.giveUpAfterMs });
      const messageId = await message.send();
      await this.record(delivery, messageId);
      this.counters.sent += 1;
      if (delivery.kind === 'post') this.counters.posted += 1;
    } catch (error) {
      const now = clock.now();
      if (error instanceof Abandon || message?.tooLate(now)) {
        const reason = error instanceof Abandon ? error.message : `too late to deliver after ${delivery.attempts} attempts: ${describe(error)}`;
        this.counters.abandoned += 1;
        logger.warn(
          { delivery: delivery.id, kind: delivery.kind, post: delivery.postId ?? delivery.planPostId, tenant: delivery.tenantId, reason },
          'quiz message given up',
        );
        await this.deps.store.abandon(delivery, now, reason).catch(() => {});
        return;
      }
      this.counters.failedAttempts += 1;
      const delay = this.retryDelay(delivery.attempts);
      logger.warn(
        {
          err: error,
          delivery: delivery.id,
          kind: delivery.kind,
          post: delivery.postId ?? delivery.planPostId,
          tenant: delivery.tenantId,
          attempt: delivery.attempts,
          retryInMs: delay,
        },
        'could not deliver a quiz message; will retry',
      );
      // If this write fails too, the claim lapses and the job is retried anyway.
      await this.deps.store.retryLater(delivery, new Date(now.getTime() + delay), describe(error)).catch(() => {});
    }
  }

  /**
   * The message is on the platform: record it. A failed write is retried here
   * (the message id is only in memory), then left to the next attempt, which
   * finds the message instead of sending it again.
   */
  private async record(delivery: Delivery, messageId: string | undefined): Promise<void> {
    const waits = this.settings.recordRetryDelaysMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.store.sent(delivery, this.deps.clock.now(), messageId);
        return;
      } catch (error) {
        const wait = waits[attempt];
        if (wait === undefined || this.stopping) {
          this.deps.logger.error(
            { err: error, delivery: delivery.id, post: delivery.postId, messageId },
            'sent, but could not record it; the next attempt will find the message',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  }

  private retryDelay(attempts: number): number {
    const delays = this.settings.retryDelaysMs;
    const base = delays[Math.min(attempts, delays.length) - 1] ?? delays.at(-1) ?? 60_000;
    // Up to a fifth more, so replicas and channels that failed together do not retry in lockstep.
    return Math.round(base * (1 + Math.random() * 0.2));
  }

  private failed(platform: string, error: unknown): void {
    if (this.failing.has(platform)) return;
    this.failing.add(platform);
    this.deps.logger.warn({ err: error, platform }, 'quiz deliveries: database not reachable; retrying on the next tick');
  }

  private recovered(platform: string): void {
    if (this.failing.delete(platform)) this.deps.logger.info({ platform }, 'quiz deliveries: database reachable again');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
