import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { driverName } from '../support/database.js';
import type { RecordingPublisher } from '../support/recording-publisher.js';

let app: TestApp;
let channel: RecordingPublisher;
beforeEach(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
});
afterEach(async () => app.close());

const DAY = 24 * 3600_000;
const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string, tenant?: string) => invocation({ user: name.toLowerCase(), name, tenant });
const run = (line: string, who = admin) => app.bot.commandLine(line, who);
const press = (reply: Reply, label: string, who: ReturnType<typeof invocation>) => pressButton(app.bot, reply, label, who);

/** Posts today's question and has each listed person answer right (true) or wrong (false). */
async function quizDay(answers: Record<string, boolean>): Promise<void> {
  await run('/quiz-now');
  const post = channel.of('post').at(-1)!;
  const letters = ['A', 'B', 'C', 'D'];
  // The correct letter, from the stored post and the course (what the reveal will show).
  const postId = Number(post.reply.buttons![0]![0]!.action.split(':')[3]);
  const stored = (await app.quizStore.find(admin.tenant.id, postId))!;
  const question = app.services.course.question(stored.questionKey)!;
  const correct = letters[stored.choiceOrder.indexOf(question.answer)]!;
  for (const [name, right] of Object.entries(answers)) {
    await press(post.reply, right ? correct : letters.find((l) => l !== correct)!, person(name));
  }
}

describe(`teams (${driverName})`, () => {
  it('GIVEN admins create teams THEN members join, move, leave, and the team board sums their points', async () => {
    expect((await run('/team create "Night Owls"')).body).toBe('Team **Night Owls** created. Members join with `/team join Night Owls`.');
    expect((await run('/team create night owls')).body).toBe('A team called "night owls" already exists.');
    await run('/team create Early Birds');
    expect((await run('/team create Larks', person('Ana'))).body).toMatch(/is for server admins/);
    for (const bad of ['@everyone', '<@123>', '**bold**', 'x', 'y'.repeat(33)]) {
      expect((await run(`/team create "${bad}"`)).body).toMatch(/can't be a team name/);
    }
    expect((await run('/team join night OWLS', person('Ana'))).body).toBe('You joined **Night Owls**. Your points count for the team from now on.');
    await run('/team join Night Owls', person('Ben'));
    expect((await run('/team join Early Birds', person('Ben'))).body).toBe(
      'You joined **Early Birds** (and left Night Owls). Your points count for the team from now on.',
    );
    await run('/team join Early Birds', person('Cai'));
    expect((await run('/team leave', person('Cai'))).body).toBe('You left **Early Birds**.');
    expect((await run('/team leave', person('Cai'))).body).toMatch(/^You're not in a team/);
    expect((await run('/team join Nobody', person('Cai'))).body).toMatch(/^There is no team called "Nobody"/);

    await run('/quiz-setup time:09:00 window:12h');
    await quizDay({ Ana: true, Ben: true });
    const board = await run('/leaderboard board:teams');
    expect(board.body!.split('\n')).toEqual([
      '🥇 Night Owls · **13** pts · 1 member · 13 per member',
      '🥈 Early Birds · **12** pts · 1 member · 12 per member',
    ]);
    const list = await run('/team list', person('Ana'));
    expect(list.fields!.map((f) => `${f.name}: ${f.value}`)).toEqual(['Early Birds · 12 pts this week: Ben', 'Night Owls · 13 pts this week: Ana']);
    expect((await run('/team list', person('Zed', 'other-server'))).body).toMatch(/^No teams yet/);
    expect((await run('/team delete Night Owls')).body).toBe('Team **Night Owls** deleted. Its members keep their own points.');
  });
});

describe(`leaderboards over time (${driverName})`, () => {
  it('GIVEN points in an earlier week THEN "week" counts only this week, "all" counts everything, and ties share a rank', async () => {
    await run('/quiz-setup time:09:00 timezone:Europe/Madrid window:12h');
    await quizDay({ Ana: true, Ben: false }); // Thu 26 Nov
    app.clock.advance(7 * DAY); // Thu 3 Dec: a new week and a new month
    await quizDay({ Ben: true, Cai: true });
    const week = (await run('/leaderboard', person('Ana'))).body!.split('\n');
    expect(week.slice(0, 2)).toEqual(['🥇 Ben · **13** pts · 1 correct', '🥈 Cai · **12** pts · 1 correct']);
    expect(week.join('\n')).not.toContain('Ana');
    const all = (await run('/leaderboard all', person('Ana'))).body!;
    expect(all).toMatch(/Ana · \*\*13\*\* pts · 1 correct/);
    expect((await run('/leaderboard month', person('Ana'))).body).not.toContain('Ana');
  });

  it("GIVEN more than 10 people THEN the top 10 show, and the caller's own line is added below", async () => {
    await run('/quiz-setup time:09:00 window:12h');
    const people = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`P${String(i).padStart(2, '0')}`, true]));
    await quizDay({ ...people, Last: false });
    const lines = (await run('/leaderboard', person('Last'))).body!.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.at(-2)).toBe('…');
    expect(lines.at(-1)).toBe('**13.** Last · **0** pts · 0 correct');
  });

  it('GIVEN nobody has scored yet THEN the board lists who answered, and hands out no medal', async () => {
    await run('/quiz-setup time:09:00 window:12h');
    await quizDay({ Ana: false, Ben: false });
    const lines = (await run('/leaderboard', person('Ana'))).body!.split('\n');
    expect(lines).toEqual(['**1.** Ana · **0** pts · 0 correct', '**1.** Ben · **0** pts · 0 correct']);
  });
});

