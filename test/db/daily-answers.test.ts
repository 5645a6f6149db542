import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { dailyAnswers } from '../../src/db/schema.js';
import { createTestDatabase, driverName, type TestDatabase } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let database: TestDatabase;
let answers: DailyAnswerRepository;
beforeEach(async () => {
  database = await createTestDatabase();
  answers = new DailyAnswerRepository(database.db);
});
afterEach(async () => database.drop());

const TENANT = 'discord:guild-1';

describe(`daily answers (${driverName})`, () => {
  it('GIVEN four users answer A, B, C, D THEN only the correct one scores, with the first-correct bonus: 13 points', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['u1', 'u2', 'u3', 'u4']);
    const post = await seed.post('2026-11-26');
    const outcomes = [];
    for (const [i, user] of ['u1', 'u2', 'u3', 'u4'].entries()) {
      outcomes.push(await answers.record({ tenantId: TENANT, postId: post.id, userId: user, choice: i, correct: i === 2, at: at('2026-11-26', `10:0${i}`) }));
    }
    expect(outcomes.map((o) => (o.kind === 'recorded' ? o.points.total : o.kind))).toEqual([0, 0, 13, 0]);
    expect(await answers.tally(TENANT, post.id)).toEqual(
      new Map([
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    );
  });

  it('GIVEN several correct answers THEN the first three get +3, +2, +1 in the order they arrived, and later ones no rank', async () => {
    const users = ['a', 'b', 'c', 'd'];
    const seed = await seedQuizTenant(database.db, TENANT, users);
    const post = await seed.post('2026-11-26');
    const speed = [];
    for (const user of users) {
      const outcome = await answers.record({ tenantId: TENANT, postId: post.id, userId: user, choice: 1, correct: true, at: at('2026-11-26') });
      speed.push(outcome.kind === 'recorded' ? [outcome.answer.correctRank, outcome.points.speed] : outcome.kind);
    }
    expect(speed).toEqual([
      [1, 3],
      [2, 2],
      [3, 1],
      [null, 0],
    ]);
  });

  it('GIVEN a double click THEN the second says "already answered" and nothing changes', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['u1']);
    const post = await seed.post('2026-11-26');
    const first = await answers.record({ tenantId: TENANT, postId: post.id, userId: 'u1', choice: 1, correct: true, at: at('2026-11-26') });
    const second = await answers.record({ tenantId: TENANT, postId: post.id, userId: 'u1', choice: 2, correct: false, at: at('2026-11-26', '10:01') });
    expect(second).toMatchObject({ kind: 'already-answered', answer: { choice: 1, points: 13 } });
    expect(first.kind).toBe('recorded');
    expect(await answers.tally(TENANT, post.id)).toEqual(new Map([[1, 1]]));
  });

  it('GIVEN 40 members clicking at once, some twice THEN each hears about their own click: their choice, their points, one answer each', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const seed = await seedQuizTenant(database.db, TENANT, members);
    const post = await seed.post('2026-11-26');
    const click = (member: string, choice: number, minute: number) =>
      answers.record({
        tenantId: TENANT,
        postId: post.id,
        userId: member,
        choice,
        correct: choice === 1,
        at: at('2026-11-26', `10:${String(minute).padStart(2, '0')}`),
      });
    // Everyone at once (the clicks share statements); every fifth member clicks a second, different choice.
    const firsts = members.map((m, i) => click(m, i % 4, 1));
    const seconds = members.filter((_, i) => i % 5 === 0).map((m, i) => click(m, (i + 2) % 4, 2));
    const [outcomes, again] = await Promise.all([Promise.all(firsts), Promise.all(seconds)]);
    const stored = new Map(
      [...outcomes, ...again].flatMap((o, i) => (o.kind === 'recorded' ? [[i < 40 ? members[i]! : members[(i - 40) * 5]!, o.answer.choice] as const] : [])),
    );
    // One answer per member, whichever of their clicks landed first, and the other click says "already answered" with that choice.
    expect(stored.size).toBe(40);
    for (const [i, member] of members.entries()) {
      const mine = [outcomes[i]!, ...(i % 5 === 0 ? [again[i / 5]!] : [])];
      expect(mine.filter((o) => o.kind === 'recorded')).toHaveLength(1);
      for (const o of mine) {
        if (o.kind === 'already-answered') expect(o.answer.choice).toBe(stored.get(member));
        else expect(o.kind).toBe('recorded');
      }
    }
    // Each recorded click carries its own choice and its own points: 10 + podium bonus when right, 0 when wrong.
    for (const [i, o] of outcomes.entries()) {
      if (o.kind !== 'recorded') continue;
      expect(o.answer.choice).toBe(i % 4);
      expect(o.answer.correct).toBe(i % 4 === 1);
      expect(o.points.total === 0).toBe(i % 4 !== 1);
    }
    const tally = await answers.tally(TENANT, post.id);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(40);
    const rows = await database.db.select({ userId: dailyAnswers.userId }).from(dailyAnswers).where(eq(dailyAnswers.postId, post.id));
    expect(rows.map((r) => r.userId).sort()).toEqual(members);
  });

  it('GIVEN a burst in which the database refuses one click (its member row is missing) THEN everyone else is stored and only that click fails', async () => {
    const members = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const seed = await seedQuizTenant(database.db, TENANT, members);
    const post = await seed.post('2026-11-26');
    const clickers = [...members.slice(0, 6), 'never-seen', ...members.slice(6)];
    const outcomes = await Promise.allSettled(
      clickers.map((member) => answers.record({ tenantId: TENANT, postId: post.id, userId: member, choice: 0, correct: false, at: at('2026-11-26') })),
    );
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.kind : 'failed'))).toEqual(
      clickers.map((m) => (m === 'never-seen' ? 'failed' : 'recorded')),
    );
    expect(await answers.tally(TENANT, post.id)).toEqual(new Map([[0, 12]]));
  });

  it('GIVEN the window has closed THEN the answer is refused as closed', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['u1']);
    const post = await seed.post('2026-11-26');
    expect((await answers.record({ tenantId: TENANT, postId: post.id, userId: 'u1', choice: 1, correct: true, at: at('2026-11-26', '21:00') })).kind).toBe(
      'closed',
    );
  });

  it("GIVEN a post of another server THEN it is not found, and that server's data is untouched", async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['u1']);
    await seedQuizTenant(database.db, 'discord:guild-2', ['u1']);
    const post = await seed.post('2026-11-26');
    expect((await answers.record({ tenantId: 'discord:guild-2', postId: post.id, userId: 'u1', choice: 1, correct: true, at: at('2026-11-26') })).kind).toBe(
      'not-found',
    );
    expect(await answers.tally(TENANT, post.id)).toEqual(new Map());
  });

  it('GIVEN correct answers on consecutive quiz days THEN the streak grows and adds its bonus; a missed quiz day or a wrong answer resets it; days without a post do not', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['u1', 'u2']);
    const days = ['2026-11-02', '2026-11-04', '2026-11-06', '2026-11-09', '2026-11-10', '2026-11-11'];
    const posts = [];
    for (const day of days) posts.push(await seed.post(day));
    // u1: correct on Mon, Wed, Fri (no posts in between), misses Mon 9th, correct Tue 10th, wrong Wed 11th.
    const plan: Array<[number, boolean]> = [
      [0, true],
      [1, true],
      [2, true],
      [4, true],
      [5, false],
    ];
    const streaks = [];
    for (const [index, correct] of plan) {
      const outcome = await answers.record({ tenantId: TENANT, postId: posts[index]!.id, userId: 'u1', choice: 0, correct, at: at(days[index]!) });
      if (outcome.kind !== 'recorded') throw new Error(outcome.kind);
      streaks.push([outcome.answer.streak, outcome.points.streak]);
    }
    expect(streaks).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [1, 0],
      [0, 0],
    ]);
  });

  it('GIVEN a slot and a reveal THEN each can be claimed exactly once', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, []);
    const post = await seed.post('2026-11-26');
    await expect(seed.post('2026-11-26')).rejects.toThrow('already claimed');
    expect(await seed.posts.claimReveal(post.id, at('2026-11-26', '21:00'))).toMatchObject({ post: { id: post.id }, facts: { tally: new Map() } });
    expect(await seed.posts.claimReveal(post.id, at('2026-11-26', '21:01'))).toBeUndefined();
  });
});
