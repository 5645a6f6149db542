/**
 * Spaces calls evenly at a fixed rate, first come first served. Platforms
 * answer a burst beyond their limit with 429s; pacing below the limit means the
 * daily fan-out (every server's quiz at 09:00) never leans on retries.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextSlotAt = 0;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(perSecond > 0)) throw new Error(`Pacer needs a positive rate, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves at this caller's turn. The slot is reserved synchronously, so callers keep their order. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
