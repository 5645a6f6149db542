import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyAnswerRepository } from '../../src/db/repositories/daily-answer.repository.js';
import { QuizPostRepository } from '../../src/db/repositories/quiz-post.repository.js';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { isConnectionLoss } from '../../src/db/connection-loss.js';
import { eventually } from '../support/run-bot.js';
import { quizPosts } from '../../src/db/schema.js';
import type { QuizPost } from '../../src/quiz/model.js';
import { createTestDatabase, rowsOf, type TestDatabase } from '../support/database.js';
import { at, seedQuizTenant } from '../support/quiz.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

const TENANT = 'discord:guild-1';

/** A second quiz channel in the tenant, with a post on the same quiz day as `first`. */
async function secondChannelPost(seed: Awaited<ReturnType<typeof seedQuizTenant>>, tenant: string, first: QuizPost): Promise<QuizPost> {
  await seed.posts.upsertChannel({
    tenantId: tenant,
    channelId: 'study-2',
    time: '09:00',
    timezone: 'UTC',
    days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    windowMinutes: 720,
  });
  const [second] = await database.db
    .insert(quizPosts)
    .values({
      tenantId: tenant,
      channelId: 'study-2',
      localDate: first.localDate,
      questionKey: 'k2',
      choiceOrder: [0, 1, 2, 3],
      opensAt: first.opensAt,
      closesAt: first.closesAt,
    })
    .returning();
  return second!;
}

