import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { CanvasCardRenderer } from '../../src/cards/canvas-card-renderer.js';
import type { Card, CardRenderer } from '../../src/core/cards.js';
import type { Reply } from '../../src/core/reply.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';

let app: TestApp;
afterEach(async () => app.close());

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string) => invocation({ user: name.toLowerCase(), name });

/** A daily question answered by Ana and Ben: someone is on the board. */
async function answeredQuizDay(cards?: CardRenderer): Promise<void> {
  app = await createTestApp({ cards });
  const channel = recordQuizPosts(app);
  await app.bot.commandLine('/quiz-setup time:09:00 timezone:UTC window:1h', admin);
  await app.bot.commandLine('/quiz-now', admin);
  const [posted] = channel.of('post');
  await pressButton(app.bot, posted!.reply, 'A', person('Ana'));
  await pressButton(app.bot, posted!.reply, 'B', person('Ben'));
}

const withoutPicture = ({ image: _image, drawing: _drawing, ...rest }: Reply) => rest;

describe(`cards in replies (${driverName})`, () => {
  it('GIVEN pictures on THEN /leaderboard and /stats come with a card beside their full text, and /stats stays private', async () => {
    const renderer = new CanvasCardRenderer();
    onTestFinished(() => renderer.close());
    await answeredQuizDay(renderer);
    const board = await app.bot.commandLine('/leaderboard', person('Ben'));
    expect(board.body).toMatch(/^(🥇|\*\*1\.\*\*) (Ana|Ben) · \*\*\d+\*\* pts/);
    // The reply is ready at once; its card follows.
    expect(board.image).toBeUndefined();
    const boardCard = await board.drawing;
    expect(boardCard).toMatchObject({ name: 'leaderboard.png', width: 800 });
    expect(boardCard!.alt).toMatch(/^Leaderboard card, People · this week: 1\. (Ana|Ben), \d+ points/);
    const stats = await app.bot.commandLine('/stats', person('Ana'));
    expect(stats.private).toBe(true);
    expect(stats.fields!.map((f) => f.name)).toContain('Accuracy');
    const statsCard = await stats.drawing;
    expect(statsCard).toMatchObject({ name: 'stats.png', width: 800 });
    // Today, answered while the post is still open: right or wrong, whichever A was.
    expect(statsCard!.alt).toMatch(/; last 12 weeks: (1 quiz day right, 0 wrong|0 quiz days right, 1 wrong), 0 missed\.$/);
    const progress = await app.bot.commandLine('/progress', person('Ana'));
    expect(progress.private).toBe(true);
    const progressCard = await progress.drawing;
    expect(progressCard).toMatchObject({ name: 'progress.png', width: 800, title: 'Course progress · Ana' });
    // Her answer to the daily question started its chapter.
    expect(progressCard!.alt).toMatch(/^Course map for Ana: 0 of 145 lessons done; chapters mastered: none; started: \d+; next lesson in chapter 1\.$/);
    const teams = await app.bot.commandLine('/leaderboard board:teams', person('Ana'));
    expect(teams.drawing).toBeUndefined();
    expect(teams.body).toMatch(/^No teams yet/);
  });

  it("GIVEN a quiz day answered THEN the stats card's calendar has it in today's cell of the last 12 weeks, and a week later a column (a week) earlier", async () => {
    const seen: Card[] = [];
    await answeredQuizDay({ render: async (card) => (seen.push(card), undefined) });
    const calendarOfAna = async () => {
      await (
        await app.bot.commandLine('/stats', person('Ana'))
      ).drawing;
      const card = seen.at(-1);
      if (card?.kind !== 'stats') throw new Error(`expected a stats card, got ${card?.kind}`);
      return card.calendar.days;
    };
    const todayIndex = 7 * 11 + ((app.clock.now().getUTCDay() + 6) % 7); // the last week's column, Monday first
    const days = await calendarOfAna();
    expect(days).toHaveLength(84);
    expect(days.flatMap((day, i) => (day ? [i] : []))).toEqual([todayIndex]);
    expect(['right', 'wrong']).toContain(days[todayIndex]);
    app.clock.advance(7 * 24 * 3_600_000);
    const weekLater = await calendarOfAna();
    expect(weekLater.flatMap((day, i) => (day ? [i] : []))).toEqual([todayIndex - 7]);
    expect(weekLater[todayIndex - 7]).toBe(days[todayIndex]);
  });

  it('GIVEN a card no platform shows THEN it is never drawn, and one awaited twice is drawn once', async () => {
    const renderer = new CanvasCardRenderer();
    onTestFinished(() => renderer.close());
    const drawn: string[] = [];
    await answeredQuizDay({ render: (card) => (drawn.push(card.kind), renderer.render(card)) });
    // A private /stats on Slack: the text goes out and nobody awaits its picture.
    const stats = await app.bot.commandLine('/stats', person('Ana'));
    expect(stats.drawing).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drawn).toEqual([]);
    const board = await app.bot.commandLine('/leaderboard', person('Ben'));
    const [first, again] = await Promise.all([board.drawing, board.drawing]);
    expect(first).toMatchObject({ name: 'leaderboard.png' });
    expect(again).toBe(first);
    expect(await board.drawing).toBe(first);
    expect(drawn).toEqual(['leaderboard']);
  });

  it('GIVEN drawing a card fails THEN the reply is the same text without a picture', async () => {
    const calls: string[] = [];
    await answeredQuizDay({
      render: async (card) => {
        calls.push(card.kind);
        throw new Error('Skia is having a bad day');
      },
    });
    const board = await app.bot.commandLine('/leaderboard', person('Ben'));
    expect(await board.drawing).toBeUndefined();
    expect(calls).toEqual(['leaderboard']);
    expect(board.title).toBe('🏆 Leaderboard · this week');
    expect(board.body).toMatch(/ · \*\*\d+\*\* pts/);
    const again = await app.bot.commandLine('/leaderboard', person('Ben'));
    expect(withoutPicture(again)).toEqual(withoutPicture(board));
  });

  it('GIVEN pictures off THEN replies carry the card description but no picture', async () => {
    await answeredQuizDay();
    const board = await app.bot.commandLine('/leaderboard', person('Ben'));
    expect(board.card?.kind).toBe('leaderboard');
    expect(await board.drawing).toBeUndefined();
  });
});
