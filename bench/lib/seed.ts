/**
 * The deterministic world the benchmarks run against: tenants of uneven size
 * (the largest holds a fifth of all users), a year of daily quiz posts, answers
 * with real speed ranks and streaks, teams, review decks, practice answers and
 * lesson views. Set-based SQL, so a million answers take seconds, not minutes.
 */
import { createEmptyCard } from 'ts-fsrs';
import type { Sql } from 'postgres';
import type { Course } from '../../src/content/model.js';
import { SQL_IDS, tenantId } from './ids.js';
import { LARGEST_SHARE, type Sizes } from './sizes.js';

const TIMEZONES = ['Europe/Madrid', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Australia/Sydney', 'America/Sao_Paulo', 'Europe/Berlin'];

export interface SeededTenant {
  index: number;
  tenantId: string;
  users: number;
  timezone: string;
}

/** Users per tenant: tenant 0 is the largest; the rest vary between 1× and 2× of each other. */
export function tenantPlan(sizes: Sizes): SeededTenant[] {
  const largest = Math.round(sizes.users * LARGEST_SHARE);
  const rest = sizes.users - largest;
  const weights = Array.from({ length: sizes.tenants - 1 }, (_, i) => 1 + (((i + 1) * 37) % 11) / 10);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / total) * rest));
  counts[counts.length - 1]! += rest - counts.reduce((a, b) => a + b, 0);
  return [largest, ...counts].map((users, index) => ({ index, tenantId: tenantId(index), users, timezone: TIMEZONES[index % TIMEZONES.length]! }));
}

async function step(label: string, log: (line: string) => void, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  log(`  seed: ${label} (${Math.round(performance.now() - started)} ms)`);
}

