import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseCatalog } from '../../src/content/catalog.js';
import { chapterReply, lessonReply } from '../../src/content/replies.js';
import type { Reply } from '../../src/core/reply.js';
import { homeReply } from '../../src/quiz/home.js';
import { renderDiscord } from '../../src/platforms/discord/discord.renderer.js';
import { renderSlack } from '../../src/platforms/slack/slack.renderer.js';
import { createTestApp, invocation, pressButton, realCourse, recordQuizPosts, type TestApp } from '../support/app.js';
import { discordProblems, slackProblems } from '../support/conformance.js';
import { driverName } from '../support/database.js';
import type { RecordingPublisher } from '../support/recording-publisher.js';

/**
 * The bot's real replies, rendered for both platforms, against the validators the fakes apply:
 * Discord's OpenAPI spec (plus the limits it cannot express) and Slack's Block Kit limits.
 */
let app: TestApp;
let channel: RecordingPublisher;
const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string, user = name.toLowerCase()) => invocation({ user, name });
const run = (line: string, who = admin) => app.bot.commandLine(line, who);
/** A display name of 120 characters, with Markdown and a mention in it: what a renderer must still fit. */
const LONG_NAME = `@everyone **${'Maximiliana-Konstantina '.repeat(5)}`.slice(0, 120);

function expectWithinLimits(reply: Reply): void {
  expect(discordProblems(reply)).toEqual([]);
  expect(slackProblems(reply)).toEqual([]);
}

beforeAll(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
});
afterAll(async () => app.close());

describe(`the bot's replies within both platforms' limits (${driverName})`, () => {
  it.each([
    '/help',
    '/help lesson',
    '/help scoring',
    '/lesson 17.3',
    '/lesson 17',
    '/lesson',
    '/lesson fargate',
    '/lesson <!channel> 99.9',
    '/quiz 17.3',
    '/review',
    '/stats',
    '/quiz-status',
    '/leaderboard',
    '/team list',
  ])('GIVEN %s THEN Discord and Slack would take it', async (line) => {
    expectWithinLimits(await run(line, person('Ana')));
  });

  it('GIVEN every lesson and chapter page of the real course THEN each fits both platforms', async () => {
    const course = new CourseCatalog(await realCourse());
    const lessons = course.subchapters;
    expect(lessons.length).toBeGreaterThan(100);
    for (const sub of lessons) expectWithinLimits(lessonReply(course, sub, 'private', lessons.slice(0, 5)));
    for (const chapter of course.course.chapters) expectWithinLimits(chapterReply(course, chapter, 'shared'));
  });

  it('GIVEN the daily cycle with a 120-character display name THEN the post, the feedback, the closed post, the reveal and the leaderboard fit', async () => {
    await run('/quiz-setup time:09:00 timezone:UTC window:1m');
    await run('/quiz-now');
    const [posted] = channel.of('post');
    expectWithinLimits(posted!.reply);
    const answerers = [person(LONG_NAME, 'long'), person('Ben'), person('Cai'), person('Dee')];
    for (const [i, who] of answerers.entries()) expectWithinLimits(await pressButton(app.bot, posted!.reply, 'ABCD'[i]!, who));
    expectWithinLimits(await pressButton(app.bot, posted!.reply, 'A', answerers[0]!));

    app.clock.advance(2 * 60_000);
    await app.services.quiz.runDue();
    const [closed] = channel.of('edit');
    const [reveal] = channel.of('reply');
    expectWithinLimits(closed!.reply);
    expectWithinLimits(reveal!.reply);

    const board = await run('/leaderboard', answerers[0]);
    expectWithinLimits(board);
    const longLine = board.body!.split('\n').find((line) => line.includes('Maximiliana'))!;
    expect(longLine).toContain('@\u200beveryone');
    expect(longLine).toMatch(/…/);
    expectWithinLimits(await run('/stats', answerers[0]));
    expectWithinLimits(await homeReply({ ...answerers[0]!, services: app.services }));
  });

  it('GIVEN 30 teams of six long-named members THEN /team list shows 25 fields, more than 6,000 characters, and both renderers fit it', async () => {
    for (let t = 0; t < 30; t++) {
      const team = `Team ${String(t).padStart(2, '0')} ${'Night Owls Study Group'}`.slice(0, 32);
      await run(`/team create ${team}`);
      for (let m = 0; m < 6; m++) await run(`/team join ${team}`, person(`${LONG_NAME} ${t}-${m}`, `member-${t}-${m}`));
    }
    const list = await run('/team list', person('Ana'));
    expect(list.fields).toHaveLength(25);
    const size = (list.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(size).toBeGreaterThan(6000);
    expectWithinLimits(list);
    // Cut to fit, not refused: Discord keeps what fits in 6,000 characters, Slack shows every team.
    expect(renderDiscord(list).embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(renderSlack(list).blocks.filter((b) => b['type'] === 'section')).toHaveLength(25);
    expectWithinLimits(await run('/leaderboard all teams', person('Ana')));
  }, 120_000);
});
