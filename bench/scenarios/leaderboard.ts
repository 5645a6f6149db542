/**
 * Leaderboards at scale: the top 10 plus the caller's rank for week, month and
 * all time in the largest tenant, through the real repository (board_totals),
 * next to the naive query that aggregates the raw answers, with both plans.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database } from '../../src/db/client.js';
import { LeaderboardRepository } from '../../src/db/repositories/leaderboard.repository.js';
import * as schema from '../../src/db/schema.js';
import { PERIODS, periodStartDate, type Period } from '../../src/quiz/leaderboard.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

/** What the leaderboard did before board_totals: sum every answer of the period, then rank. */
function naiveSql(period: Period, since: string): string {
  const where = period === 'all' ? '' : `and local_date >= '${since}'::date`;
  return `
    with board as (
      select user_id, sum(points)::int as points, max(answered_at) filter (where correct) as last_correct
      from daily_answers where tenant_id = $1 ${where} group by user_id
    )
    (select b.user_id, u.display_name, b.points, 1 + (select count(*) from board o where o.points > b.points) as rank
     from board b join users u on u.tenant_id = $1 and u.id = b.user_id
     order by b.points desc, b.last_correct nulls last, u.display_name limit 10)
    union all
    (select b.user_id, '', b.points, 1 + (select count(*) from board o where o.points > b.points) from board b where b.user_id = $2)`;
}

async function time<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export const leaderboardScenario: Scenario = {
  name: 'leaderboard',
  async run({ sizes, database, log, attach }) {
    const largest = database.tenants[0]!;
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    let lastQuery: { sql: string; params: unknown[] } | undefined;
    const db = drizzle({ client, schema, logger: { logQuery: (sql, params) => (lastQuery = { sql, params }) } }) as unknown as Database;
    const repository = new LeaderboardRepository(db);
    const [{ timezone }] = (await client`select timezone from quiz_channels where tenant_id = ${largest.tenantId} limit 1`) as unknown as [
      { timezone: string },
    ];
    // Measured as of the seed's last quiz window, read from the data: "yesterday" by the clock would be
    // the wrong day once the template is a day old, or near midnight UTC on a Monday (or the 1st) in a
    // server east of UTC, where it is already the new week's (month's) empty board.
    const [{ closed }] = (await client`select (extract(epoch from closes_at) * 1000)::float8 as closed from quiz_posts
      where tenant_id = ${largest.tenantId} order by local_date desc limit 1`) as unknown as [{ closed: number }];
    const now = new Date(closed + 60_000);
    const figures: Figure[] = [];
    const plans: Record<string, string> = {};
    try {
      for (const period of PERIODS) {
        const periodStart = periodStartDate(period, now, timezone);
        // Someone in the middle of this board: their rank is a real count, not the top of the index.
        const [{ user_id: caller }] = (await client`select user_id from board_totals
          where tenant_id = ${largest.tenantId} and period = ${period} and period_start = ${periodStart}
          order by points desc, user_id offset (select count(*) / 2 from board_totals where tenant_id = ${largest.tenantId} and period = ${period} and period_start = ${periodStart}) limit 1`) as unknown as [
          { user_id: string },
        ];
        const page = () => repository.page({ tenantId: largest.tenantId, period, periodStart, userId: caller, limit: 10, now });
        const naive = () => client.unsafe(naiveSql(period, periodStart), [largest.tenantId, caller]);
        const first = await page();
        if (first.top.length === 0 || first.size === 0) throw new Error(`the ${period} board of the largest tenant is empty`);
        const pageSql = lastQuery!;
        for (let i = 0; i < 20; i++) await page().then(naive); // warm the caches
        const fast: number[] = [];
        const slow: number[] = [];
        for (let i = 0; i < sizes.leaderboardCalls; i++) {
          fast.push(await time(page));
          if (i % 5 === 0) slow.push(await time(naive));
        }
        const explain = async (text: string, params: unknown[]) =>
          ((await client.unsafe(`explain (analyze, buffers, costs off) ${text}`, params as never[])) as unknown as Array<{ 'QUERY PLAN': string }>)
            .map((r) => r['QUERY PLAN'])
            .join('\n');
        plans[`${period} (board_totals)`] = await explain(pageSql.sql, pageSql.params);
        plans[`${period} (naive aggregate)`] = await explain(naiveSql(period, periodStart), [largest.tenantId, caller]);
        const f = summarize(fast);
        const s = summarize(slow);
        log(`  ${period}: ${f.p50.toFixed(2)} / ${f.p99.toFixed(2)} ms (naive ${s.p50.toFixed(1)} ms) · ${first.size} people, caller #${first.caller?.rank}`);
        const naiveFloor = { name: 'naive aggregate p50', value: s.p50 };
        figures.push(
          {
            scenario: 'leaderboard',
            name: `${period}: top 10 + caller rank, median`,
            value: f.p50,
            unit: 'ms',
            floor: naiveFloor,
            target: { kind: 'max', limit: 5 },
            note: `${first.size} people`,
          },
          { scenario: 'leaderboard', name: `${period}: top 10 + caller rank, p99`, value: f.p99, unit: 'ms', target: { kind: 'max', limit: 20 } },
        );
      }
      const [{ total }] = (await client`select count(*)::int as total from daily_answers where tenant_id = ${largest.tenantId}`) as unknown as [
        { total: number },
      ];
      attach('plans', plans);
      attach('largestTenant', { tenantId: largest.tenantId, users: largest.users, answers: total });
      log(`  largest tenant: ${largest.users} users, ${total} answers`);
      return figures;
    } finally {
      await client.end();
    }
  },
};