describe('GIVEN concurrent clicks and replicas on one real Postgres', () => {
  it('WHEN one user clicks 20 times in parallel THEN exactly one answer is recorded', async () => {
    const seed = await seedQuizTenant(database.db, TENANT, ['clicker']);
    const post = await seed.post('2026-11-26');
    const answers = new DailyAnswerRepository(database.db);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        answers.record({ tenantId: TENANT, postId: post.id, userId: 'clicker', choice: i % 4, correct: i % 4 === 0, at: at('2026-11-26') }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-answered')).toHaveLength(19);
    const tally = await answers.tally(TENANT, post.id);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('WHEN many users answer at once THEN the podium is exact (+3, +2, +1 once each) and everyone else is recorded once, none lost', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
    const seed = await seedQuizTenant(database.db, 'discord:guild-ranks', users);
    const post = await seed.post('2026-11-27');
    const answers = new DailyAnswerRepository(database.db);
    const outcomes = await Promise.all(
      users.map((userId) => answers.record({ tenantId: 'discord:guild-ranks', postId: post.id, userId, choice: 0, correct: true, at: at('2026-11-27') })),
    );
    const recorded = outcomes.flatMap((o) => (o.kind === 'recorded' ? [o] : []));
    expect(recorded).toHaveLength(30);
    expect(
      recorded
        .map((o) => o.answer.correctRank)
        .filter((r) => r !== null)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(recorded.map((o) => o.points.speed).sort()).toEqual([...Array(27).fill(0), 1, 2, 3]);
    const tally = await answers.tally('discord:guild-ranks', post.id);
    expect(tally.get(0)).toBe(30);
  });

  it('WHEN a reveal comes in the middle of a burst of clicks THEN its tally counts exactly the answers that were recorded', async () => {
    const tenant = 'discord:guild-reveal-race';
    const users = Array.from({ length: 120 }, (_, i) => `racer-${i}`);
    const seed = await seedQuizTenant(database.db, tenant, users);
    const post = await seed.post('2026-11-29');
    const answers = new DailyAnswerRepository(database.db);
    // The reveal comes from another replica (its own connections), so it does not queue behind the clicks in this pool.
    const replica = await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 2 });
    const posts = new QuizPostRepository(replica.db);
    const replicaAnswers = new DailyAnswerRepository(replica.db);
    // The reveal lands once 30 clicks are through and the rest are still arriving; the claim tallies inside its own transaction.
    let startReveal: () => void = () => {};
    const revealStarts = new Promise<void>((resolve) => (startReveal = resolve));
    let done = 0;
    const clicks = users.map((userId, i) =>
      answers.record({ tenantId: tenant, postId: post.id, userId, choice: i % 4, correct: false, at: at('2026-11-29') }).finally(() => {
        if (++done === 30) startReveal();
      }),
    );
    const revealed = revealStarts.then(async () => {
      const claimed = await posts.claimReveal(post.id, new Date());
      return claimed?.facts.tally;
    });
    const outcomes = await Promise.all(clicks);
    const tally = await revealed;
    const recorded = outcomes.filter((o) => o.kind === 'recorded').length;
    expect(tally).toBeDefined();
    expect([...tally!.values()].reduce((a, b) => a + b, 0)).toBe(recorded);
    expect(recorded + outcomes.filter((o) => o.kind === 'closed').length).toBe(120);
    // Nothing was recorded after the claim: a fresh count agrees with the frozen one.
    expect([...(await replicaAnswers.tally(tenant, post.id)).values()].reduce((a, b) => a + b, 0)).toBe(recorded);
    await replica.close();
  });

  it('WHEN a burst of 300 mixed clicks, with double clicks, arrives THEN one answer per person is stored and the boards add up', async () => {
    const tenant = 'discord:guild-burst';
    const users = Array.from({ length: 150 }, (_, i) => `burst-${i}`);
    const seed = await seedQuizTenant(database.db, tenant, users);
    const post = await seed.post('2026-11-28');
    const answers = new DailyAnswerRepository(database.db);
    // Everyone clicks twice at once (a double click): one correct, one wrong, in either order.
    const clicks = users.flatMap((userId, i) => [0, 1].map((k) => ({ userId, correct: (i + k) % 2 === 0 })));
    const outcomes = await Promise.all(
      clicks.map((c) =>
        answers.record({ tenantId: tenant, postId: post.id, userId: c.userId, choice: c.correct ? 0 : 1, correct: c.correct, at: at('2026-11-28') }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(150);
    expect(outcomes.filter((o) => o.kind === 'already-answered')).toHaveLength(150);
    const rows = rowsOf<{ n: number; points: number }>(
      await database.db.execute(sql`select count(*)::int as n, sum(points)::int as points from daily_answers where post_id = ${post.id}`),
    );
    const board = rowsOf<{ points: number; answered: number }>(
      await database.db.execute(
        sql`select sum(points)::int as points, sum(answered)::int as answered from board_totals where tenant_id = ${tenant} and period = 'all'`,
      ),
    );
    expect(rows[0]).toMatchObject({ n: 150 });
    expect(board[0]).toEqual({ points: rows[0]!.points, answered: 150 });
    const recordedPoints = outcomes.reduce((sum, o) => sum + (o.kind === 'recorded' ? o.points.total : 0), 0);
    expect(recordedPoints).toBe(rows[0]!.points);
  });

  it("WHEN the bot's database sessions are terminated while batches of clicks are being stored THEN each click is stored once or told it failed, and clicking again stores exactly the rest", async () => {
    const tenant = 'discord:guild-cut';
    const users = Array.from({ length: 300 }, (_, i) => `cut-${String(i).padStart(3, '0')}`);
    const seed = await seedQuizTenant(database.db, tenant, users);
    const post = await seed.post('2026-11-30');
    // The bot's own pool, whose sessions the server ends while batches of clicks are out.
    const bot = await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 4 });
    // Another session holds the post row (as a reveal's claim does for a moment), so the batches' inserts wait on it: in flight when the cut comes.
    const holder = postgres(database.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = holder.begin(async (tx) => {
      await tx`select id from quiz_posts where id = ${post.id} for update`;
      await held;
    });
    try {
      const answers = new DailyAnswerRepository(bot.db);
      const click = (userId: string, i: number) =>
        answers.record({ tenantId: tenant, postId: post.id, userId, choice: i % 4 === 0 ? 0 : 1, correct: i % 4 === 0, at: at('2026-11-30', '10:05') });
      const burst = Promise.allSettled(users.map(click));
      await eventually(async () => {
        const [waiting] = rowsOf<{ n: number }>(
          await database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
        );
        return waiting!.n >= 2;
      }, 'two batches of clicks waiting on the post row');
      await database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and backend_type = 'client backend'`,
      );
      release();
      await holding;
      const first = await burst;
      const failed = users.filter((_, i) => first[i]!.status === 'rejected');
      // The clicks of the two batches out at the cut fail, with the lost connection's error; the others, queued meanwhile, go through.
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.length).toBeLessThan(300);
      for (const outcome of first) if (outcome.status === 'rejected') expect(isConnectionLoss(outcome.reason)).toBe(true);
      const stored = async () =>
        rowsOf<{ user_id: string }>(await database.db.execute(sql`select user_id from daily_answers where post_id = ${post.id} order by user_id`)).map(
          (r) => r.user_id,
        );
      const recorded = users.filter((_, i) => first[i]!.status === 'fulfilled');
      expect(await stored()).toEqual(recorded);
      // Those who saw an error click again: everyone ends with exactly one answer, and the boards count each once.
      const retried = await Promise.all(failed.map((userId) => click(userId, users.indexOf(userId))));
      expect(retried.map((o) => o.kind)).toEqual(failed.map(() => 'recorded'));
      expect(await stored()).toEqual(users);
      const [board] = rowsOf<{ answered: number }>(
        await database.db.execute(sql`select sum(answered)::int as answered from board_totals where tenant_id = ${tenant} and period = 'all'`),
      );
      expect(board!.answered).toBe(300);
    } finally {
      release();
      await holding.catch(() => undefined);
      await holder.end();
      await bot.close();
    }
  });

  // Podium open: the clicks race for it under the post's row lock. Podium full: they take no lock, and the unique
  // index on the day's streak bonus refuses the second claim.
  it.each([
    ['open', 0],
    ['already full', 3],
  ])(
    "WHEN two channels' posts of the same quiz day are answered at the same moment, the podium %s, THEN the streak bonus is paid once a day",
    async (_, earlyBirds) => {
      const tenant = `discord:guild-two-channels-${earlyBirds}`;
      const users = Array.from({ length: 12 }, (_, i) => `streaker-${i}`);
      const birds = Array.from({ length: earlyBirds }, (_, i) => `early-${i}`);
      const seed = await seedQuizTenant(database.db, tenant, [...users, ...birds]);
      const answers = new DailyAnswerRepository(database.db);
      // Two earlier quiz days answered right: today's first correct answer earns a streak bonus.
      for (const day of ['2026-11-24', '2026-11-25']) {
        const post = await seed.post(day);
        for (const userId of users) await answers.record({ tenantId: tenant, postId: post.id, userId, choice: 0, correct: true, at: at(day) });
      }
      const first = await seed.post('2026-11-26');
      const second = await secondChannelPost(seed, tenant, first);
      for (const post of [first, second]) {
        for (const userId of birds)
          await answers.record({ tenantId: tenant, postId: post.id, userId, choice: 0, correct: true, at: at('2026-11-26', '09:01') });
      }
      // Everyone answers both posts right at once, each channel's clicks served by another replica (its own pool).
      const replica = await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 4 });
      const servedBy = [
        { repository: answers, post: first },
        { repository: new DailyAnswerRepository(replica.db), post: second },
      ];
      const outcomes = await Promise.all(
        users.flatMap((userId) =>
          servedBy.map(({ repository, post }) =>
            repository.record({ tenantId: tenant, postId: post.id, userId, choice: 0, correct: true, at: at('2026-11-26') }),
          ),
        ),
      ).finally(() => replica.close());
      expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(24);
      const bonuses = rowsOf<{ user_id: string; paid: number; streak: number }>(
        await database.db.execute(
          sql`select user_id, count(*)::int as paid, max(points_streak)::int as streak from daily_answers
            where tenant_id = ${tenant} and local_date = '2026-11-26' and points_streak > 0 group by user_id`,
        ),
      );
      expect(bonuses).toHaveLength(users.length);
      // Once a day each, and the bonus of a third day in a row: +2.
      expect(bonuses.every((b) => b.paid === 1 && b.streak === 2)).toBe(true);
      // Both posts count the same streak for the member: the second answer keeps the day's streak.
      const streaks = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(distinct (user_id, streak))::int as n from daily_answers where tenant_id = ${tenant} and local_date = '2026-11-26' and user_id like 'streaker-%'`,
        ),
      );
      expect(streaks[0]!.n).toBe(users.length);
    },
  );

  it.each([
    ['commits', { streak: 0, total: 10 }],
    ['rolls back', { streak: 2, total: 12 }],
  ])(
    "WHEN another replica has stored a member's answer paying today's streak bonus on one channel and then %s, THEN the member's click on the other channel waits for it and earns the bonus only if it is not paid",
    async (ending, points) => {
      const tenant = `discord:guild-bonus-${ending.replace(' ', '-')}`;
      const birds = ['early-0', 'early-1', 'early-2'];
      const seed = await seedQuizTenant(database.db, tenant, ['regular', ...birds]);
      const answers = new DailyAnswerRepository(database.db);
      for (const day of ['2026-11-24', '2026-11-25']) {
        const post = await seed.post(day);
        await answers.record({ tenantId: tenant, postId: post.id, userId: 'regular', choice: 0, correct: true, at: at(day) });
      }
      const first = await seed.post('2026-11-26');
      const second = await secondChannelPost(seed, tenant, first);
      // The second post's podium is full: the regular's click takes no lock and joins the batched inserts.
      for (const userId of birds)
        await answers.record({ tenantId: tenant, postId: second.id, userId, choice: 0, correct: true, at: at('2026-11-26', '09:01') });
      // The other replica, mid-transaction: it has stored the first post's answer with the bonus, not yet committed.
      const other = postgres(database.url!, { max: 1, onnotice: () => {} });
      let end!: () => void;
      const ended = new Promise<void>((resolve) => (end = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const otherReplica = other.begin(async (tx) => {
        await tx`insert into daily_answers (tenant_id, post_id, user_id, choice, correct, correct_rank, streak, points_base, points_speed, points_streak, points, local_date, answered_at)
               values (${tenant}, ${first.id}, 'regular', 0, true, 1, 3, 10, 3, 2, 15, '2026-11-26', ${at('2026-11-26', '09:30')})`;
        locked();
        await ended;
        if (ending === 'rolls back') throw new Error('the other replica rolls back');
      });
      try {
        await holding;
        let settled = false;
        const click = answers
          .record({ tenantId: tenant, postId: second.id, userId: 'regular', choice: 0, correct: true, at: at('2026-11-26', '09:31') })
          .finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(settled).toBe(false);
        end();
        await otherReplica.catch(() => undefined);
        const outcome = await click;
        expect(outcome).toMatchObject({ kind: 'recorded', answer: { streak: 3 }, points });
        const paid = rowsOf<{ n: number }>(
          await database.db.execute(
            sql`select count(*)::int as n from daily_answers where tenant_id = ${tenant} and user_id = 'regular' and local_date = '2026-11-26' and points_streak > 0`,
          ),
        );
        expect(paid[0]!.n).toBe(1);
      } finally {
        end();
        await otherReplica.catch(() => undefined);
        await other.end();
      }
    },
  );

  it('WHEN three replicas claim the same slot and reveal at once THEN one wins each', async () => {
    await seedQuizTenant(database.db, 'discord:guild-claims', []);
    const replicas = [1, 2, 3].map(() => new QuizPostRepository(database.db));
    const opensAt = at('2026-11-28', '09:00');
    const claims = await Promise.all(
      replicas.map((r) =>
        r.claimSlot({
          tenantId: 'discord:guild-claims',
          channelId: 'study',
          localDate: '2026-11-28',
          questionKey: 'k',
          choiceOrder: [0, 1, 2, 3],
          opensAt,
          closesAt: new Date(opensAt.getTime() + 3600_000),
        }),
      ),
    );
    const won = claims.filter(Boolean);
    expect(won).toHaveLength(1);
    const reveals = await Promise.all(replicas.map((r) => r.claimReveal(won[0]!.id, at('2026-11-28', '10:00'))));
    expect(reveals.filter(Boolean)).toHaveLength(1);
  });
});
