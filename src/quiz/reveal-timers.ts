import type { Clock } from '../core/ports.js';

/** Runs a callback at an instant of the engine's clock; returns a cancel function. */
export interface Timers {
  at(when: Date, run: () => void): () => void;
}

/** setTimeout, measured on the engine's clock (unref'd: a pending reveal never keeps the process alive). */
export function realTimers(clock: Clock): Timers {
  return {
    at: (when, run) => {
      const timer = setTimeout(run, Math.max(0, when.getTime() - clock.now().getTime()));
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

/**
 * A timer per open post, for its close: the reveal comes when the window
 * closes, not at the next tick. Every replica may hold one for the same post;
 * the reveal's claim in the database lets one of them reveal. The tick stays
 * the safety net (a restart, a timer lost with its replica).
 */
export class RevealTimers<P extends { id: number; closesAt: Date }> {
  private readonly pending = new Map<number, () => void>();

  constructor(
    private readonly timers: Timers,
    private readonly clock: Clock,
    private readonly reveal: (post: P) => Promise<void>,
  ) {}

  watch(post: P): void {
    if (this.pending.has(post.id)) return;
    const fire = (): void => {
      // Timers may run early by a hair; the window must really be closed.
      if (this.clock.now().getTime() < post.closesAt.getTime()) {
        this.pending.set(post.id, this.timers.at(post.closesAt, fire));
        return;
      }
      this.pending.delete(post.id);
      void this.reveal(post);
    };
    this.pending.set(post.id, this.timers.at(post.closesAt, fire));
  }

  get size(): number {
    return this.pending.size;
  }

  stop(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
