import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { LeaderboardRepository } from '../../src/db/repositories/leaderboard.repository.js';
import { StatsRepository } from '../../src/db/repositories/stats.repository.js';
import { currentPeriodStarts, Leaderboards, PERIODS, type Period } from '../../src/quiz/leaderboard.js';
import { createTestDatabase, driverName, type TestDatabase } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let database: TestDatabase;
let answers: DailyAnswerRepository;
let boards: LeaderboardRepository;
beforeEach(async () => {
  database = await createTestDatabase();
  answers = new DailyAnswerRepository(database.db);
  boards = new LeaderboardRepository(database.db);
});
afterEach(async () => database.drop());

const TENANT = 'discord:guild-1';
type Seed = Awaited<ReturnType<typeof seedQuizTenant>>;

/** Posts `localDate`'s question and records the answers in order, a minute apart from 10:00 (UTC). */
async function quizDay(seed: Seed, localDate: string, plan: Array<[user: string, correct: boolean]>, tenantId = TENANT): Promise<void> {
  const post = await seed.post(localDate);
  for (const [minute, [userId, correct]] of plan.entries()) {
    const outcome = await answers.record({
      tenantId,
      postId: post.id,
      userId,
      choice: correct ? 0 : 1,
      correct,
      at: at(localDate, `10:${String(minute).padStart(2, '0')}`),
    });
    if (outcome.kind !== 'recorded') throw new Error(`${userId} on ${localDate}: ${outcome.kind}`);
  }
}

/** The board as lines a person could read: "rank NAME points". */
const lines = (page: Awaited<ReturnType<LeaderboardRepository['page']>>) => page.top.map((r) => `${r.rank} ${r.entry.displayName} ${r.entry.points}`);