export async function seed(sql: Sql, sizes: Sizes, course: Course, log: (line: string) => void): Promise<{ answers: number; tenants: SeededTenant[] }> {
  const plan = tenantPlan(sizes);
  const subchapters = course.chapters.flatMap((c) => c.subchapters);
  const questions = subchapters.flatMap((s) => s.lesson?.questions ?? []).map((q, idx) => ({ idx, key: q.key, answer: q.answer }));
  const reviewState = JSON.stringify(createEmptyCard(new Date('2026-01-01T00:00:00Z')));
  const user = SQL_IDS.user('s.t', 'u');

  await step('world tables', log, async () => {
    await sql`create temp table seed_tenants (t int, tenant_id text, n int, tz text)`;
    await sql`insert into seed_tenants ${sql(plan.map((p) => ({ t: p.index, tenant_id: p.tenantId, n: p.users, tz: p.timezone })))}`;
    await sql`create temp table seed_questions (idx int, key text, answer int)`;
    await sql`insert into seed_questions ${sql(questions)}`;
    await sql`insert into tenants ${sql(plan.map((p) => ({ id: p.tenantId, platform: p.tenantId.slice(0, p.tenantId.indexOf(':')), external_id: p.tenantId.slice(p.tenantId.indexOf(':') + 1), name: `Bench server ${p.index}` })))}`;
  });
  await step(`${sizes.users} users`, log, () =>
    sql.unsafe(`insert into users (tenant_id, id, display_name)
      select s.tenant_id, ${user}, 'Learner ' || s.t || '-' || u from seed_tenants s cross join generate_series(0, s.n - 1) u`),
  );
  await step('quiz channels and a year of posts', log, async () => {
    await sql.unsafe(`insert into quiz_channels (tenant_id, channel_id, channel_name, time, timezone, days, window_minutes)
      select s.tenant_id, ${SQL_IDS.channel('s.t')}, 'study', '18:00', s.tz, array['mon','tue','wed','thu','fri','sat','sun'], 60 from seed_tenants s`);
    await sql.unsafe(`insert into quiz_posts (tenant_id, channel_id, local_date, question_key, choice_order, cycle, opens_at, closes_at, message_id, posted_at, revealed_at)
      select s.tenant_id, ${SQL_IDS.channel('s.t')}, current_date - d, q.key,
             array[(s.t + d) % 4, (s.t + d + 1) % 4, (s.t + d + 2) % 4, (s.t + d + 3) % 4], 1,
             o.opens, o.opens + interval '60 minutes', 'seed-' || s.t || '-' || d, o.opens, o.opens + interval '60 minutes'
      from seed_tenants s cross join generate_series(1, ${sizes.days}) d
      join seed_questions q on q.idx = (s.t * 31 + d) % (select count(*) from seed_questions)
      cross join lateral (select ((current_date - d) + time '18:00') at time zone s.tz as opens) o`);
  });
  await step(`${sizes.answers} daily answers with speed ranks and streaks`, log, async () => {
    // Each user answers a given day's post with the same chance (a hash of user, day and server, so
    // different people each day), a little over what the wanted total needs; the oldest days are
    // trimmed to make the total exact. j orders a post's answers in time.
    const threshold = Math.ceil((sizes.answers / (sizes.users * sizes.days)) * 1.03 * 100_000);
    await sql.unsafe(`create temp table seed_answers as
      select c.*, ((c.u * 31 + c.age * 17 + c.t) % 100) < 62 as correct
      from (
        select x.*, row_number() over (partition by x.post_id order by x.h) - 1 as j, row_number() over (order by x.age, x.t, x.h) as rn
        from (
          select p.id as post_id, p.tenant_id, p.local_date, p.opens_at, s.t, q.answer, (current_date - p.local_date) as age, u,
                 hashint4(u * 7919 + (current_date - p.local_date) * 104729 + s.t) as h
          from quiz_posts p
          join seed_tenants s on s.tenant_id = p.tenant_id
          join seed_questions q on q.key = p.question_key
          cross join generate_series(0, s.n - 1) u
          where (hashint4(u * 1000003 + (current_date - p.local_date) * 7919 + s.t * 31) & 2147483647) % 100000 < ${threshold}
        ) x
      ) c
      where c.rn <= ${sizes.answers}`);
    // Streaks: consecutive quiz days answered correctly (every seeded day has a post) — gaps and islands.
    await sql.unsafe(`create temp table seed_streaks as
      select post_id, u, t, row_number() over (partition by t, u, island order by age desc) as streak
      from (select post_id, u, t, age, age + row_number() over (partition by t, u order by age desc) as island from seed_answers where correct) x`);
    // The per-answer trigger that maintains board_totals is off for the bulk load; the totals are rebuilt below.
    await sql`alter table daily_answers disable trigger user`;
    await sql.unsafe(`insert into daily_answers (tenant_id, post_id, user_id, choice, correct, correct_rank, streak,
                                           points_base, points_speed, points_streak, points, local_date, answered_at)
      select a.tenant_id, a.post_id, ${SQL_IDS.user('a.t', 'a.u')},
             case when a.correct then a.answer else (a.answer + 1 + a.u % 3) % 4 end, a.correct, a.rank, coalesce(st.streak, 0),
             case when a.correct then 10 else 0 end,
             case a.rank when 1 then 3 when 2 then 2 when 3 then 1 else 0 end,
             case when st.streak >= 2 then least(st.streak - 1, 5) else 0 end,
             case when a.correct then 10 else 0 end + case a.rank when 1 then 3 when 2 then 2 when 3 then 1 else 0 end
               + case when st.streak >= 2 then least(st.streak - 1, 5) else 0 end,
             a.local_date, a.opens_at + a.j * interval '2 seconds' + (a.u % 2) * interval '1 second'
      from (select a.*, case when a.correct then row_number() over (partition by a.post_id, a.correct order by a.j) end as rank from seed_answers a) a
      left join seed_streaks st on st.post_id = a.post_id and st.u = a.u and st.t = a.t`);
  });
  await step('teams, review decks, practice answers, lesson views', log, async () => {
    await sql.unsafe(`insert into teams (tenant_id, name, created_by)
      select s.tenant_id, 'Team ' || chr(65 + i), ${SQL_IDS.user('s.t', '0')} from seed_tenants s cross join generate_series(0, 3) i`);
    await sql.unsafe(`insert into team_members (tenant_id, user_id, team_id)
      select s.tenant_id, ${user}, tm.id from seed_tenants s cross join generate_series(0, s.n - 1, 2) u
      join teams tm on tm.tenant_id = s.tenant_id and tm.name = 'Team ' || chr(65 + (u / 2) % 4)`);
    await sql.unsafe(
      `insert into review_cards (tenant_id, user_id, question_key, due, state, reviews, lapses)
      select s.tenant_id, ${user}, q.key, now() + ((u + c) % 20 - 5) * interval '1 day', $1::jsonb, 1 + c % 3, c % 2
      from seed_tenants s cross join generate_series(0, s.n - 1) u cross join generate_series(0, 9) c
      join seed_questions q on q.idx = (u * 7 + c * 13) % (select count(*) from seed_questions)`,
      [reviewState],
    );
    await sql.unsafe(`insert into practice_answers (tenant_id, user_id, question_key, kind, correct, answered_at)
      select s.tenant_id, ${user}, q.key, 'practice', (u + c) % 3 > 0, now() - c * interval '1 day'
      from seed_tenants s cross join generate_series(0, s.n - 1) u cross join generate_series(0, 4) c
      join seed_questions q on q.idx = (u * 11 + c * 17) % (select count(*) from seed_questions)`);
    const lessonIds = subchapters.map((s) => s.id);
    await sql.unsafe(
      `insert into lesson_views (tenant_id, user_id, lesson_id, viewed_at)
      select s.tenant_id, ${user}, ($1::text[])[1 + (u * 5 + c) % array_length($1::text[], 1)], now() - c * interval '1 day'
      from seed_tenants s cross join generate_series(0, s.n - 1) u cross join generate_series(0, 4) c`,
      [lessonIds],
    );
  });
  await step('leaderboard totals', log, async () => {
    await rebuildBoardTotals(sql);
    await sql`alter table daily_answers enable trigger user`;
  });
  await step('analyze', log, () => sql`analyze`);
  const [{ count }] = (await sql`select count(*)::int as count from daily_answers`) as unknown as [{ count: number }];
  return { answers: count, tenants: plan };
}

/** The same aggregation as the migration's backfill: every period total from the raw answers. */
export async function rebuildBoardTotals(sql: Sql): Promise<void> {
  const [exists] = await sql`select to_regclass('public.board_totals') as name`;
  if (!exists?.name) return;
  await sql`delete from board_totals`;
  await sql.unsafe(`insert into board_totals (tenant_id, period, period_start, user_id, points, correct, answered, last_correct_at)
    select tenant_id, period, period_start, user_id, sum(points)::int, (count(*) filter (where correct))::int, count(*)::int,
           max(answered_at) filter (where correct)
    from (
      select a.*, p.period, case p.period when 'week' then date_trunc('week', a.local_date)::date
                                           when 'month' then date_trunc('month', a.local_date)::date
                                           else date '1970-01-01' end as period_start
      from daily_answers a cross join (values ('week'), ('month'), ('all')) p(period)
    ) x
    group by tenant_id, period, period_start, user_id`);
}
