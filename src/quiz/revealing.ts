import type { Clock, Logger } from '../core/ports.js';
import { mapLimit } from '../core/concurrency.js';
import type { QuizDeliveries } from './deliveries.js';
import type { QuizPost } from './model.js';
import { CLAIM_CONCURRENCY } from './posting.js';
import type { QuizStore } from './ports.js';
import { platformOf, type QuizPublishers } from './publishers.js';
import { RevealTimers, realTimers, type Timers } from './reveal-timers.js';

export interface DailyRevealsDeps {
  store: QuizStore;
  publishers: QuizPublishers;
  deliveries: QuizDeliveries;
  clock: Clock;
  logger: Logger;
  /** How reveals are timed for the close of each window (tests drive them by hand). */
  timers?: Timers;
}

/** Posts closing within this much of a tick get a timer for their reveal (the tick runs at least every minute). */
const REVEAL_HORIZON_MS = 2 * 60_000;

/**
 * Revealing the answer when a window closes: a timer per open post fires at
 * its close, the claim in the database lets one replica reveal it (tally
 * included), and the outbox closes the post and sends the reveal.
 */
export class DailyReveals {
  private readonly timers: RevealTimers<QuizPost>;
  private revealedCount = 0;

  constructor(private readonly deps: DailyRevealsDeps) {
    this.timers = new RevealTimers(deps.timers ?? realTimers(deps.clock), deps.clock, (post) => this.revealOnTime(post));
  }

  /** Reveals this process claimed (metrics). */
  get revealed(): number {
    return this.revealedCount;
  }

  /** A timer for the post's close. */
  watch(post: QuizPost): void {
    this.timers.watch(post);
  }

  /** Cancels the timers (shutdown); the next replica's tick reveals what is left. */
  stop(): void {
    this.timers.stop();
  }

  /** Claims the reveal (tally included) and queues its messages; true for the one caller that claimed it. */
  async reveal(post: QuizPost, now = this.deps.clock.now()): Promise<boolean> {
    if (!this.deps.publishers.serves(post.tenantId)) return false;
    const claimed = await this.deps.store.claimReveal(post.id, now);
    if (!claimed) return false;
    this.revealedCount += 1;
    this.deps.deliveries.kick([platformOf(post.tenantId)]);
    return true;
  }

  /** The tick's part: reveals every closed post not revealed yet, and times those closing before the next tick. */
  async claimDue(now: Date): Promise<number> {
    const unrevealed = (await this.deps.store.postsToReveal(new Date(now.getTime() + REVEAL_HORIZON_MS))).filter((p) =>
      this.deps.publishers.serves(p.tenantId),
    );
    const closed = unrevealed.filter((p) => p.closesAt.getTime() <= now.getTime());
    for (const post of unrevealed) if (!closed.includes(post)) this.timers.watch(post);
    const revealed = await mapLimit(closed, CLAIM_CONCURRENCY, (post) => this.reveal(post, now));
    return revealed.filter(Boolean).length;
  }

  private async revealOnTime(post: QuizPost): Promise<void> {
    try {
      await this.reveal(post);
    } catch (error) {
      // The tick reveals it instead.
      this.deps.logger.warn({ err: error, post: post.id }, 'a timed reveal failed; the next tick will reveal it');
    }
  }
}
