import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, resultRows, type Database } from '../../src/db/client.js';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { LeaderboardRepository } from '../../src/db/repositories/leaderboard.repository.js';
import { PracticeRepository } from '../../src/db/repositories/practice.repository.js';
import { StatsRepository } from '../../src/db/repositories/stats.repository.js';
import * as schema from '../../src/db/schema.js';
import { PERIODS, periodStartOf, type BoardEntry, type Period } from '../../src/quiz/leaderboard.js';
import { competitionRanking } from '../../src/quiz/scoring.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { createServerDatabase, createTestDatabase, driverName, TEST_DATABASE_URL } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Total {
  period: Period;
  periodStart: string;
  userId: string;
  points: number;
  correct: number;
  answered: number;
  lastCorrectMs: number | null;
  pointsBase: number;
  pointsSpeed: number;
  pointsStreak: number;
  bestStreak: number;
}
const byKey = (a: Total, b: Total) => `${a.period} ${a.periodStart} ${a.userId}`.localeCompare(`${b.period} ${b.periodStart} ${b.userId}`);

/** What board_totals holds for a tenant. */
async function storedTotals(db: Database, tenantId: string): Promise<Total[]> {
  const rows = resultRows<{
    period: Period;
    period_start: string;
    user_id: string;
    points: number;
    correct: number;
    answered: number;
    last_correct_ms: number | null;
    points_base: number;
    points_speed: number;
    points_streak: number;
    best_streak: number;
  }>(
    await db.execute(sql`
      select period, period_start::text, user_id, points, correct, answered, (extract(epoch from last_correct_at) * 1000)::float8 as last_correct_ms,
             points_base, points_speed, points_streak, best_streak
      from board_totals where tenant_id = ${tenantId}`),
  );
  return rows
    .map((r) => ({
      period: r.period,
      periodStart: r.period_start,
      userId: r.user_id,
      points: r.points,
      correct: r.correct,
      answered: r.answered,
      lastCorrectMs: r.last_correct_ms,
      pointsBase: r.points_base,
      pointsSpeed: r.points_speed,
      pointsStreak: r.points_streak,
      bestStreak: r.best_streak,
    }))
    .sort(byKey);
}

/** The same totals summed in JS from the raw answers, bucketed by periodStartOf: the definition the boards must agree with. */
async function totalsFromAnswers(db: Database, tenantId: string): Promise<Total[]> {
  const answers = resultRows<{
    user_id: string;
    local_date: string;
    points: number;
    correct: boolean;
    answered_ms: number;
    points_base: number;
    points_speed: number;
    points_streak: number;
    streak: number;
  }>(
    await db.execute(sql`
      select user_id, local_date::text, points, correct, (extract(epoch from answered_at) * 1000)::float8 as answered_ms,
             points_base, points_speed, points_streak, streak
      from daily_answers where tenant_id = ${tenantId}`),
  );
  const totals = new Map<string, Total>();
  for (const a of answers) {
    for (const period of PERIODS) {
      const periodStart = periodStartOf(period, a.local_date);
      const key = `${period} ${periodStart} ${a.user_id}`;
      const t = totals.get(key) ?? {
        period,
        periodStart,
        userId: a.user_id,
        points: 0,
        correct: 0,
        answered: 0,
        lastCorrectMs: null,
        pointsBase: 0,
        pointsSpeed: 0,
        pointsStreak: 0,
        bestStreak: 0,
      };
      t.points += a.points;
      t.pointsBase += a.points_base;
      t.pointsSpeed += a.points_speed;
      t.pointsStreak += a.points_streak;
      t.bestStreak = Math.max(t.bestStreak, a.streak);
      t.correct += a.correct ? 1 : 0;
      t.answered += 1;
      if (a.correct) t.lastCorrectMs = Math.max(t.lastCorrectMs ?? 0, a.answered_ms);
      totals.set(key, t);
    }
  }
  return [...totals.values()].sort(byKey);
}

interface ChapterTotal {
  user_id: string;
  chapter: number;
  answered: number;
  correct: number;
}

/** Every daily and practice answer of the tenant counted per member and chapter: what member_chapter_totals must hold. */
async function chapterTotalsFromAnswers(db: Database, tenantId: string): Promise<ChapterTotal[]> {
  return resultRows<ChapterTotal>(
    await db.execute(sql`
      select user_id, split_part(key, '.', 1)::int as chapter, count(*)::int as answered, (count(*) filter (where correct))::int as correct
      from (
        select a.user_id, p.question_key as key, a.correct from daily_answers a join quiz_posts p on p.id = a.post_id where a.tenant_id = ${tenantId}
        union all
        select user_id, question_key, correct from practice_answers where tenant_id = ${tenantId}
      ) q
      -- Keys of another shape (some suites use "k1") count for no chapter.
      where key ~ '^[0-9]{1,3}[.]'
      group by 1, 2 order by 1, 2`),
  );
}

