import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScheduleRunRepository } from '../../src/db/repositories/schedule-run.repository.js';
import type { QuizChannel } from '../../src/quiz/model.js';
import { QuizPublishers } from '../../src/quiz/publishers.js';
import { cronPattern, QuizScheduler } from '../../src/quiz/scheduler.js';
import { createTestApp, invocation, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';
import { eventually } from '../support/run-bot.js';
import type { RecordingPublisher } from '../support/recording-publisher.js';

let app: TestApp;
let scheduler: QuizScheduler;
let channel: RecordingPublisher;
beforeEach(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
  scheduler = new QuizScheduler(app.services.quiz, app.quizStore, new ScheduleRunRepository(app.database.db), app.services.logger, app.clock);
});
afterEach(async () => {
  await scheduler.stop();
  await app.close();
});

const admin = invocation({ user: 'admin', admin: true });

describe("GIVEN a quiz channel's time and days", () => {
  it.each<[Pick<QuizChannel, 'time' | 'days'>, string]>([
    [{ time: '09:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, '0 9 * * *'],
    [{ time: '18:30', days: ['mon', 'wed', 'fri'] }, '30 18 * * 1,3,5'],
    [{ time: '07:05', days: ['sun', 'sat'] }, '5 7 * * 0,6'],
  ])('WHEN they are %j THEN the cron pattern is %s', (channel, pattern) => {
    expect(cronPattern(channel)).toBe(pattern);
  });
});

describe(`the scheduler (${driverName})`, () => {
  it('GIVEN channels THEN one job per enabled channel in its timezone, rebuilt when the configuration changes', async () => {
    await app.bot.commandLine('/quiz-setup time:09:00 timezone:Europe/Madrid days:mon-fri', admin);
    await scheduler.start();
    expect(scheduler.jobs()).toEqual([{ name: 'quiz:discord:guild-1:channel-1', pattern: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Madrid' }]);
    await app.bot.commandLine('/quiz-setup channel:other time:21:15 timezone:America/New_York', admin);
    await app.bot.commandLine('/quiz-setup enabled:false', admin);
    await scheduler.reload();
    expect(scheduler.jobs()).toEqual([{ name: 'quiz:discord:guild-1:other', pattern: '15 21 * * *', timezone: 'America/New_York' }]);
  });

  it('GIVEN the database fails while the schedule loads at start-up THEN the start still succeeds, and a later tick loads it', async () => {
    await app.bot.commandLine('/quiz-setup time:09:00 timezone:Europe/Madrid days:mon-fri', admin);
    let failures = 1;
    const blipping = {
      enabledChannels: () => (failures-- > 0 ? Promise.reject(new Error('Connection terminated unexpectedly')) : app.quizStore.enabledChannels()),
    };
    // A one-second tick: the retry comes at the next one.
    scheduler = new QuizScheduler(app.services.quiz, blipping, new ScheduleRunRepository(app.database.db), app.services.logger, app.clock, 1);
    await scheduler.start();
    expect(scheduler.jobs()).toEqual([]);
    await eventually(() => scheduler.jobs().length > 0, 'the schedule loaded by a tick', 5_000);
    expect(scheduler.jobs()).toEqual([{ name: 'quiz:discord:guild-1:channel-1', pattern: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Madrid' }]);
  });

  it('GIVEN start-up inside an open window THEN the catch-up posts it once', async () => {
    await app.bot.commandLine('/quiz-setup time:08:00 timezone:UTC window:2h', admin);
    await scheduler.start();
    // The tick claims; the delivery goes on in the background (a slow platform never holds up a tick).
    await app.services.quiz.deliveries.drain('discord');
    expect(channel.of('post')).toHaveLength(1);
  });

  it('GIVEN a standby that cannot publish on Discord THEN it never takes the tick from the replica that can', async () => {
    const claims = new ScheduleRunRepository(app.database.db);
    const standbyQuiz = { publishers: new QuizPublishers() } as unknown as typeof app.services.quiz;
    const standby = new QuizScheduler(standbyQuiz, app.quizStore, claims, app.services.logger, app.clock);
    const leader = new QuizScheduler(app.services.quiz, app.quizStore, claims, app.services.logger, app.clock);
    const tick = (s: QuizScheduler) => s.tickCoordinator();
    const key = 'studybot:tick:2026-11-26T09:00:02.000Z';
    // The standby asks first and is refused without claiming; the leader still gets the run.
    expect(await tick(standby).shouldRun(key, 2_000)).toBe(false);
    expect(await tick(leader).shouldRun(key, 2_000)).toBe(true);
    expect(await tick(leader).shouldRun(key, 2_000)).toBe(false);
  });

  it('GIVEN three replicas ask the coordinator about the same fire THEN only one may run it, once per local date', async () => {
    const claims = new ScheduleRunRepository(app.database.db);
    const coordinators = [1, 2, 3].map(() =>
      new QuizScheduler(app.services.quiz, app.quizStore, claims, app.services.logger, app.clock).coordinator('quiz:t:c', (d) => d.toISOString().slice(0, 10)),
    );
    const key = 'quiz:t:c:2026-11-26T08:00:00.000Z';
    expect(await Promise.all(coordinators.map((c) => c.shouldRun(key, 60_000)))).toEqual(expect.arrayContaining([true, false, false]));
    expect(await coordinators[0]!.shouldRun('quiz:t:c:2026-11-26T08:00:30.000Z', 60_000)).toBe(false);
    expect(await coordinators[1]!.shouldRun('quiz:t:c:2026-11-27T08:00:00.000Z', 60_000)).toBe(true);
  });
});
