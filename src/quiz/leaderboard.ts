import { DateTime } from 'luxon';
import { competitionRanking, type Ranked } from './scoring.js';
import type { QuizStore } from './ports.js';

export type Period = 'week' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['week', 'month', 'all'];

export interface BoardEntry {
  userId: string;
  displayName: string;
  points: number;
  correct: number;
  answered: number;
  lastCorrectAt: Date | null;
  streak: number;
}

export interface BoardSource {
  people(tenantId: string, since: Date | null, now: Date): Promise<BoardEntry[]>;
}

/** Weeks start on Monday and months on the 1st, at midnight in the tenant's timezone. */
export function periodStart(period: Period, now: Date, timezone: string): Date | null {
  if (period === 'all') return null;
  const local = DateTime.fromJSDate(now, { zone: timezone });
  return local.startOf(period === 'week' ? 'week' : 'month').toJSDate();
}

const byEarlierLastCorrect = (a: BoardEntry, b: BoardEntry): number =>
  (a.lastCorrectAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.lastCorrectAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
  a.displayName.localeCompare(b.displayName);

export class Leaderboards {
  constructor(
    private readonly source: BoardSource,
    private readonly store: Pick<QuizStore, 'channels'>,
  ) {}

  /** The tenant's timezone: its first quiz channel's, UTC when it has none. */
  async timezone(tenantId: string): Promise<string> {
    return (await this.store.channels(tenantId))[0]?.timezone ?? 'UTC';
  }

  async people(tenantId: string, period: Period, now: Date): Promise<{ ranked: Ranked<BoardEntry>[]; since: Date | null; timezone: string }> {
    const timezone = await this.timezone(tenantId);
    const since = periodStart(period, now, timezone);
    const rows = await this.source.people(tenantId, since, now);
    return { ranked: competitionRanking(rows, (r) => r.points, byEarlierLastCorrect), since, timezone };
  }
}