async function storedChapterTotals(db: Database, tenantId: string): Promise<ChapterTotal[]> {
  return resultRows<ChapterTotal>(
    await db.execute(sql`select user_id, chapter, answered, correct from member_chapter_totals where tenant_id = ${tenantId} order by 1, 2`),
  );
}

/** A copy of the migrations folder that stops at `lastTag`: a database as the previous release left it. */
async function migrationsUpTo(lastTag: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'studybot-migrations-'));
  await mkdir(path.join(folder, 'meta'));
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === lastTag) + 1);
  for (const { tag } of journal.entries) await cp(path.join(MIGRATIONS_DIR, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  await writeFile(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  return folder;
}

/** A database migrated up to 0003, and `upgrade` to apply the rest the way start-up does. */
async function databaseBeforeBoardTotals(): Promise<{ db: Database; upgrade(): Promise<void> }> {
  const oldMigrations = await migrationsUpTo('0003_delivery_retry');
  if (!TEST_DATABASE_URL) {
    const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const client = new PGlite();
    cleanup.push(() => client.close());
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: oldMigrations });
    return { db: db as unknown as Database, upgrade: () => migrate(db, { migrationsFolder: MIGRATIONS_DIR }) };
  }
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  const server = await createServerDatabase();
  cleanup.push(server.drop);
  const client = postgres(server.url, { max: 2, onnotice: () => {} });
  cleanup.push(() => client.end());
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: oldMigrations });
  return { db: db as unknown as Database, upgrade: () => migratePostgres(server.url) };
}

const TENANT = 'discord:guild-1';

/** Answers over five weeks across a month boundary, some right, some wrong, by four users. */
async function answerSomeDays(db: Database, tenantId: string, dates: string[]): Promise<void> {
  const seed = await seedQuizTenant(db, tenantId, ['ana', 'ben', 'cai', 'dee']);
  const answers = new DailyAnswerRepository(db);
  for (const [day, localDate] of dates.entries()) {
    const post = await seed.post(localDate);
    for (const [i, userId] of ['ana', 'ben', 'cai', 'dee'].entries()) {
      if ((day + i) % 3 === 0) continue; // everyone skips some days
      await answers.record({ tenantId, postId: post.id, userId, choice: 0, correct: (day * i) % 4 !== 1, at: at(localDate, `10:0${i}`) });
    }
  }
}

