import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleApp, type App } from '../../src/app.js';
import { loadCommands } from '../../src/core/command-loader.js';
import { ScheduleRunRepository } from '../../src/db/repositories/schedule-run.repository.js';
import { QuizScheduler } from '../../src/quiz/scheduler.js';
import type { Reply } from '../../src/core/reply.js';
import { createTestApp, invocation, ManualTimers, pressButton, realCourse, recordQuizPosts, type TestApp } from '../support/app.js';
import { sql } from 'drizzle-orm';
import { driverName, rowsOf } from '../support/database.js';
import { RecordingPublisher } from '../support/recording-publisher.js';

let app: TestApp;
let channel: RecordingPublisher;
const extraEngines: App[] = [];
beforeEach(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
});
afterEach(async () => {
  // Engines sharing the test's database stop their work but leave the database to the test app.
  for (const engine of extraEngines.splice(0)) {
    await engine.scheduler.stop();
    engine.services.quiz.stop();
    await engine.services.quiz.deliveries.stop(1_000);
  }
  await app.close();
});

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string) => invocation({ user: name.toLowerCase(), name });
const run = (line: string, who = admin) => app.bot.commandLine(line, who);
const click = (reply: Reply, label: string, who = admin) => pressButton(app.bot, reply, label, who);
const lessonPosts = (publisher = channel) => publisher.of('post').filter((p) => p.reply.title?.startsWith('📅'));
const HOUR = 3_600_000;

/** Another replica: production wiring on the same database and clock, posting to its own recorder. */
async function anotherEngine(): Promise<{ engine: App; publisher: RecordingPublisher }> {
  const [course, registry] = await Promise.all([realCourse(), loadCommands()]);
  const engine = assembleApp({
    course,
    registry,
    database: app.database,
    clock: app.clock,
    timers: new ManualTimers(app.clock),
    logger: pino({ level: 'silent' }),
  });
  const publisher = new RecordingPublisher();
  engine.services.quiz.publishers.register('discord', publisher);
  extraEngines.push(engine);
  return { engine, publisher };
}

/** A scheduler tick on an engine: claims what is due, then waits for the outbox. */
async function tick(services = app.services): Promise<number> {
  const posted = await services.plans.claimDue(app.clock.now());
  await services.quiz.deliveries.drain('discord');
  return posted;
}

