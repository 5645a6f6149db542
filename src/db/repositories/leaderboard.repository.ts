import { sql, type SQL } from 'drizzle-orm';
import type { BoardEntry, BoardPage, BoardQuery } from '../../quiz/leaderboard.js';
import type { BoardStore } from '../../quiz/ports.js';
import type { Ranked } from '../../quiz/scoring.js';
import { builtOnce, type SqlValue } from '../built-once.js';
import { resultRows, type Database } from '../client.js';

interface PageRow {
  size: number;
  /** Null only on an empty board: the size row still comes back. */
  user_id: string | null;
  is_caller: boolean;
  display_name: string;
  points: number;
  correct: number;
  answered: number;
  last_correct_at: Date | string | null;
  rank: number;
  streak: number;
}

/**
 * Boards read from `board_totals` (maintained per answer, see schema.ts), so
 * a page costs a few index probes whatever the tenant's history: the top N is
 * an index scan + limit on board_totals_rank_idx, each rank a range count on
 * it, and streaks are probed for the returned rows only. Users are joined by
 * their stored display name, so people who left the server still appear.
 */
export class LeaderboardRepository implements BoardStore {
  constructor(private readonly db: Database) {}

  async page(query: BoardQuery): Promise<BoardPage> {
    const { tenantId, period, periodStart, userId, limit, now } = query;
    const rows = resultRows<PageRow>(await pageStatement(this.db, { tenantId, period, periodStart, userId: userId ?? null, limit, now: now.toISOString() }));
    const entries = rows.filter((r) => r.user_id !== null);
    const callerRow = entries.find((r) => r.is_caller);
    return {
      top: entries.filter((r) => !r.is_caller).map(ranked),
      caller: callerRow && ranked(callerRow),
      size: rows[0]?.size ?? 0,
    };
  }
}

/** One board bucket: a tenant's board for a period, keyed by the period's start (see BoardQuery). */
export interface Bucket {
  tenantId: SqlValue<string>;
  period: SqlValue<BoardQuery['period']>;
  periodStart: SqlValue<string>;
}

/** `alias` is in the bucket (tenant, period, period start): the leading columns of both indexes. */
export const inBucket = (alias: string, q: Bucket): SQL =>
  sql`${sql.identifier(alias)}.tenant_id = ${q.tenantId} and ${sql.identifier(alias)}.period = ${q.period} and ${sql.identifier(alias)}.period_start = ${q.periodStart}::date`;

/** How many people are on the bucket's board. */
export const boardSizeSql = (q: Bucket): SQL => sql`(select count(*) from board_totals b where ${inBucket('b', q)})::int`;

/** The competition rank (1, 2, 2, 4) of `points` on the bucket's board: a range count on the index. */
export const competitionRankSql = (q: Bucket, points: SQL): SQL =>
  sql`(1 + (select count(*) from board_totals o where ${inBucket('o', q)} and o.points > ${points}))::int`;

/**
 * The tenant's last closed quiz day, as a one-row query (column `day`): per channel, a backward
 * probe on quiz_posts_slot_uq that stops at the first closed post (a plain max() read every post
 * the tenant ever had).
 */
export const lastClosedDaySql = (tenantId: SqlValue<string>, nowIso: SqlValue<string>): SQL => sql`
  select max(last.local_date) as day from quiz_channels c
  cross join lateral (
    select p.local_date from quiz_posts p
    where p.tenant_id = c.tenant_id and p.channel_id = c.channel_id and p.closes_at <= ${nowIso}::timestamptz
    order by p.local_date desc
    limit 1
  ) last
  where c.tenant_id = ${tenantId}`;

/** A member's latest answer (columns `streak`, `local_date`): one probe on daily_answers_user_idx. */
export const latestAnswerSql = (tenantId: SqlValue<string>, userId: SQL | SqlValue<string>): SQL => sql`
  select a.streak, a.local_date from daily_answers a
  where a.tenant_id = ${tenantId} and a.user_id = ${userId}
  order by a.local_date desc, a.answered_at desc
  limit 1`;

/**
 * The current streak from the latest answer `latest` and the CTE `last_closed_day`: the latest
 * answer's streak counts while the member has not missed a quiz day that has closed.
 */
export const liveStreakSql = (latest: string): SQL =>
  sql`(case when ${sql.identifier(latest)}.local_date >= coalesce((select day from last_closed_day), ${sql.identifier(latest)}.local_date) then ${sql.identifier(latest)}.streak else 0 end)::int`;

/**
 * One round trip: the top rows and the caller's row, each with its rank and
 * streak, plus the board's size. The size comes from a one-row subquery that
 * every entry is left-joined to, so it is there even when no entry is. Every
 * `/leaderboard` runs it, so its text is built once (`builtOnce`).
 */
const pageStatement = builtOnce<'tenantId' | 'period' | 'periodStart' | 'userId' | 'limit' | 'now'>((value) => {
  const q = { tenantId: value('tenantId'), period: value('period'), periodStart: value('periodStart') };
  const entryColumns = sql`b.user_id, u.display_name, b.points, b.correct, b.answered, b.last_correct_at`;
  const withName = sql`board_totals b join users u on u.tenant_id = b.tenant_id and u.id = b.user_id`;
  return sql`
    with top as (
      -- Everyone with more points than a top row is above it in the top, so the competition rank
      -- (1, 2, 2, 4) is ranked among the top rows alone, after the limit: no count per row.
      select t.*, rank() over (order by t.points desc)::int as top_rank from (
        select ${entryColumns}, false as is_caller from ${withName}
        where ${inBucket('b', q)}
        -- Matches board_totals_rank_idx (points desc, last_correct_at asc nulls last): names only break exact ties.
        order by b.points desc, b.last_correct_at, u.display_name, b.user_id
        limit ${value('limit')}
      ) t
    ),
    caller as (
      select ${entryColumns}, true as is_caller, null::int as top_rank from ${withName}
      where ${inBucket('b', q)} and b.user_id = ${value('userId')}
    ),
    entries as (select * from top union all select * from caller),
    last_closed_day as (${lastClosedDaySql(q.tenantId, value('now'))})
    select board.size, e.*
    from (select ${boardSizeSql(q)} as size) board
    left join lateral (
      select e.*,
             -- The caller's rank is counted; a top row's comes from the window (coalesce stops there).
             coalesce(e.top_rank, ${competitionRankSql(q, sql`e.points`)}) as rank,
             ${liveStreakSql('l')} as streak
      from entries e
      -- The user's latest answer: one probe per returned row.
      left join lateral (${latestAnswerSql(q.tenantId, sql`e.user_id`)}) l on true
    ) e on true
    order by e.is_caller, e.points desc, e.last_correct_at, e.display_name, e.user_id`;
});

function ranked(row: PageRow): Ranked<BoardEntry> {
  return {
    rank: row.rank,
    entry: {
      userId: row.user_id!,
      displayName: row.display_name,
      points: row.points,
      correct: row.correct,
      answered: row.answered,
      lastCorrectAt: row.last_correct_at ? new Date(row.last_correct_at) : null,
      streak: row.streak ?? 0,
    },
  };
}
