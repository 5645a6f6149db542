import { sql } from 'drizzle-orm';
import type { BoardEntry, BoardSource } from '../../quiz/leaderboard.js';
import { resultRows, type Database } from '../client.js';

interface RawRow {
  user_id: string;
  display_name: string;
  points: number;
  correct: number;
  answered: number;
  last_correct: Date | string | null;
  streak: number;
}

/**
 * Sums stored per-answer points over a period. Users are joined by their
 * stored display name, so people who left the server still appear.
 */
export class LeaderboardRepository implements BoardSource {
  constructor(private readonly db: Database) {}

  async people(tenantId: string, since: Date | null, now: Date): Promise<BoardEntry[]> {
    // Raw SQL parameters: instants travel as ISO strings (postgres.js does not serialise Date here).
    const result = await this.db.execute(sql`
      with board as (
        select user_id, sum(points)::int as points, (count(*) filter (where correct))::int as correct,
               count(*)::int as answered, max(answered_at) filter (where correct) as last_correct
        from daily_answers
        where tenant_id = ${tenantId} and answered_at >= ${(since ?? new Date(0)).toISOString()}::timestamptz
        group by user_id
      ),
      last_closed_day as (
        select max(local_date) as day from quiz_posts where tenant_id = ${tenantId} and closes_at <= ${now.toISOString()}::timestamptz
      )
      select b.user_id, u.display_name, b.points, b.correct, b.answered, b.last_correct,
             case when l.local_date >= coalesce((select day from last_closed_day), l.local_date) then l.streak else 0 end::int as streak
      from board b
      join users u on u.tenant_id = ${tenantId} and u.id = b.user_id
      -- Each user's latest answer, one index probe each on daily_answers_user_idx
      -- (a DISTINCT ON over the tenant's whole history sorted every answer).
      left join lateral (
        select a.streak, a.local_date from daily_answers a
        where a.tenant_id = ${tenantId} and a.user_id = b.user_id
        order by a.local_date desc, a.answered_at desc
        limit 1
      ) l on true`);
    return resultRows<RawRow>(result).map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      points: r.points,
      correct: r.correct,
      answered: r.answered,
      lastCorrectAt: r.last_correct ? new Date(r.last_correct) : null,
      streak: r.streak ?? 0,
    }));
  }
}
