import { NO_CARDS, type CardRenderer } from '../core/cards.js';
import type { CourseCatalog } from '../content/catalog.js';
import type { Clock, Logger } from '../core/ports.js';
import { DailyAnswers } from './answering.js';
import { QuizChannels } from './channels.js';
import { QuizDeliveries, type DeliverySettings } from './deliveries.js';
import { quizMessages } from './delivery-message.js';
import type { AnswerStore, DeliveryStore, QuizStore, ReportStore } from './ports.js';
import { DailyPosts } from './posting.js';
import { QuizPublishers } from './publishers.js';
import { DailyReveals } from './revealing.js';
import type { Timers } from './reveal-timers.js';

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
  /** Draws the reveal's chart (none: the reveal is text only). */
  cards?: CardRenderer;
}

/**
 * The daily quiz, one service per job: `channels` (configuration), `publishers`
 * (the platforms this replica can post on), `posts` (claiming and posting a
 * day's question), `reveals` (the answer when a window closes), `answers` (the
 * A–D clicks) and `deliveries` (the outbox every message goes through). Every
 * step is claimed in the database first, so several replicas (or a restart in
 * the middle of a window) never post, reveal or count anything twice. This
 * class wires them and runs the scheduler's tick over them.
 */
export class DailyQuiz {
  readonly publishers = new QuizPublishers();
  readonly channels: QuizChannels;
  readonly deliveries: QuizDeliveries;
  readonly reveals: DailyReveals;
  readonly posts: DailyPosts;
  readonly answers: DailyAnswers;

  constructor(private readonly deps: DailyQuizDeps) {
    const { course, store, clock, logger } = deps;
    const publishers = this.publishers;
    this.channels = new QuizChannels(store, publishers, course, deps.reports);
    this.deliveries = new QuizDeliveries({
      store: deps.deliveries,
      sources: Object.fromEntries(
        (['post', 'close', 'reveal'] as const).map((kind) => [kind, quizMessages({ course, posts: store, clock, cards: deps.cards ?? NO_CARDS, logger })]),
      ),
      clock,
      logger,
      publisherOf: (platform) => publishers.get(platform),
      settings: deps.deliverySettings,
    });
    this.reveals = new DailyReveals({ store, publishers, deliveries: this.deliveries, clock, logger, timers: deps.timers });
    this.posts = new DailyPosts({ store, channels: this.channels, publishers, deliveries: this.deliveries, reveals: this.reveals, clock, logger });
    this.answers = new DailyAnswers({ course, posts: store, answers: deps.answers, clock });
  }

  /** Posts and reveals this process made (metrics). */
  get counters(): { posted: number; revealed: number } {
    return { posted: this.deliveries.counters.posted, revealed: this.reveals.revealed };
  }

  /** Cancels the reveal timers (shutdown); the next replica's tick reveals what is left. */
  stop(): void {
    this.reveals.stop();
  }

  /**
   * The scheduler's tick: claims every slot that is open now and not posted
   * yet (catch-up included) and every closed post not yet revealed, and starts
   * their deliveries without waiting for them (a slow platform must not hold
   * up the next tick).
   */
  async claimDue(now = this.deps.clock.now()): Promise<{ posted: number; revealed: number }> {
    const posted = await this.posts.claimDue(now);
    const revealed = await this.reveals.claimDue(now);
    // Every platform here: also jobs that are due again after a failure, or whose replica died.
    this.deliveries.kick(this.publishers.platforms());
    return { posted, revealed };
  }

  /** claimDue, then waits until every platform's queue is drained (tests, and the console). */
  async runDue(now = this.deps.clock.now()): Promise<{ posted: number; revealed: number }> {
    const claimed = await this.claimDue(now);
    await Promise.all(this.publishers.platforms().map((platform) => this.deliveries.drain(platform)));
    return claimed;
  }
}
