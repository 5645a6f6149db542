import { sql } from 'drizzle-orm';
import type { QuizDayResult } from '../../core/cards.js';
import type { Period } from '../../quiz/leaderboard.js';
import type { ChapterMastery, PointsBreakdown, StatsStore, UserStats } from '../../quiz/ports.js';
import { resultRows, type Database } from '../client.js';

/** One user's numbers in one tenant, for /stats. */
export class StatsRepository implements StatsStore {
  constructor(private readonly db: Database) {}

  /**
   * `periodStarts` are the current week's and month's bucket keys (periodStartDate): the very
   * board_totals rows the boards read, so /stats and the boards always show the same totals.
   */
  async userStats(tenantId: string, userId: string, periodStarts: Record<Exclude<Period, 'all'>, string>): Promise<UserStats> {
    // Three primary-key reads of the member's buckets and their chapter rows, kept by triggers (0004, 0009):
    // nothing here grows with the member's history.
    const buckets = resultRows<{ period: Period; base: number; speed: number; streak: number; best: number }>(
      await this.db.execute(sql`
        select period, points_base as base, points_speed as speed, points_streak as streak, best_streak as best
        from board_totals
        where tenant_id = ${tenantId} and user_id = ${userId}
          and ((period = 'week' and period_start = ${periodStarts.week}::date)
            or (period = 'month' and period_start = ${periodStarts.month}::date)
            or (period = 'all' and period_start = date '1970-01-01'))`),
    );
    const chapters = resultRows<{ chapter: number; answered: number; correct: number }>(
      await this.db.execute(sql`
        select chapter, answered, correct from member_chapter_totals
        where tenant_id = ${tenantId} and user_id = ${userId}
        order by chapter`),
    );
    const breakdown = (period: Period): PointsBreakdown => {
      const row = buckets.find((b) => b.period === period);
      const [base, speed, streak] = [Number(row?.base ?? 0), Number(row?.speed ?? 0), Number(row?.streak ?? 0)];
      return { base, speed, streak, total: base + speed + streak };
    };
    return {
      points: { week: breakdown('week'), month: breakdown('month'), all: breakdown('all') },
      bestStreak: Number(buckets.find((b) => b.period === 'all')?.best ?? 0),
      mastery: chapters.map((m): ChapterMastery => ({ chapter: Number(m.chapter), answered: Number(m.answered), correct: Number(m.correct) })),
    };
  }

  async quizDays(tenantId: string, userId: string, range: { from: string; to: string }, now: Date): Promise<Map<string, QuizDayResult>> {
    const rows = resultRows<{ day: string; answered: number; right: boolean | null; closed: boolean }>(
      await this.db.execute(sql`
        select p.local_date::text as day, count(a.post_id)::int as answered, bool_or(a.correct) as right,
               bool_and(p.closes_at <= ${now.toISOString()}::timestamptz) as closed
        from quiz_posts p
        left join daily_answers a on a.post_id = p.id and a.user_id = ${userId}
        where p.tenant_id = ${tenantId} and p.local_date between ${range.from}::date and ${range.to}::date
        group by p.local_date`),
    );
    const days = new Map<string, QuizDayResult>();
    for (const row of rows) {
      if (Number(row.answered) > 0) days.set(row.day, row.right ? 'right' : 'wrong');
      else if (row.closed) days.set(row.day, 'missed');
    }
    return days;
  }
}
