import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { QuizPostRepository } from '../../src/db/repositories/quiz-post.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

const TENANT = 'discord:guild-1';

describe('GIVEN concurrent clicks and replicas on one real Postgres', () => {
  it('20 parallel clicks by one user record exactly one answer', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['clicker']);
    const post = await seed.post('2026-11-26');
    const answers = new DailyAnswerRepository(database.db);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => answers.record({ tenantId: TENANT, postId: post.id, userId: 'clicker', choice: i % 4, correct: i % 4 === 0, at: at('2026-11-26') })),
    );
    expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-answered')).toHaveLength(19);
    const tally = await answers.tally(TENANT, post.id);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('many users answering at once get distinct, gapless correct ranks', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
    const seed = await seedQuizTenant(database.db, 'discord:guild-ranks', users);
    const post = await seed.post('2026-11-27');
    const answers = new DailyAnswerRepository(database.db);
    const outcomes = await Promise.all(users.map((userId) => answers.record({ tenantId: 'discord:guild-ranks', postId: post.id, userId, choice: 0, correct: true, at: at('2026-11-27') })));
    const ranks = outcomes.map((o) => (o.kind === 'recorded' ? o.answer.correctRank : null)).sort((a, b) => a! - b!);
    expect(ranks).toEqual(users.map((_, i) => i + 1));
  });

  it('three replicas claiming the same slot and reveal at once: one wins each', async () => {
    await seedQuizTenant(database.db, 'discord:guild-claims', []);
    const replicas = [1, 2, 3].map(() => new QuizPostRepository(database.db));
    const opensAt = at('2026-11-28', '09:00');
    const claims = await Promise.all(
      replicas.map((r) =>
        r.claimSlot({ tenantId: 'discord:guild-claims', channelId: 'study', localDate: '2026-11-28', questionKey: 'k', choiceOrder: [0, 1, 2, 3], opensAt, closesAt: new Date(opensAt.getTime() + 3600_000) }),
      ),
    );
    const won = claims.filter(Boolean);
    expect(won).toHaveLength(1);
    const reveals = await Promise.all(replicas.map((r) => r.claimReveal(won[0]!.id, at('2026-11-28', '10:00'))));
    expect(reveals.filter(Boolean)).toHaveLength(1);
  });
});
