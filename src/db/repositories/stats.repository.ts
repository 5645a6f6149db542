import { sql } from 'drizzle-orm';
import type { Period } from '../../quiz/leaderboard.js';
import type { ChapterMastery, PointsBreakdown, StatsStore, UserStats } from '../../quiz/ports.js';
import { resultRows, type Database } from '../client.js';

/** One user's numbers in one tenant, for /stats. */
export class StatsRepository implements StatsStore {
  constructor(private readonly db: Database) {}

  /**
   * `periodStarts` are the current week's and month's bucket keys (periodStartDate). An answer
   * counts for a period when its quiz day falls in that bucket, exactly as board_totals buckets
   * it (date_trunc, migration 0004), so /stats and the boards always show the same totals.
   */
  async userStats(tenantId: string, userId: string, periodStarts: Record<Exclude<Period, 'all'>, string>): Promise<UserStats> {
    const inWeek = sql`date_trunc('week', local_date::timestamp)::date = ${periodStarts.week}::date`;
    const inMonth = sql`date_trunc('month', local_date::timestamp)::date = ${periodStarts.month}::date`;
    const [points] = resultRows<Record<string, number>>(
      await this.db.execute(sql`
        select
          coalesce(sum(points_base) filter (where ${inWeek}), 0)::int as week_base,
          coalesce(sum(points_speed) filter (where ${inWeek}), 0)::int as week_speed,
          coalesce(sum(points_streak) filter (where ${inWeek}), 0)::int as week_streak,
          coalesce(sum(points_base) filter (where ${inMonth}), 0)::int as month_base,
          coalesce(sum(points_speed) filter (where ${inMonth}), 0)::int as month_speed,
          coalesce(sum(points_streak) filter (where ${inMonth}), 0)::int as month_streak,
          coalesce(sum(points_base), 0)::int as all_base,
          coalesce(sum(points_speed), 0)::int as all_speed,
          coalesce(sum(points_streak), 0)::int as all_streak,
          coalesce(max(streak), 0)::int as best_streak
        from daily_answers where tenant_id = ${tenantId} and user_id = ${userId}`),
    ) as [Record<string, number>];
    const mastery = resultRows<{ chapter: number; answered: number; correct: number }>(
      await this.db.execute(sql`
        select split_part(q.key, '.', 1)::int as chapter, count(*)::int as answered, (count(*) filter (where q.correct))::int as correct
        from (
          select p.question_key as key, a.correct from daily_answers a join quiz_posts p on p.id = a.post_id
          where a.tenant_id = ${tenantId} and a.user_id = ${userId}
          union all
          select question_key, correct from practice_answers where tenant_id = ${tenantId} and user_id = ${userId}
        ) q
        group by 1`),
    );
    const breakdown = (p: string): PointsBreakdown => {
      const base = points[`${p}_base`] ?? 0;
      const speed = points[`${p}_speed`] ?? 0;
      const streak = points[`${p}_streak`] ?? 0;
      return { base, speed, streak, total: base + speed + streak };
    };
    return {
      points: { week: breakdown('week'), month: breakdown('month'), all: breakdown('all') },
      bestStreak: points.best_streak ?? 0,
      mastery: mastery.map((m): ChapterMastery => ({ chapter: Number(m.chapter), answered: m.answered, correct: m.correct })),
    };
  }
}