describe(`board_totals (${driverName})`, () => {
  it('GIVEN answers recorded before migrations 0004 and 0009 THEN their backfills produce the totals of the raw answers (by part and per chapter), and later answers add to them', async () => {
    const { db, upgrade } = await databaseBeforeBoardTotals();
    await answerSomeDays(db, TENANT, ['2026-10-26', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-09']);
    await answerSomeDays(db, 'discord:guild-2', ['2026-11-01', '2026-11-02']);

    await upgrade();
    const backfilled = await storedTotals(db, TENANT);
    expect(backfilled.filter((t) => t.period === 'week').map((t) => t.periodStart)).toEqual(expect.arrayContaining(['2026-10-26', '2026-11-02', '2026-11-09']));
    expect(backfilled).toEqual(await totalsFromAnswers(db, TENANT));
    expect(await storedTotals(db, 'discord:guild-2')).toEqual(await totalsFromAnswers(db, 'discord:guild-2'));
    // 0009 counts the answers so far per chapter too.
    expect(await storedChapterTotals(db, TENANT)).toEqual(await chapterTotalsFromAnswers(db, TENANT));
    expect((await storedChapterTotals(db, TENANT)).length).toBeGreaterThan(0);

    // The previous release's answers are in; from now on each answer adds itself.
    const answers = new DailyAnswerRepository(db);
    const seedAgain = await seedQuizTenant(db, TENANT, []);
    const post = await seedAgain.post('2026-11-10');
    await answers.record({ tenantId: TENANT, postId: post.id, userId: 'ana', choice: 0, correct: true, at: at('2026-11-10') });
    expect(await storedTotals(db, TENANT)).toEqual(await totalsFromAnswers(db, TENANT));
    expect(await storedChapterTotals(db, TENANT)).toEqual(await chapterTotalsFromAnswers(db, TENANT));
  });

  it('GIVEN any sequence of answers THEN board_totals equals the raw answers summed per bucket, and every page equals a ranking of those sums', async () => {
    const database = await createTestDatabase();
    cleanup.push(database.drop);
    const answers = new DailyAnswerRepository(database.db);
    const boards = new LeaderboardRepository(database.db);
    const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
    const answer = fc.record({
      day: fc.integer({ min: 0, max: 45 }), // from Sat 24 Oct: four month-ends' worth of week and month boundaries
      userId: fc.constantFrom(...users),
      correct: fc.boolean(),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(answer, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(...users),
        fc.integer({ min: 0, max: 7 }),
        async (plan, caller, limit) => {
          const tenantId = `discord:property-${run++}`;
          const seed = await seedQuizTenant(database.db, tenantId, users);
          const posts = new Map<string, number>();
          for (const a of plan) {
            const localDate = new Date(Date.UTC(2026, 9, 24 + a.day)).toISOString().slice(0, 10);
            if (!posts.has(localDate)) posts.set(localDate, (await seed.post(localDate)).id);
            await answers.record({
              tenantId,
              postId: posts.get(localDate)!,
              userId: a.userId,
              choice: 0,
              correct: a.correct,
              at: at(localDate, `10:${String(a.minute).padStart(2, '0')}`),
            });
          }
          const expected = await totalsFromAnswers(database.db, tenantId);
          expect(await storedTotals(database.db, tenantId)).toEqual(expected);

          for (const { period, periodStart } of expected) {
            const bucket = expected.filter((t) => t.period === period && t.periodStart === periodStart);
            const reference = competitionRanking(
              bucket,
              (t) => t.points,
              (a, b) => (a.lastCorrectMs ?? Infinity) - (b.lastCorrectMs ?? Infinity) || a.userId.localeCompare(b.userId),
            ).map(({ rank, entry }) => ({
              rank,
              userId: entry.userId,
              points: entry.points,
              correct: entry.correct,
              answered: entry.answered,
              lastCorrectMs: entry.lastCorrectMs,
            }));
            const page = await boards.page({ tenantId, period, periodStart, userId: caller, limit, now: at('2026-12-31') });
            const shown = (r: { rank: number; entry: BoardEntry }) => ({
              rank: r.rank,
              userId: r.entry.userId,
              points: r.entry.points,
              correct: r.entry.correct,
              answered: r.entry.answered,
              lastCorrectMs: r.entry.lastCorrectAt?.getTime() ?? null,
            });
            expect(page.top.map(shown)).toEqual(reference.slice(0, limit));
            expect(page.caller && shown(page.caller)).toEqual(reference.find((r) => r.userId === caller));
            expect(page.size).toBe(bucket.length);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('GIVEN any mix of daily and practice answers across chapters (and keys of no chapter) THEN every answer is recorded, member_chapter_totals equals them counted per chapter, and /stats reads them as they are', async () => {
    const database = await createTestDatabase();
    cleanup.push(database.drop);
    const answers = new DailyAnswerRepository(database.db);
    const practice = new PracticeRepository(database.db);
    const stats = new StatsRepository(database.db);
    const users = ['u0', 'u1', 'u2'];
    const answer = fc.record({
      daily: fc.boolean(),
      day: fc.integer({ min: 0, max: 20 }),
      // "key" makes a question key of another shape: it counts for no chapter, and the answer is still recorded.
      lesson: fc.constantFrom('1.1', '2.3', '17.3', '33.4', 'key'),
      userId: fc.constantFrom(...users),
      correct: fc.boolean(),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 25 }), async (plan) => {
        const tenantId = `discord:chapters-${run++}`;
        const seed = await seedQuizTenant(database.db, tenantId, users);
        const posts = new Map<string, number>();
        for (const [i, a] of plan.entries()) {
          const localDate = new Date(Date.UTC(2026, 10, 1 + a.day)).toISOString().slice(0, 10);
          if (!a.daily) {
            await practice.record({ tenantId, userId: a.userId, questionKey: `${a.lesson}:p${i}`, kind: 'practice', correct: a.correct, at: at(localDate) });
            continue;
          }
          // One post a day, its question on the day's first lesson drawn.
          if (!posts.has(localDate)) posts.set(localDate, (await seed.post(localDate, `${a.lesson}:q-${localDate}`)).id);
          await answers.record({ tenantId, postId: posts.get(localDate)!, userId: a.userId, choice: 0, correct: a.correct, at: at(localDate) });
        }
        const [counted] = resultRows<{ daily: number; practice: number }>(
          await database.db.execute(sql`
            select (select count(*)::int from daily_answers where tenant_id = ${tenantId}) as daily,
                   (select count(*)::int from practice_answers where tenant_id = ${tenantId}) as practice`),
        );
        expect(counted).toEqual({
          daily: new Set(plan.filter((a) => a.daily).map((a) => `${a.userId} ${a.day}`)).size,
          practice: plan.filter((a) => !a.daily).length,
        });
        const raw = await chapterTotalsFromAnswers(database.db, tenantId);
        const stored = await storedChapterTotals(database.db, tenantId);
        expect(stored).toEqual(raw);
        for (const userId of users) {
          const mine = await stats.userStats(tenantId, userId, { week: '2026-11-16', month: '2026-11-01' }, at('2026-11-30'));
          expect(mine.mastery).toEqual(raw.filter((r) => r.user_id === userId).map((r) => ({ chapter: r.chapter, answered: r.answered, correct: r.correct })));
        }
      }),
      { numRuns: 15 },
    );
  });
});
