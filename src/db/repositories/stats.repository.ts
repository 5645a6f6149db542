import { sql } from 'drizzle-orm';
import type { QuizDayResult } from '../../core/cards.js';
import { ALL_TIME_START, type Period } from '../../quiz/leaderboard.js';
import type { ChapterMastery, PointsBreakdown, StatsStore, UserStats } from '../../quiz/ports.js';
import { builtOnce } from '../built-once.js';
import { fromJson, resultRows, type Database } from '../client.js';
import { boardSizeSql, competitionRankSql, lastClosedDaySql, latestAnswerSql, liveStreakSql, type Bucket } from './leaderboard.repository.js';

/** One of the member's board_totals rows, as json_agg returns it. */
interface BucketRow {
  period: Period;
  base: number;
  speed: number;
  streak: number;
  best: number;
}

/**
 * The member's numbers in one statement: built once (`builtOnce`), since every `/stats` runs it.
 * `week` and `month` are the current buckets' keys; `from` and `to` the calendar's days, null for
 * none (a range with null ends holds no day). The days come back as one json object of the days
 * with a result (`{"2026-12-07": "right"}`), about 2 KB: a row per day was about 6 KB of json to
 * parse, and 84 objects, a `/stats`. See StatsRepository.userStats.
 */
const userStatsStatement = builtOnce<'tenantId' | 'userId' | 'week' | 'month' | 'now' | 'from' | 'to'>((value) => {
  const [tenantId, userId, now] = [value('tenantId'), value('userId'), value('now')];
  const week: Bucket = { tenantId, period: 'week', periodStart: value('week') };
  return sql`
    with mine as (
      select period, points, points_base as base, points_speed as speed, points_streak as streak, best_streak as best
      from board_totals
      where tenant_id = ${tenantId} and user_id = ${userId}
        and ((period = 'week' and period_start = ${value('week')}::date)
          or (period = 'month' and period_start = ${value('month')}::date)
          or (period = 'all' and period_start = ${ALL_TIME_START}::date))
    ),
    last_closed_day as (${lastClosedDaySql(tenantId, now)}),
    quiz_days as (
      select p.local_date::text as day,
             case when count(a.post_id) > 0 then case when bool_or(a.correct) then 'right' else 'wrong' end
                  when bool_and(p.closes_at <= ${now}::timestamptz) then 'missed' end as result
      from quiz_posts p
      left join daily_answers a on a.post_id = p.id and a.user_id = ${userId}
      where p.tenant_id = ${tenantId} and p.local_date between ${value('from')}::date and ${value('to')}::date
      group by p.local_date
    )
    select
      (select coalesce(json_agg(mine), '[]'::json) from mine) as buckets,
      (select coalesce(json_agg(json_build_object('chapter', c.chapter, 'answered', c.answered, 'correct', c.correct) order by c.chapter), '[]'::json)
         from member_chapter_totals c where c.tenant_id = ${tenantId} and c.user_id = ${userId}) as chapters,
      ${boardSizeSql(week)} as week_size,
      (select ${competitionRankSql(week, sql`m.points`)} from mine m where m.period = 'week') as week_rank,
      (select ${liveStreakSql('l')} from (${latestAnswerSql(tenantId, userId)}) l) as streak,
      (select u.display_name from users u where u.tenant_id = ${tenantId} and u.id = ${userId}) as display_name,
      (select count(distinct v.lesson_id)::int from lesson_views v where v.tenant_id = ${tenantId} and v.user_id = ${userId}) as lessons_opened,
      (select count(*)::int from lesson_progress d where d.tenant_id = ${tenantId} and d.user_id = ${userId}) as lessons_done,
      (select coalesce(json_object_agg(day, result), '{}'::json) from quiz_days where result is not null) as quiz_days`;
});

/** One user's numbers in one tenant, for /stats. */
export class StatsRepository implements StatsStore {
  constructor(private readonly db: Database) {}

  /**
   * `periodStarts` are the current week's and month's bucket keys (currentPeriodStarts): the very
   * board_totals rows the boards read, so /stats and the boards always show the same totals,
   * ranks and streaks (the rank and streak rules are the boards' own SQL).
   *
   * One statement of primary-key reads and index probes kept by triggers (0004, 0009): nothing
   * here grows with the member's answers. Only the week's rank and size count board rows, and the
   * lessons opened count the member's lesson views (index-only).
   */
  async userStats(
    tenantId: string,
    userId: string,
    periodStarts: Record<Exclude<Period, 'all'>, string>,
    now: Date,
    calendar?: { from: string; to: string },
  ): Promise<UserStats> {
    const [row] = resultRows<{
      buckets: BucketRow[] | string;
      chapters: ChapterMastery[] | string;
      week_size: number;
      week_rank: number | null;
      streak: number | null;
      display_name: string | null;
      lessons_opened: number;
      lessons_done: number;
      quiz_days: Record<string, QuizDayResult> | string;
    }>(
      await userStatsStatement(this.db, {
        tenantId,
        userId,
        week: periodStarts.week,
        month: periodStarts.month,
        now: now.toISOString(),
        from: calendar?.from ?? null,
        to: calendar?.to ?? null,
      }),
    );
    const buckets = fromJson<BucketRow[]>(row?.buckets) ?? [];
    const chapters = fromJson<ChapterMastery[]>(row?.chapters) ?? [];
    const breakdown = (period: Period): PointsBreakdown => {
      const bucket = buckets.find((b) => b.period === period);
      const [base, speed, streak] = [Number(bucket?.base ?? 0), Number(bucket?.speed ?? 0), Number(bucket?.streak ?? 0)];
      return { base, speed, streak, total: base + speed + streak };
    };
    return {
      points: { week: breakdown('week'), month: breakdown('month'), all: breakdown('all') },
      bestStreak: Number(buckets.find((b) => b.period === 'all')?.best ?? 0),
      streak: Number(row?.streak ?? 0),
      mastery: chapters.map((m): ChapterMastery => ({ chapter: Number(m.chapter), answered: Number(m.answered), correct: Number(m.correct) })),
      week: { rank: row?.week_rank ?? undefined, size: Number(row?.week_size ?? 0) },
      displayName: row?.display_name ?? undefined,
      lessonsOpened: Number(row?.lessons_opened ?? 0),
      lessonsDone: Number(row?.lessons_done ?? 0),
      quizDays: new Map(Object.entries(fromJson<Record<string, QuizDayResult>>(row?.quiz_days) ?? {})),
    };
  }
}
