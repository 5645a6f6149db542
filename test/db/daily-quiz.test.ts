import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';
import { RecordingPublisher } from '../support/recording-publisher.js';

let app: TestApp;
let channel: RecordingPublisher;
beforeEach(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
});
afterEach(async () => app.close());

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string) => invocation({ user: name.toLowerCase(), name });
const run = (line: string, who = admin) => app.bot.commandLine(line, who);
const click = (reply: Reply, label: string, who = admin) => pressButton(app.bot, reply, label, who);
const MINUTE = 60_000;

describe(`the daily quiz, end to end through the bot (${driverName})`, () => {
  it('GIVEN setup, /quiz-now and four answers THEN exactly one is correct, the reveal closes the post, and the winner leads with 13 points', async () => {
    const setup = await run('/quiz-setup time:09:00 timezone:Europe/Madrid window:1m');
    expect(setup).toMatchObject({ title: 'Daily quiz set up', private: true });
    expect(setup.body).toContain('daily at 09:00 Europe/Madrid, answers open 1m, all chapters');

    expect((await run('/quiz-now')).body).toBe("Posted today's question in <#channel-1>.");
    expect((await run('/quiz-now')).body).toBe("Today's question is already posted in <#channel-1>.");
    const [posted] = channel.of('post');
    expect(posted!.reply.buttons!.flat().map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(posted!.reply.body).toMatch(/\*\*A\.\*\* .+\n\*\*B\.\*\* .+\n\*\*C\.\*\* .+\n\*\*D\.\*\* /);

    const names = ['Ana', 'Ben', 'Cai', 'Dee'];
    const feedback = [];
    for (const [i, name] of names.entries()) feedback.push(await click(posted!.reply, 'ABCD'[i]!, person(name)));
    const winners = feedback.filter((f) => f.body!.startsWith('✅ Correct! **+13 points** (10 + 3 speed bonus)'));
    expect(winners).toHaveLength(1);
    expect(feedback.every((f) => f.private && f.body!.includes('The answer is **'))).toBe(true);
    const winner = names[feedback.indexOf(winners[0]!)]!;

    // A double click changes nothing.
    expect((await click(posted!.reply, 'A', person('Ana'))).body).toMatch(/^You already answered this one \(you chose A\)\./);

    app.clock.advance(2 * MINUTE);
    expect((await click(posted!.reply, 'B', person('Eve'))).body).toMatch(/^⏰ This question is closed\.\nThe answer is \*\*/);
    expect(await app.services.quiz.runDue()).toEqual({ posted: 0, revealed: 1 });
    expect(await app.services.quiz.runDue()).toEqual({ posted: 0, revealed: 0 });
    const [edit] = channel.of('edit');
    expect(edit).toMatchObject({ messageId: posted!.messageId, reply: { title: expect.stringMatching(/ · closed$/) } });
    expect(edit!.reply.buttons ?? []).toEqual([]);
    const [reveal] = channel.of('reply');
    expect(reveal!.reply.title).toMatch(/^✅ The answer: [ABCD]\. /);
    expect(reveal!.reply.fields![0]).toMatchObject({ name: 'Answers (4 people)', value: expect.stringContaining('A ▰ 1') });
    expect(reveal!.reply.fields![1]!.value).toBe(`🥇 ${winner}`);

    const board = await run('/leaderboard', person('Ana'));
    const lines = board.body!.split('\n');
    expect(lines[0]).toBe(`🥇 ${winner} · **13** pts · 1 correct`);
    // Everyone who answered is on the board; the three tied at 0 share rank 2, without a medal for nothing.
    expect(lines.slice(1)).toEqual([0, 1, 2].map(() => expect.stringMatching(/^\*\*2\.\*\* \w+ · \*\*0\*\* pts · 0 correct$/)));
    expect(lines).toHaveLength(4);
  });

  it('GIVEN a member who is not an admin THEN /quiz-setup and /quiz-now are refused and nothing changes', async () => {
    for (const line of ['/quiz-setup time:10:00', '/quiz-now']) {
      expect((await run(line, person('Ana'))).body).toMatch(/is for server admins \(Manage Server\)\.$/);
    }
    expect(await app.quizStore.channels(admin.tenant.id)).toEqual([]);
  });

  it('GIVEN bad settings THEN every problem is listed and nothing is saved', async () => {
    const reply = await run('/quiz-setup time:25:00 timezone:Mars/Olympus chapters:0-40 window:soon');
    expect(reply.private).toBe(true);
    expect(reply.body!.startsWith('Nothing was changed:\n• ')).toBe(true);
    expect(reply.body!.split('\n• ')).toHaveLength(5);
    expect((await run('/quiz-setup days:mon,wed,fri window:49h')).body).toContain('The answer window (49h) is longer than the gap between two posts (48h)');
    expect(await app.quizStore.channels(admin.tenant.id)).toEqual([]);
  });

  it('GIVEN the bot was down at post time THEN it catches up once inside the window, and never replays earlier days', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:2h');
    app.clock.advance(-30 * MINUTE); // 08:30: nothing due yet
    expect(await app.services.quiz.runDue()).toEqual({ posted: 0, revealed: 0 });
    app.clock.advance(90 * MINUTE); // 10:00, inside today's window
    expect(await app.services.quiz.runDue()).toEqual({ posted: 1, revealed: 0 });
    expect(await app.services.quiz.runDue()).toEqual({ posted: 0, revealed: 0 });
    app.clock.advance(3 * 24 * 60 * MINUTE); // three days later, 10:00: yesterday and before are gone
    expect(await app.services.quiz.runDue()).toEqual({ posted: 1, revealed: 1 });
    expect(channel.of('post').map((p) => p.reply.title)).toEqual(['🧠 Daily quiz · Thu 26 Nov', '🧠 Daily quiz · Sun 29 Nov']);
  });

  it('GIVEN three engine instances and a restart mid-window THEN one post and one reveal, and answers keep counting', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    const replicas = await Promise.all([1, 2, 3].map(() => createTestAppOnSameDatabase()));
    const results = await Promise.all(replicas.map((r) => r.services.quiz.runDue()));
    expect(results.map((r) => r.posted).reduce((a, b) => a + b)).toBe(1);
    const post = channel.of('post')[0] ?? replicas.flatMap((r) => r.channel.of('post'))[0]!;
    expect(await click(post.reply, 'A', person('Ana'))).toMatchObject({ private: true });
    const restarted = await createTestAppOnSameDatabase();
    expect((await restarted.app.bot.action({ ...person('Ben'), actionId: post.reply.buttons![0]![1]!.action })).body).not.toMatch(/closed|not available/);
    for (const r of [...replicas, restarted]) r.app.clock.advance(2 * 60 * MINUTE);
    const reveals = await Promise.all([...replicas, restarted].map((r) => r.app.services.quiz.runDue()));
    expect(reveals.map((r) => r.revealed).reduce((a, b) => a + b)).toBe(1);
  });
});