describe(`study plans through the bot (${driverName})`, () => {
  it('GIVEN /plan start THEN the reply names the first lesson, the first post and the finish date, and the channel gets a daily quiz on the plan', async () => {
    // Thursday 26 Nov 2026, 09:00 UTC: today's 08:00 has passed, so the plan starts on Friday.
    const started = await run('/plan start from:3.1 time:08:00 days:mon-fri');
    expect(started).toMatchObject({ title: '📅 Study plan started', private: true });
    const field = (name: string) => started.fields!.find((f) => f.name === name)?.value;
    expect(field('First lesson')).toBe('`3.1` What is an AWS region and how to choose it');
    expect(field('First post')).toBe('Fri 27 Nov, 08:00 UTC');
    // 136 lessons from 3.1 (lesson 10 of 145) at one a weekday: the 136th weekday from Fri 27 Nov is 27 weeks later.
    expect(field('Estimated finish')).toBe('Fri 4 Jun 2027');
    expect(field('Daily quiz')).toMatch(/^Set up too/);
    const [quiz] = await app.quizStore.channels(admin.tenant.id);
    expect(quiz).toMatchObject({ time: '08:00', timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], enabled: true });
    expect(await tick()).toBe(0);
  });

  it('GIVEN bad input or a member who is not an admin THEN the listed errors come back and nothing changes', async () => {
    const bad = await run('/plan start from:99.9 time:25:00 timezone:Mars/Olympus days:someday');
    expect(bad.body!.startsWith('Nothing was changed:\n• There is no lesson "99.9" in the course: lessons run from 1.1 to 33.4')).toBe(true);
    expect(bad.body!.split('\n• ')).toHaveLength(5);
    expect((await run('/plan start pace:0')).body).toBe('`pace` must be at least 1.');
    expect((await run('/plan start pace:9')).body).toBe('`pace` must be at most 3.');
    for (const line of ['/plan start', '/plan now', '/plan skip', '/plan goto lesson:2.1', '/plan pause', '/plan resume', '/plan stop']) {
      expect((await run(line, person('Ana'))).body).toMatch(/is for server admins \(Manage Server\)\.$/);
    }
    expect(await app.services.plans.list(admin.tenant.id)).toEqual([]);
    expect((await run('/plan status', person('Ana'))).body).toBe('There is no study plan in this channel yet. An admin can start one with `/plan start`.');

    await run('/plan start from:4.1');
    expect((await run('/plan goto lesson:99.9')).body).toMatch(/^Nothing was changed: there is no lesson "99.9" in the course/);
    expect((await app.services.plans.plan(admin.tenant.id, 'channel-1'))?.nextLesson).toBe('4.1');
  });

  it('GIVEN /plan now THEN the lesson is posted once with Read, Done and Quiz me; Done counts for /progress, and /quiz-now asks about that lesson', async () => {
    await run('/plan start from:3.1');
    expect((await run('/plan now')).body).toBe('Posted lesson 3.1 in <#channel-1>.');
    expect((await run('/plan now')).body).toMatch(/^Today's lesson \(3\.1\) is already posted in <#channel-1>\./);
    expect(await tick()).toBe(0);
    const [post] = lessonPosts();
    expect(lessonPosts()).toHaveLength(1);
    expect(post!.reply.title).toBe("📅 Today's lesson: 3.1 · What is an AWS region and how to choose it");
    expect(post!.reply.fields![0]!.value).toContain('**What you should remember**\n• ');
    expect(post!.reply.footer).toBe('Study plan · lesson 10 of 145 · chapter 3 · /plan status · /progress');
    expect(post!.reply.buttons!.flat().map((b) => b.label)).toEqual(['📖 Read', '✅ Done', '🧠 Quiz me']);
    expect(post!.key).toMatch(/^sb:l:\d+$/);

    const read = await click(post!.reply, '📖 Read', person('Ana'));
    expect(read).toMatchObject({ private: true, title: expect.stringContaining('3.1') });
    const done = await click(post!.reply, '✅ Done', person('Ana'));
    expect(done.private).toBe(true);
    expect(done.body).toContain('✅ **3.1 What is an AWS region and how to choose it** is done.');
    expect(done.body).toContain('1 of 145 lessons');
    expect((await click(post!.reply, '✅ Done', person('Ana'))).body).toContain('was already done');

    const progress = await run('/progress', person('Ana'));
    expect(progress.body).toContain('**1 of 145** lessons done');
    expect(progress.fields!.find((f) => f.name === 'Study plan')?.value).toBe('Up to date with the group');
    expect((await run('/progress', person('Ben'))).fields!.find((f) => f.name === 'Study plan')?.value).toBe('1 lesson behind the group');

    expect((await run('/quiz-now')).body).toBe("Posted today's question in <#channel-1>.");
    const question = channel.of('post').find((p) => p.reply.title?.startsWith('🧠'));
    expect(question!.reply.footer).toMatch(/^Lesson 3\.1 · /);
    expect((await run('/quiz-status')).fields![0]!.value).toContain("Pool: the study plan's lessons: the last 1 posted (3.1)");

    const undo = await click(done, 'Undo', person('Ana'));
    expect(undo.body).toContain('**3.1** is no longer marked done.');
    expect((await run('/progress', person('Ana'))).body).toContain('**0 of 145** lessons done');
  });

  it('GIVEN pace 2 THEN a study day posts two lessons in one message, with a row of buttons each', async () => {
    await run('/plan start from:5.1 pace:2');
    await run('/plan now');
    const [post] = lessonPosts();
    expect(post!.reply.title).toBe("📅 Today's lessons: 5.1, 5.2");
    expect(post!.reply.buttons!.map((row) => row.map((b) => b.label))).toEqual([
      ['📖 Read 5.1', '✅ Done 5.1', '🧠 Quiz me 5.1'],
      ['📖 Read 5.2', '✅ Done 5.2', '🧠 Quiz me 5.2'],
    ]);
    expect((await app.services.plans.plan(admin.tenant.id, 'channel-1'))?.nextLesson).toBe('5.3');
    const status = await run('/plan status', person('Ana'));
    // Chapters 1–4 hold 18 lessons: 5.2 is the 20th.
    expect(status.body).toBe('▰▰▱▱▱▱▱▱▱▱▱▱ 14%\nLesson 20 of 145 · chapter 5');
    expect(status.fields!.find((f) => f.name === 'Current lesson')?.value).toBe(`\`5.2\` ${app.services.course.subchapter('5.2')!.title}`);
    expect(status.fields!.find((f) => f.name === 'Next lesson')?.value).toMatch(/^`5\.3` /);
    expect(status.fields!.find((f) => f.name === 'Next post')?.value).toBe('Fri 27 Nov, 08:00 UTC');
  });

  it('GIVEN skip, goto, pause, resume and stop THEN the next post follows each, and a paused or stopped plan posts nothing', async () => {
    await run('/plan start from:2.1');
    const title = (id: string) => app.services.course.subchapter(id)!.title;
    expect((await run('/plan skip')).body).toBe(`Skipped \`2.1\` ${title('2.1')}. Next: \`2.2\` ${title('2.2')}.`);
    const next = async () => (await app.services.plans.plan(admin.tenant.id, 'channel-1'))?.nextLesson;
    expect(await next()).toBe('2.2');
    expect((await run('/plan goto lesson:17.3')).body).toBe(`The next lesson is now \`17.3\` ${title('17.3')}.`);
    expect(await next()).toBe('17.3');

    expect((await run('/plan pause')).body).toMatch(/^Paused the study plan in <#channel-1>/);
    expect((await run('/plan pause')).body).toBe('The plan in <#channel-1> is already paused.');
    app.clock.set('2026-11-27T08:30:00Z');
    expect(await tick()).toBe(0);
    expect((await run('/plan now')).body).toBe('The study plan in <#channel-1> is paused: `/plan resume` first.');

    expect((await run('/plan resume')).body).toMatch(/^Resumed the study plan in <#channel-1>\. Next: `17\.3` /);
    // Resumed the same day, after its time: the day is caught up, once.
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    expect(lessonPosts().map((p) => p.reply.title)).toEqual([expect.stringMatching(/^📅 Today's lesson: 17\.3 · /)]);

    expect((await run('/plan stop')).body).toMatch(/^Stopped the study plan in <#channel-1>\./);
    app.clock.set('2026-11-30T08:30:00Z');
    expect(await tick()).toBe(0);
    expect(await app.services.plans.list(admin.tenant.id)).toEqual([]);
  });

  it('GIVEN the bot was down at the study time THEN the first engine up catches the day up once, a second engine does not repeat it, and tomorrow brings the next lesson', async () => {
    await run('/plan start from:1.1 time:08:00 days:daily');
    // Down through 08:00 on Friday; back at 15:00.
    app.clock.set('2026-11-27T15:00:00Z');
    const { engine, publisher } = await anotherEngine();
    expect(await tick(engine.services)).toBe(1);
    expect(await tick()).toBe(0);
    expect(await tick(engine.services)).toBe(0);
    expect(lessonPosts(publisher).map((p) => p.reply.title)).toEqual([expect.stringMatching(/^📅 Today's lesson: 1\.1 /)]);
    expect(lessonPosts()).toEqual([]);
    // Too late for Friday once Saturday began: Saturday posts its own lesson, and Friday's is not replayed.
    app.clock.set('2026-11-28T07:59:00Z');
    expect(await tick()).toBe(0);
    app.clock.set('2026-11-28T08:00:00Z');
    expect(await tick()).toBe(1);
    expect(lessonPosts().map((p) => p.reply.title)).toEqual([expect.stringMatching(/^📅 Today's lesson: 1\.2 /)]);
  });

  it.each([
    // Madrid springs forward on Sun 28 Mar 2027: 02:30 does not exist, so the day posts at 03:00 local (01:00 UTC).
    { zone: 'Europe/Madrid', day: '2027-03-28', next: '2027-03-29', midnight: '2027-03-27T23:00:00Z', time: '02:30', opens: '2027-03-28T01:00:00.000Z' },
    // New York falls back on Sun 7 Nov 2027: 01:30 happens twice, and the day posts at the first (05:30 UTC).
    { zone: 'America/New_York', day: '2027-11-07', next: '2027-11-08', midnight: '2027-11-07T04:00:00Z', time: '01:30', opens: '2027-11-07T05:30:00.000Z' },
  ])('GIVEN a plan in $zone WHEN the clocks change on $day THEN the day posts exactly once', async ({ zone, day, next, midnight, time, opens }) => {
    app.clock.set(midnight);
    app.clock.advance(-HOUR);
    await run(`/plan start from:1.1 time:${time} timezone:${zone} days:daily`);
    const { engine } = await anotherEngine();
    app.clock.set(midnight);
    let posted = 0;
    // Ticks every 10 minutes for 30 hours from local midnight, alternating between two engines.
    for (let i = 0; i < 180; i++) {
      posted += await tick(i % 2 ? engine.services : app.services);
      app.clock.advance(10 * 60_000);
    }
    const days = rowsOf<{ local_date: string; opens_at: Date | string }>(
      await app.database.db.execute(sql`select local_date::text, opens_at from plan_posts order by local_date`),
    );
    expect(days.map((d) => d.local_date)).toEqual([day, next]);
    expect(new Date(days[0]!.opens_at).toISOString()).toBe(opens);
    // The day of the switch and the next one (30 hours), each once.
    expect(posted).toBe(2);
  });

  it('GIVEN a member who does every lesson of a chapter and answers its questions well THEN /progress shows it mastered and the last Done says the chapter is complete', async () => {
    const ana = person('Ana');
    const chapter = app.services.course.chapter(2)!;
    let confirmation: Reply | undefined;
    for (const sub of chapter.subchapters) {
      const lesson = await run(`/lesson ${sub.id}`, ana);
      confirmation = await click(lesson, '✅ Done', ana);
    }
    expect(confirmation!.body).toContain(`Every lesson of chapter 2 is done. Master it with at least 80 % right over 3 or more of its questions: \`/quiz 2\`.`);
    expect((await run('/progress', ana)).fields![0]!.value.split('\n')[1]).toMatch(/^◐ ` 2` The cloud market .* · 3\/3$/);

    const questions = app.services.course.questions.filter((q) => q.lessonId.startsWith('2.'));
    for (const q of questions.slice(0, 3)) {
      await app.services.practice.record({ tenantId: ana.tenant.id, userId: 'ana', questionKey: q.key, kind: 'practice', correct: true, at: app.clock.now() });
    }
    const last = chapter.subchapters.at(-1)!;
    await click(confirmation!, 'Undo', ana);
    const again = await click(await run(`/lesson ${last.id}`, ana), '✅ Done', ana);
    expect(again.body).toContain('🏆 **Chapter 2 complete**: every lesson done and mastered.');
    const progress = await run('/progress', ana);
    expect(progress.body).toContain('**3 of 145** lessons done · 1 of 33 chapters mastered');
    expect(progress.fields![0]!.value.split('\n')[1]).toMatch(/^✓ ` 2` The cloud market .* · 3\/3$/);
    expect(progress.fields!.find((f) => f.name === 'Next lesson')?.value).toBe(`\`/lesson 1.1\` ${app.services.course.subchapter('1.1')!.title}`);
    expect(progress.fields!.find((f) => f.name === 'Estimated finish')?.value).toMatch(/ at this pace$/);
    // Someone else's progress is theirs alone.
    expect((await run('/progress user:ana', person('Ben'))).title).toBe('🎯 Ana · course progress');
    expect((await run('/progress', person('Ben'))).body).toContain('**0 of 145** lessons done');
  });

  it('GIVEN a plan and a daily quiz at the same minute THEN the scheduler runs a job per plan, and its catch-up posts the lesson before the question, which is on it', async () => {
    await run('/plan start from:12.2 time:08:00 days:daily');
    app.clock.set('2026-11-27T08:00:30Z');
    const scheduler = new QuizScheduler(
      app.services.quiz,
      app.quizStore,
      new ScheduleRunRepository(app.database.db),
      app.services.logger,
      app.clock,
      60,
      app.services.plans,
    );
    try {
      await scheduler.start();
      expect(scheduler.jobs()).toEqual([
        { name: 'plan:discord:guild-1:channel-1', pattern: '0 8 * * *', timezone: 'UTC' },
        { name: 'quiz:discord:guild-1:channel-1', pattern: '0 8 * * *', timezone: 'UTC' },
      ]);
      await app.services.quiz.deliveries.drain('discord');
      const posts = channel.of('post').map((p) => p.reply.title ?? '');
      expect(posts).toEqual([expect.stringMatching(/^📅 Today's lesson: 12\.2 /), expect.stringMatching(/^🧠 Daily quiz/)]);
      expect(channel.of('post')[1]!.reply.footer).toMatch(/^Lesson 12\.2 · /);
    } finally {
      await scheduler.stop();
    }
  });
});
