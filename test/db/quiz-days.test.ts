import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { StatsRepository } from '../../src/db/repositories/stats.repository.js';
import { createTestDatabase, driverName, type TestDatabase } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => database.drop());

const TENANT = 'discord:guild-1';

describe(`the stats card's quiz days (${driverName})`, () => {
  it('GIVEN a week of posts THEN each day shows the member right, wrong or missed; a day without a post, another server and a post still open show nothing', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['ana', 'ben']);
    const other = await seedQuizTenant(database.db, 'discord:guild-2', ['ana']);
    const answers = new DailyAnswerRepository(database.db);
    const answer = async (post: { id: number; localDate: string }, userId: string, correct: boolean, tenantId = TENANT) => {
      const outcome = await answers.record({ tenantId, postId: post.id, userId, choice: correct ? 0 : 1, correct, at: at(post.localDate) });
      expect(outcome.kind).toBe('recorded');
    };
    await answer(await seed.post('2026-11-23'), 'ana', true);
    await answer(await seed.post('2026-11-24'), 'ana', false);
    const missed = await seed.post('2026-11-25');
    await answer(missed, 'ben', true);
    // 26th: no post. 27th: the post is still open at "now", and Ana has not answered yet.
    await seed.post('2026-11-27');
    await answer(await other.post('2026-11-26'), 'ana', true, 'discord:guild-2');

    const stats = new StatsRepository(database.db);
    const quizDays = async (range: { from: string; to: string } | undefined, now: Date) =>
      Object.fromEntries((await stats.userStats(TENANT, 'ana', { week: '2026-11-23', month: '2026-11-01' }, now, range)).quizDays);
    expect(await quizDays({ from: '2026-11-23', to: '2026-11-29' }, at('2026-11-27', '12:00'))).toEqual({
      '2026-11-23': 'right',
      '2026-11-24': 'wrong',
      '2026-11-25': 'missed',
    });
    // Once the 27th's post has closed unanswered, it is missed too; the range bounds what is read.
    expect(await quizDays({ from: '2026-11-24', to: '2026-11-29' }, at('2026-11-28'))).toEqual({
      '2026-11-24': 'wrong',
      '2026-11-25': 'missed',
      '2026-11-27': 'missed',
    });
    // Without a calendar (pictures off) no day is read.
    expect(await quizDays(undefined, at('2026-11-28'))).toEqual({});
  });
});
