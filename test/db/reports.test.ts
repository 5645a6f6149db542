import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/bot.js';
import { DEFAULT_RATE_LIMIT } from '../../src/core/rate-limit.js';
import type { Reply } from '../../src/core/reply.js';
import { Metrics } from '../../src/ops/metrics.js';
import { renderSlack } from '../../src/platforms/slack/slack.renderer.js';
import { REPORTS_TO_HOLD_BACK } from '../../src/quiz/reports.js';
import { createTestApp, invocation, pressButton, recordQuizPosts, type TestApp } from '../support/app.js';
import { discordProblems, slackProblems } from '../support/conformance.js';
import { driverName, rowsOf } from '../support/database.js';
import type { RecordingPublisher } from '../support/recording-publisher.js';
import { silentLogger } from '../support/silent-logger.js';

let app: TestApp;
let channel: RecordingPublisher;
beforeEach(async () => {
  app = await createTestApp();
  channel = recordQuizPosts(app);
});
afterEach(async () => app.close());

const admin = invocation({ user: 'admin', name: 'Admin', admin: true });
const person = (name: string, tenant = 'guild-1') => invocation({ user: name.toLowerCase(), name, tenant });
const adminOf = (tenant: string) => invocation({ user: `admin-${tenant}`, name: 'Admin', admin: true, tenant });
const run = (line: string, who: Invocation = admin) => app.bot.commandLine(line, who);
const click = (reply: Reply, label: string, who: Invocation) => pressButton(app.bot, reply, label, who);
const send = (form: Reply, who: Invocation, values: Record<string, unknown>) => app.bot.submit({ ...who, actionId: form.form!.submitAction, values });
const DAY = 24 * 60 * 60_000;

/**
 * A member's practice feedback on a question of lesson 17.3, where ⚑ Report is. The question is drawn at random:
 * members who must report the same one click the same feedback (its buttons carry the question, not the member).
 */
async function practiceFeedback(who: Invocation): Promise<Reply> {
  return click(await run('/quiz 17.3', who), 'A', who);
}

/** A member reports the question under `feedback` with `note`: the click, the form, the submission. */
async function report(feedback: Reply, who: Invocation, note: string): Promise<Reply> {
  const form = await click(feedback, '⚑ Report', who);
  return send(form, who, { note });
}

async function storedReports() {
  return rowsOf<{ tenant_id: string; user_id: string; question_key: string; note: string; resolution: string | null }>(
    await app.database.db.execute(sql`select tenant_id, user_id, question_key, note, resolution from question_reports order by id`),
  );
}