describe(`/stats and /review (${driverName})`, () => {
  it('GIVEN answers over two days THEN /stats explains every point and names the weakest chapter', async () => {
    await run('/quiz-setup time:09:00 window:12h');
    await quizDay({ Ana: true });
    app.clock.advance(DAY);
    await quizDay({ Ana: true });
    await run('/lesson 17.3', person('Ana'));
    const stats = await run('/stats', person('Ana'));
    const field = (name: string) => stats.fields!.find((f) => f.name === name)!.value;
    expect(field('Points')).toMatch(/^This week \*\*27\*\* \(20 answers \+ 6 speed \+ 1 streak\)/);
    expect(field('Accuracy')).toBe('100% (2/2, daily and practice)');
    expect(field('Streak')).toBe('🔥 2 now · best 2');
    expect(field('Lessons opened')).toBe('1 of 145');
    expect(field('Weakest chapters first')).toMatch(/→ `\/lesson \d+`, `\/quiz \d+`/);
    expect((await run('/stats', person('Nobody'))).body).toMatch(/has no stats yet/);
  });

  it('GIVEN lessons marked done THEN /stats counts them, and says the course is complete only once every lesson is done and every chapter mastered', async () => {
    const ana = person('Ana');
    const { course, progress, practice } = app.services;
    const course_ = (who = ana) => run('/stats', who).then((stats) => stats.fields!.find((f) => f.name === 'Course')!.value);
    // Ana's first command makes her known to the bot; she has nothing to show yet.
    expect((await run('/stats', ana)).body).toMatch(/has no stats yet/);
    await progress.markDone(ana.tenant.id, 'ana', '17.3');
    await progress.markDone(ana.tenant.id, 'ana', '1.1');
    expect(await course_()).toBe('2 of 145 lessons done · `/progress`');
    // Lessons done elsewhere stay there.
    expect((await run('/stats', person('Ana', 'guild-2'))).body).toMatch(/has no stats yet/);

    for (const lesson of course.subchapters) await progress.markDone(ana.tenant.id, 'ana', lesson.id);
    expect(await course_()).toBe('145 of 145 lessons done · `/progress`');
    for (const question of course.questions) {
      await practice.record({ tenantId: ana.tenant.id, userId: 'ana', questionKey: question.key, kind: 'practice', correct: true, at: app.clock.now() });
    }
    expect(await course_()).toBe('🎓 Course complete: every chapter done and mastered');
  });

  it('GIVEN a wrong practice answer THEN it comes back in /review within minutes, and a right answer pushes it out', async () => {
    expect((await run('/review', person('Ana'))).body).toMatch(/^Nothing to review right now\. Your deck is empty/);
    const question = await run('/quiz 17.3', person('Ana'));
    const feedback = await press(question, 'A', person('Ana'));
    const wasRight = feedback.body!.startsWith('✅');
    expect((await run('/review', person('Ana'))).body).toMatch(/^Nothing to review right now\. The next one is due in \d+ minutes?/);
    app.clock.advance((wasRight ? 60 : 10) * 60_000);
    const review = await run('/review', person('Ana'));
    expect(review.title).toBe('🔁 Review · lesson 17.3');
    expect(review.footer).toMatch(/^1 due for review/);
  });
});

describe('lessons link to practice', () => {
  it('GIVEN a lesson THEN its "Quiz me" button asks a question on it', async () => {
    const lesson = await run('/lesson 17.3', person('Ana'));
    expect((await press(lesson, '🧠 Quiz me', person('Ana'))).title).toBe('🧠 Practice · lesson 17.3');
  });
});
