export interface RateLimitSettings {
  /** Requests a member may make in a burst. */
  burst: number;
  /** Requests per second a member may make once the burst is spent. */
  perSecond: number;
  /** Members remembered at once; the least recently seen are forgotten first (a forgotten member starts with a full burst). */
  maxMembers: number;
}

/** Generous for a person clicking through lessons; a script hammering the bot is slowed to a trickle. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { burst: 30, perSecond: 0.5, maxMembers: 50_000 };

/**
 * A token bucket per member, in memory: a member's commands and clicks beyond
 * the rate get a friendly "slow down" and touch nothing else. Per process, so
 * with several replicas a member's allowance is per replica; Discord's
 * interactions all reach the gateway holder anyway.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: RateLimitSettings = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when `key` may go ahead (and a token is spent), false when it is over its rate. */
  take(key: string): boolean {
    const now = this.now();
    const { burst, perSecond, maxMembers } = this.settings;
    const found = this.buckets.get(key);
    const tokens = found ? Math.min(burst, found.tokens + ((now - found.at) / 1000) * perSecond) : burst;
    // Re-inserted so the map's order is least recently seen first.
    this.buckets.delete(key);
    if (this.buckets.size >= maxMembers) this.buckets.delete(this.buckets.keys().next().value as string);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }

  /** Seconds until `key` may go ahead again. */
  waitSeconds(key: string): number {
    const found = this.buckets.get(key);
    if (!found || found.tokens >= 1) return 0;
    return Math.ceil((1 - found.tokens) / this.settings.perSecond);
  }
}