describe(`reporting a question (${driverName})`, () => {
  it('GIVEN practice feedback WHEN a member clicks ⚑ Report THEN a form asks "What is wrong?", and sending it stores the report and thanks them privately', async () => {
    const ana = person('Ana');
    const feedback = await practiceFeedback(ana);
    expect(feedback.buttons!.flat().map((b) => b.label)).toEqual(['Another one', '📖 Lesson 17.3', '⚑ Report']);
    const opened = await click(feedback, '⚑ Report', ana);
    expect(opened.form).toEqual({
      title: 'Report this question',
      submitLabel: 'Send report',
      submitAction: expect.stringMatching(/^v1:quiz:report-form:17\.3:[0-9a-f]{10}$/),
      fields: [{ id: 'note', label: 'What is wrong?', style: 'paragraph', required: false, maxLength: 300, placeholder: 'e.g. B is right too, because…' }],
      typedAs: 'report',
    });
    const thanks = await send(opened, ana, { note: 'Choice B is also correct since 2024.' });
    expect(thanks).toMatchObject({ private: true, body: '⚑ Reported. Thanks — an admin will look at it.\nYour note: “Choice B is also correct since 2024.”' });
    expect(await storedReports()).toEqual([
      {
        tenant_id: 'discord:guild-1',
        user_id: 'ana',
        question_key: expect.stringMatching(/^17\.3:/),
        note: 'Choice B is also correct since 2024.',
        resolution: null,
      },
    ]);
  });

  it('GIVEN the daily quiz and /review THEN their feedback carries ⚑ Report too, and a report needs no note', async () => {
    await run('/quiz-setup time:09:00 window:1h');
    await run('/quiz-now');
    const [post] = channel.of('post');
    const ben = person('Ben');
    const daily = await click(post!.reply, 'A', ben);
    expect(daily.buttons!.flat().map((b) => b.label)).toEqual([expect.stringMatching(/^📖 Lesson /), '⚑ Report']);
    expect((await report(daily, ben, '')).body).toBe('⚑ Reported. Thanks — an admin will look at it.');

    app.clock.advance(DAY);
    const due = await run('/review', ben);
    expect(due.title).toMatch(/^🔁 Review/);
    const reviewed = await click(due, 'B', ben);
    expect(reviewed.buttons!.flat().map((b) => b.label)).toEqual(['Next review', expect.stringMatching(/^📖 Lesson /), '⚑ Report']);
    // The same question as the daily one (Ben's only card): his open report on it is found again.
    expect((await report(reviewed, ben, 'The explanation contradicts the answer.')).body).toMatch(/^Your report on this question now has your note\. Thanks/);
    expect((await storedReports()).map((r) => r.note)).toEqual(['The explanation contradicts the answer.']);
  });

  it('GIVEN a member reports the same question twice THEN one open report is kept, its note updated (a blank one keeps it), and the reply says so', async () => {
    const ana = person('Ana');
    const feedback = await practiceFeedback(ana);
    await report(feedback, ana, 'first note');
    expect((await report(feedback, ana, 'second note')).body).toBe(
      'Your report on this question now has your note. Thanks — an admin will look at it.\nYour note: “second note”',
    );
    expect((await report(feedback, ana, '   ')).body).toBe(
      "You had already reported this question: it is still on the admins' list. Thanks — an admin will look at it.",
    );
    expect((await storedReports()).map((r) => r.note)).toEqual(['second note']);
  });

  it('GIVEN bad input THEN a clear private answer, and nothing is stored', async () => {
    const ana = person('Ana');
    const form = await click(await practiceFeedback(ana), '⚑ Report', ana);
    const long = await send(form, ana, { note: 'x'.repeat(301) });
    expect(long).toMatchObject({
      private: true,
      body: '"What is wrong?" takes at most 300 characters, and yours has 301. Nothing was saved: shorten it and try again.',
    });
    // A question that is not in the course (its wording changed), a forged or foreign form id, a button id as a form.
    const gone = await app.bot.submit({ ...ana, actionId: 'v1:quiz:report-form:17.3:0000000000', values: { note: 'x' } });
    expect(gone.body).toMatch(/^That question has changed since it was asked/);
    for (const forged of ['v1:quiz:report-form:17.3', 'v1:quiz:report-form:17.3:zz:zz', 'v1:quiz:report:17.3:0000000000', 'v1:quiz:__proto__:1', 'nonsense']) {
      expect((await app.bot.submit({ ...ana, actionId: forged, values: { note: 'x' } })).body).toBe(
        "That button isn't valid any more. Run the command again to get fresh buttons.",
      );
    }
    expect((await app.bot.action({ ...ana, actionId: 'v1:quiz:report:17.3:0000000000' })).body).toMatch(/^That question has changed since it was asked/);
    expect(await storedReports()).toEqual([]);
  });

  it('GIVEN a member who sends the form again and again THEN past the per-member limit they are told to slow down, and it counts in the metrics as a submit', async () => {
    const limited = await createTestApp({ rateLimit: DEFAULT_RATE_LIMIT });
    try {
      const metrics = new Metrics();
      limited.bot.observe(metrics.observer(silentLogger));
      const ana = person('Ana');
      const form = await pressButton(limited.bot, await pressButton(limited.bot, await limited.bot.commandLine('/quiz 17.3', ana), 'A', ana), '⚑ Report', ana);
      const replies = [];
      for (let i = 0; i < DEFAULT_RATE_LIMIT.burst; i++)
        replies.push(await limited.bot.submit({ ...ana, actionId: form.form!.submitAction, values: { note: `note ${i}` } }));
      expect(replies.at(-1)!.body).toMatch(/^Slow down a little/);
      expect(replies.filter((r) => r.body!.startsWith('Slow down')).length).toBe(3);
      // The last note stored is the last one let through.
      const notes = rowsOf<{ note: string }>(await limited.database.db.execute(sql`select note from question_reports`)).map((r) => r.note);
      expect(notes).toEqual([`note ${DEFAULT_RATE_LIMIT.burst - 4}`]);
      await limited.bot.submit({ ...ana, actionId: 'v1:quiz:forged:1', values: {} });
      const scraped = await metrics.registry.metrics();
      expect(scraped).toMatch(/studybot_interactions_total\{platform="discord",kind="submit",command="quiz:report-form",outcome="ok"\} 27/);
      expect(scraped).toMatch(/studybot_interactions_total\{platform="discord",kind="submit",command="unknown",outcome="user-error"\} 1/);
    } finally {
      await limited.close();
    }
  });

  it('GIVEN the report form THEN Discord and Slack would open it, and its confirmation fits both', async () => {
    const ana = person('Ana');
    const opened = await click(await practiceFeedback(ana), '⚑ Report', ana);
    expect(discordProblems(opened)).toEqual([]);
    expect(slackProblems(opened)).toEqual([]);
    expect(discordProblems(await send(opened, ana, { note: '@everyone <!channel> **bold** '.repeat(10).trim() }))).toEqual([]);
  });
});