describe(`leaderboards from board totals (${driverName})`, () => {
  it('GIVEN ties on points THEN they share a rank (1, 2, 2, 4), the earlier last correct answer first, and the caller gets their row below the top', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['ana', 'ben', 'cai', 'dee', 'eve', 'fay']);
    await quizDay(seed, '2026-11-02', [
      ['ana', true],
      ['ben', true],
      ['cai', true],
      ['dee', true],
      ['eve', false],
      ['fay', false],
    ]); // 13, 12, 11, 10, 0, 0
    await quizDay(seed, '2026-11-03', [
      ['dee', true],
      ['cai', true],
      ['ana', true],
      ['ben', false],
    ]); // +14, +13, +12 (speed and a 2-day streak), +0
    const query = { tenantId: TENANT, period: 'week' as const, periodStart: '2026-11-02', now: at('2026-11-03', '22:00') };

    const page = await boards.page({ ...query, userId: 'eve', limit: 3 });
    expect(lines(page)).toEqual(['1 ANA 25', '2 DEE 24', '2 CAI 24']);
    expect(page.caller).toMatchObject({ rank: 5, entry: { displayName: 'EVE', points: 0, correct: 0, answered: 1, streak: 0 } });
    expect(page.size).toBe(6);
    expect(page.top.map((r) => r.entry.streak)).toEqual([2, 2, 2]);

    const whole = await boards.page({ ...query, userId: 'ben', limit: 10 });
    expect(lines(whole)).toEqual(['1 ANA 25', '2 DEE 24', '2 CAI 24', '4 BEN 12', '5 EVE 0', '5 FAY 0']);
    expect(whole.top[3]!.entry).toMatchObject({ correct: 1, answered: 2, streak: 0, lastCorrectAt: at('2026-11-02', '10:01') });
    expect(whole.caller).toEqual(whole.top[3]);

    // /stats reads the member's standing in its own statement: it must rank and count streaks as the board does.
    const stats = new StatsRepository(database.db);
    const standing = (userId: string) => stats.userStats(TENANT, userId, { week: '2026-11-02', month: '2026-11-01' }, query.now);
    expect(await standing('cai')).toMatchObject({ week: { rank: 2, size: 6 }, streak: 2, displayName: 'CAI' });
    expect(await standing('ben')).toMatchObject({ week: { rank: 4, size: 6 }, streak: 0, displayName: 'BEN' });
    expect(await standing('nobody')).toMatchObject({ week: { rank: undefined, size: 6 }, streak: 0, displayName: undefined });
    for (const userId of ['ana', 'ben', 'cai', 'dee', 'eve', 'fay']) {
      const row = (await boards.page({ ...query, userId, limit: 0 })).caller!;
      const mine = await standing(userId);
      expect({ userId, rank: mine.week.rank, streak: mine.streak }).toEqual({ userId, rank: row.rank, streak: row.entry.streak });
    }
  });

  it('GIVEN a caller tied for 4th but listed 14th THEN the top 10 leaves them out and their own row still says rank 4', async () => {
    const users = Array.from({ length: 14 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const seed = await seedQuizTenant(database.db, TENANT, [...users, 'zed']);
    // 13, 12, 11, then eleven people on 10 points; zed answers last and wrong.
    await quizDay(seed, '2026-11-02', [...users.map((u): [string, boolean] => [u, true]), ['zed', false]]);
    const query = { tenantId: TENANT, period: 'all' as const, periodStart: '1970-01-01', now: at('2026-11-02', '22:00'), limit: 10 };

    const page = await boards.page({ ...query, userId: 'p13' });
    expect(lines(page)).toEqual(['1 P00 13', '2 P01 12', '3 P02 11', ...users.slice(3, 10).map((u) => `4 ${u.toUpperCase()} 10`)]);
    expect(page.caller).toMatchObject({ rank: 4, entry: { displayName: 'P13', points: 10 } });
    expect(page.size).toBe(15);
    expect((await boards.page({ ...query, userId: 'zed' })).caller).toMatchObject({ rank: 15, entry: { points: 0 } });
    expect((await boards.page({ ...query, userId: 'nobody' })).caller).toBeUndefined();
    expect(await boards.page({ ...query, userId: 'zed', limit: 0 })).toMatchObject({ top: [], caller: { rank: 15 }, size: 15 });
  });

  it('GIVEN no answers in the period THEN the board is empty with size 0', async () => {
    await seedQuizTenant(database.db, TENANT, ['ana']);
    expect(await boards.page({ tenantId: TENANT, period: 'week', periodStart: '2026-11-02', userId: 'ana', limit: 10, now: at('2026-11-02') })).toEqual({
      top: [],
      size: 0,
    });
  });

  describe('periods follow the quiz day in the tenant timezone', () => {
    const USERS = ['ana', 'ben', 'cai'];
    const MONDAY_IN_UTC = new Date('2026-11-30T03:00:00Z'); // still Sunday 19:00 in Los Angeles
    const LATE_ON_30_NOV_IN_UTC = new Date('2026-11-30T22:30:00Z'); // already 1 Dec 11:30 in Auckland

    /** Sun 29 Nov, Mon 30 Nov and Tue 1 Dec (a week and a month boundary), one right answer each; then the board in `timezone`. */
    async function threeDays(): Promise<(timezone: string) => Leaderboards> {
      const seed = await seedQuizTenant(database.db, TENANT, USERS);
      await quizDay(seed, '2026-11-29', [['ana', true]]);
      await quizDay(seed, '2026-11-30', [['ben', true]]);
      await quizDay(seed, '2026-12-01', [['cai', true]]);
      return (timezone) => new Leaderboards(boards, { list: async () => [{ timezone }], onChange: () => {} });
    }
    const names = async (leaderboards: Leaderboards, period: Period, now: Date) =>
      (await leaderboards.board(TENANT, period, now, undefined, 10)).top.map((r) => r.entry.displayName).sort();

    it('GIVEN answers on Sunday and Monday THEN "week" splits them where the tenant is between Sunday and Monday', async () => {
      const inZone = await threeDays();
      expect(await names(inZone('UTC'), 'week', MONDAY_IN_UTC)).toEqual(['BEN', 'CAI']);
      expect(await names(inZone('America/Los_Angeles'), 'week', MONDAY_IN_UTC)).toEqual(['ANA']);
      expect(await names(inZone('America/Los_Angeles'), 'all', MONDAY_IN_UTC)).toEqual(['ANA', 'BEN', 'CAI']);
    });

    it('GIVEN answers on 30 Nov and 1 Dec THEN "month" splits them where the tenant is between the two months', async () => {
      const inZone = await threeDays();
      expect(await names(inZone('UTC'), 'month', LATE_ON_30_NOV_IN_UTC)).toEqual(['ANA', 'BEN']);
      expect(await names(inZone('Pacific/Auckland'), 'month', LATE_ON_30_NOV_IN_UTC)).toEqual(['CAI']);
    });

    it('GIVEN any period and timezone THEN /stats shows the points, week rank, board size, streak and name the boards show', async () => {
      const inZone = await threeDays();
      const stats = new StatsRepository(database.db);
      const cases = [
        ['UTC', MONDAY_IN_UTC],
        ['America/Los_Angeles', MONDAY_IN_UTC],
        ['Pacific/Auckland', LATE_ON_30_NOV_IN_UTC],
      ] as const;
      for (const [timezone, now] of cases) {
        const starts = currentPeriodStarts(now, timezone);
        for (const userId of USERS) {
          const mine = await stats.userStats(TENANT, userId, starts, now);
          for (const period of PERIODS) {
            const onBoard = (await inZone(timezone).board(TENANT, period, now, userId, 0)).caller?.entry.points ?? 0;
            expect({ timezone, userId, period, points: mine.points[period].total }).toEqual({ timezone, userId, period, points: onBoard });
          }
          const week = await inZone(timezone).board(TENANT, 'week', now, userId, 0);
          const all = await inZone(timezone).board(TENANT, 'all', now, userId, 0);
          expect({ timezone, userId, rank: mine.week.rank, size: mine.week.size, streak: mine.streak, name: mine.displayName }).toEqual({
            timezone,
            userId,
            rank: week.caller?.rank,
            size: week.size,
            streak: all.caller?.entry.streak,
            name: all.caller?.entry.displayName,
          });
        }
      }
    });
  });

  it("GIVEN two servers with the same user ids THEN neither board shows the other's answers", async () => {
    const first = await seedQuizTenant(database.db, TENANT, ['ana', 'ben']);
    const second = await seedQuizTenant(database.db, 'discord:guild-2', ['ana', 'cai']);
    await quizDay(first, '2026-11-02', [
      ['ana', true],
      ['ben', true],
    ]);
    await quizDay(
      second,
      '2026-11-02',
      [
        ['cai', true],
        ['ana', false],
      ],
      'discord:guild-2',
    );
    const page = (tenantId: string) =>
      boards.page({ tenantId, period: 'all', periodStart: '1970-01-01', userId: 'ana', limit: 10, now: at('2026-11-02', '22:00') });
    expect(lines(await page(TENANT))).toEqual(['1 ANA 13', '2 BEN 12']);
    expect(lines(await page('discord:guild-2'))).toEqual(['1 CAI 13', '2 ANA 0']);
    expect((await page('discord:guild-2')).caller).toMatchObject({ rank: 2, entry: { points: 0 } });
  });
});