describe('practice', () => {
  it('GIVEN /quiz 17.3 THEN a private question on that lesson, feedback on click and another one on request', async () => {
    const question = await run('/quiz 17.3', person('Ana'));
    expect(question).toMatchObject({ private: true, title: '🧠 Practice · lesson 17.3' });
    const feedback = await click(question, 'B', person('Ana'));
    expect(feedback.body).toMatch(/^(✅ Correct!|❌ Not quite: you chose B\.) The answer is \*\*[ABCD]\. /);
    expect(feedback.updateSource).toBe(true);
    expect((await click(feedback, 'Another one', person('Ana'))).title).toBe('🧠 Practice · lesson 17.3');
    expect((await run('/quiz zzzqqq', person('Ana'))).body).toMatch(/^No lesson matches/);
  });
});

/** Another process's view: same database, its own services, clock and channel. */
async function createTestAppOnSameDatabase() {
  const { assembleApp } = await import('../../src/app.js');
  const { loadCommands } = await import('../../src/core/command-loader.js');
  const { realCourse, FakeClock } = await import('../support/app.js');
  const { pino } = await import('pino');
  const clock = new FakeClock(app.clock.now());
  const other = assembleApp({ course: await realCourse(), registry: await loadCommands(), database: app.database, clock, logger: pino({ level: 'silent' }) });
  const recording = new RecordingPublisher();
  other.services.quiz.publishers.register('discord', recording);
  return { app: { ...other, clock }, services: other.services, channel: recording };
}

describe(`daylight saving time (${driverName})`, () => {
  it('GIVEN 02:30 in Madrid on the spring-forward day THEN the post goes out once, at 03:00 local, and the next day as usual', async () => {
    await run('/quiz-setup time:02:30 timezone:Europe/Madrid window:1h');
    const posted = [];
    for (const at of [
      '2026-03-29T00:59:00Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:01:00Z',
      '2026-03-29T01:45:00Z',
      '2026-03-30T00:30:00Z',
      '2026-03-30T00:31:00Z',
    ]) {
      app.clock.set(at);
      posted.push((await app.services.quiz.runDue()).posted);
    }
    expect(posted).toEqual([0, 1, 0, 0, 1, 0]);
    expect(channel.of('post').map((p) => p.reply.title)).toEqual(['🧠 Daily quiz · Sun 29 Mar', '🧠 Daily quiz · Mon 30 Mar']);
  });

  it('GIVEN 01:30 in New York on the fall-back day (it happens twice) THEN exactly one post', async () => {
    await run('/quiz-setup time:01:30 timezone:America/New_York window:2h');
    const posted = [];
    for (const at of ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-01T07:00:00Z']) {
      app.clock.set(at);
      posted.push((await app.services.quiz.runDue()).posted);
    }
    expect(posted).toEqual([1, 0, 0]);
  });
});

describe(`delivery (${driverName})`, () => {
  it('GIVEN the platform refuses the post THEN a later tick delivers it, once, while the window is open', async () => {
    let refuse = true;
    const flaky = new RecordingPublisher();
    const post = flaky.post.bind(flaky);
    flaky.post = async (target, reply) => {
      if (refuse) throw new Error('503 from the platform');
      return post(target, reply);
    };
    app.services.quiz.publishers.register('discord', flaky);
    await run('/quiz-setup time:09:00 timezone:UTC window:1h');
    expect((await app.services.quiz.runDue()).posted).toBe(1);
    expect(flaky.of('post')).toHaveLength(0);
    refuse = false;
    await app.services.quiz.runDue(); // too soon to retry
    expect(flaky.of('post')).toHaveLength(0);
    app.clock.advance(2 * MINUTE);
    await app.services.quiz.runDue();
    await app.services.quiz.runDue();
    expect(flaky.of('post')).toHaveLength(1);
    app.clock.advance(2 * MINUTE);
    await app.services.quiz.runDue();
    expect(flaky.of('post')).toHaveLength(1);
  });
});