describe(`/reports for admins (${driverName})`, () => {
  it('GIVEN reports from several members THEN /reports groups them by question with the question, its lesson, the count and every note as plain text', async () => {
    const names = ['Ana', 'Ben', 'Cai'];
    const notes = ['@everyone look: B is right', '<!channel> **bold** claim', ''];
    const feedback = await practiceFeedback(person('Ana'));
    for (const [i, name] of names.entries()) await report(feedback, person(name), notes[i]!);
    const other = person('Dee');
    await report(await click(await run('/quiz 1.1', other), 'A', other), other, 'typo');

    const list = await run('/reports');
    expect(list).toMatchObject({ title: '⚑ Reported questions', private: true });
    expect(list.body).toBe('2 questions have open reports. A question reported by 3 or more members is left out of the daily quiz until it is resolved.');
    const [first, second] = list.fields!;
    expect(first!.name).toMatch(/^#\d+ · lesson 17\.3 · 3 members · out of the daily quiz$/);
    const lines = first!.value.split('\n');
    expect(lines[0]).toMatch(/^\*\*.+\*\*$/);
    expect(lines.slice(1)).toEqual(['• Ana: “@\u200beveryone look: B is right”', '• Ben: “<\u200b!channel\\> \\*\\*bold\\*\\* claim”', '• Cai: _no note_']);
    expect(second!.name).toMatch(/^#\d+ · lesson 1\.1 · 1 member$/);
    // As Slack shows it: no broadcast, no bold from a member's text.
    const slack = JSON.stringify(renderSlack(list));
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('*bold*');
    expect(discordProblems(list)).toEqual([]);
    expect(slackProblems(list)).toEqual([]);
  });

  it('GIVEN open reports WHEN an admin resolves them as fixed, then others as stands THEN both are settled, confirmed and listed under Recently resolved', async () => {
    const feedback = await practiceFeedback(person('Ana'));
    for (const name of ['Ana', 'Ben']) await report(feedback, person(name), `${name} says so`);
    const id = Number(/^#(\d+)/.exec((await run('/reports')).fields![0]!.name)![1]);
    const fixed = await run(`/reports resolve ${id} fixed Choice B reworded`);
    expect(fixed).toMatchObject({ private: true, body: `Resolved #${id} (lesson 17.3, 2 members): **fixed in the content**.\nNote: “Choice B reworded”` });
    expect((await storedReports()).map((r) => r.resolution)).toEqual(['fixed', 'fixed']);
    expect((await run(`/reports resolve ${id} stands`)).body).toBe(`No open report #${id} in this server. \`/reports\` lists the open ones.`);

    // Reported again after the fix: a new group with a new id, settled as standing.
    await report(feedback, person('Cai'), 'still wrong?');
    const list = await run('/reports');
    const again = Number(/^#(\d+)/.exec(list.fields![0]!.name)![1]);
    expect(again).not.toBe(id);
    expect((await run(`/reports resolve ${again} stands`)).body).toBe(`Resolved #${again} (lesson 17.3, 1 member): **the question stands**.`);

    const after = await run('/reports');
    expect(after.body).toBe('No open reports. Members report a question with **⚑ Report** under its feedback.');
    expect(after.fields).toEqual([
      {
        name: 'Recently resolved',
        value: `• #${again} · lesson 17.3 · the question stands (1 member), by Admin on 26 Nov\n• #${id} · lesson 17.3 · fixed in the content (2 members), by Admin on 26 Nov: “Choice B reworded”`,
      },
    ]);
  });

  it('GIVEN a member who is not an admin, or bad arguments THEN /reports refuses with a clear answer and changes nothing', async () => {
    await report(await practiceFeedback(person('Ana')), person('Ana'), 'x');
    expect((await run('/reports', person('Ana'))).body).toBe('`/reports list` is for server admins (Manage Server).');
    expect((await run('/reports resolve 1 fixed', person('Ana'))).body).toBe('`/reports resolve` is for server admins (Manage Server).');
    expect((await run('/reports resolve 1 maybe')).body).toMatch(/^`outcome` is required\.|^`outcome` must be one of: `fixed`, `stands`\./);
    expect((await run('/reports resolve abc fixed')).body).toMatch(/^`id` must be a whole number/);
    expect((await run(`/reports resolve 1 fixed ${'y'.repeat(301)}`)).body).toBe('`note` can be at most 300 characters.');
    expect((await run('/reports resolve 999999 fixed')).body).toBe('No open report #999999 in this server. `/reports` lists the open ones.');
    expect((await storedReports()).map((r) => r.resolution)).toEqual([null]);
  });

  it("GIVEN two servers THEN each sees only its own reports, and neither can resolve the other's", async () => {
    const feedback = await practiceFeedback(person('Ana'));
    await report(feedback, person('Ana'), 'server A note');
    const id = Number(/^#(\d+)/.exec((await run('/reports')).fields![0]!.name)![1]);
    const other = adminOf('guild-2');
    const theirs = await run('/reports', other);
    expect(theirs.body).toBe('No open reports. Members report a question with **⚑ Report** under its feedback.');
    expect(JSON.stringify(theirs)).not.toContain('server A note');
    expect((await run(`/reports resolve ${id} fixed`, other)).body).toBe(`No open report #${id} in this server. \`/reports\` lists the open ones.`);
    expect((await storedReports()).map((r) => r.resolution)).toEqual([null]);
    // The same member reporting the same question in the other server files a report there.
    await report(feedback, person('Ana', 'guild-2'), 'server B note');
    expect((await storedReports()).map((r) => [r.tenant_id, r.note])).toEqual([
      ['discord:guild-1', 'server A note'],
      ['discord:guild-2', 'server B note'],
    ]);
  });
});

describe(`the daily quiz leaves out questions ${REPORTS_TO_HOLD_BACK} members reported (${driverName})`, () => {
  /** Chapter 2 has 15 questions: a daily quiz on it alone goes through them in 15 days. */
  const CHAPTER = 2;
  const posted = async () =>
    rowsOf<{ question_key: string }>(await app.database.db.execute(sql`select question_key from quiz_posts order by local_date`)).map((r) => r.question_key);
  const nextDay = async () => {
    app.clock.advance(DAY);
    await app.services.quiz.runDue();
  };
  const reportBy = (names: string[], key: string, tenant = 'guild-1') =>
    Promise.all(
      names.map((name) =>
        app.services.identities
          .ensure(person(name, tenant).tenant, person(name, tenant).user)
          .then(() =>
            app.services.reports.report({ tenantId: `discord:${tenant}`, userId: name.toLowerCase(), questionKey: key, note: '', at: app.clock.now() }),
          ),
      ),
    );

  it('GIVEN a question reported by three members THEN it is never posted while the reports are open, and comes back once they are resolved', async () => {
    const pool = app.services.quiz.channels.pool({ chapters: [CHAPTER] });
    expect(pool).toHaveLength(15);
    await run(`/quiz-setup time:09:00 timezone:UTC window:1h chapters:${CHAPTER}`);
    // The question the channel would post first, reported by three members (two reports by one member do not count twice).
    await app.services.quiz.runDue();
    const [first] = await posted();
    const reported = pool.find((q) => q.key !== first)!.key;
    await reportBy(['Ana', 'Ben'], reported);
    await reportBy(['Ana'], reported);
    expect(await app.services.reports.heldBack('discord:guild-1', REPORTS_TO_HOLD_BACK)).toEqual(new Set());
    expect((await run('/quiz-status')).fields![0]!.value).toContain('Pool: 15 questions, 1 used in round 1');
    await reportBy(['Cai'], reported);
    expect((await run('/quiz-status')).fields![0]!.value).toContain(
      "Pool: 15 questions (1 out of the daily quiz for members' reports: /reports), 1 used in round 1",
    );
    // Elsewhere it is not held back: another server's reports are its own.
    expect(await app.services.reports.heldBack('discord:guild-2', REPORTS_TO_HOLD_BACK)).toEqual(new Set());

    // The rest of the pool (14 days in all), and a new cycle begins without it.
    for (let day = 2; day <= 15; day++) await nextDay();
    const whileOpen = await posted();
    expect(whileOpen).toHaveLength(15);
    expect(whileOpen).not.toContain(reported);
    expect(new Set(whileOpen.slice(0, 14)).size).toBe(14);

    const id = Number(/^#(\d+)/.exec((await run('/reports')).fields![0]!.name)![1]);
    expect((await run(`/reports resolve ${id} fixed`)).body).toBe(
      `Resolved #${id} (lesson ${reported.split(':')[0]}, 3 members): **fixed in the content**. It is back in the daily quiz.`,
    );
    for (let day = 16; day <= 29; day++) await nextDay();
    expect((await posted()).slice(15)).toContain(reported);
  });

  it('GIVEN every question of the pool reported by three members THEN the daily quiz still posts', async () => {
    await run(`/quiz-setup time:09:00 timezone:UTC window:1h chapters:${CHAPTER}`);
    for (const question of app.services.quiz.channels.pool({ chapters: [CHAPTER] })) await reportBy(['Ana', 'Ben', 'Cai'], question.key);
    await app.services.quiz.runDue();
    expect(await posted()).toHaveLength(1);
  });
});
