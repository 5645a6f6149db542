import type { Ranked } from './scoring.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import type { QuizChannel } from './model.js';
import type { BoardStore } from './ports.js';
import { localDateOf, startOfMonth, startOfWeek } from './schedule.js';

export type Period = 'week' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['week', 'month', 'all'];

/** The all-time board is one bucket. A fixed date keys it, so every period's key has the same shape. */
export const ALL_TIME_START = '1970-01-01';

/** How long a replica trusts the tenant's timezone it read (see Leaderboards.timezones). */
export const TIMEZONE_TTL_MS = 10_000;

export interface BoardEntry {
  userId: string;
  displayName: string;
  points: number;
  correct: number;
  answered: number;
  lastCorrectAt: Date | null;
  /** The current streak: 0 once the user missed the tenant's last closed quiz day. */
  streak: number;
}

export interface BoardQuery {
  tenantId: string;
  period: Period;
  /** The bucket's key, from `periodStartDate` / `periodStartOf`. */
  periodStart: string;
  /** Whose row and rank to return besides the top (usually the caller). */
  userId?: string;
  /** How many of the top to return (0 for only the user's row and the board's size). */
  limit: number;
  /** Decides the streaks: a streak ends when the user misses a quiz day that has closed. */
  now: Date;
}

export interface BoardPage {
  /** The top `limit`, in board order, each with its competition rank (1, 2, 2, 4). */
  top: Ranked<BoardEntry>[];
  /** The user's own row and rank, also when outside the top; absent when they have no answer in the period. */
  caller?: Ranked<BoardEntry>;
  /** How many people are on the board. */
  size: number;
}

/**
 * The bucket an answer on quiz day `localDate` (YYYY-MM-DD) counts for: the
 * Monday of its ISO week, the 1st of its month, or ALL_TIME_START. The
 * database buckets answers with date_trunc (migration 0004), which agrees.
 */
export function periodStartOf(period: Period, localDate: string): string {
  if (period === 'all') return ALL_TIME_START;
  return period === 'week' ? startOfWeek(localDate) : startOfMonth(localDate);
}

/**
 * The current period's bucket. Answers are bucketed by their quiz day (the
 * channel's local date), so "now" is bucketed by today's date in the tenant's
 * timezone, not by an instant: a Sunday-night answer stays in its week.
 */
export function periodStartDate(period: Period, now: Date, timezone: string): string {
  return periodStartOf(period, localDateOf(now, timezone));
}

/** The current week's and month's bucket keys, as /stats and the home page read a member's totals. */
export function currentPeriodStarts(now: Date, timezone: string): Record<Exclude<Period, 'all'>, string> {
  const today = localDateOf(now, timezone);
  return { week: periodStartOf('week', today), month: periodStartOf('month', today) };
}

/** Where a tenant's quiz channels are read, and who says when one changed. */
export interface ChannelSource {
  list(tenantId: string): Promise<Array<Pick<QuizChannel, 'timezone'>>>;
  onChange(listener: () => void): void;
}

export class Leaderboards {
  /**
   * Every board and /stats read starts from the tenant's timezone: keep it for a few seconds
   * instead of reading the channels each time. A change made here clears it at once; one made on
   * another replica shows within TIMEZONE_TTL_MS, and a timezone only decides on which side of a
   * week or month boundary "now" falls.
   */
  private readonly timezones = new ExpiringCache<string, string>(TIMEZONE_TTL_MS, 10_000);

  constructor(
    private readonly source: BoardStore,
    private readonly channels: ChannelSource,
  ) {
    channels.onChange(() => this.timezones.clear());
  }

  /** The tenant's timezone: its first quiz channel's, UTC when it has none. */
  async timezone(tenantId: string): Promise<string> {
    const cached = this.timezones.get(tenantId);
    if (cached) return cached;
    const timezone = (await this.channels.list(tenantId))[0]?.timezone ?? 'UTC';
    this.timezones.set(tenantId, timezone);
    return timezone;
  }

  /** The top `limit` of the current period's board, and `userId`'s row and rank wherever they stand. */
  async board(tenantId: string, period: Period, now: Date, userId: string | undefined, limit: number): Promise<BoardPage & { timezone: string }> {
    const timezone = await this.timezone(tenantId);
    const page = await this.source.page({ tenantId, period, periodStart: periodStartDate(period, now, timezone), userId, limit, now });
    return { ...page, timezone };
  }
}
