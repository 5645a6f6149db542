import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { rowsOf } from '../support/database.js';
import { eventually, repliesOf, runBot, seededDataDir, type BotRun } from '../support/run-bot.js';
import { quietStudyDay } from '../support/study-days.js';

describe('GIVEN the console is driven through a pipe (printf … | npm start)', () => {
  let run: BotRun;
  let replies: Map<string, string>;
  beforeAll(async () => {
    run = await runBot(
      [
        '/lesson 17.3',
        '3',
        '/lesson 17',
        '/lesson fargate',
        '/lesson 99.9',
        '/lesson',
        'hello there',
        '/lesson @everyone',
        '/lesson state locking',
        '/help',
        '7',
        '/nope',
        '',
      ].join('\n'),
    );
    replies = repliesOf(run.stdout);
  });

  it('THEN it prints a banner with the database, the content and the platforms, and exits 0 at the end of input', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^studybot · Cloud, AWS & Terraform — From Zero to Expert$/m);
    expect(run.stdout).toMatch(/^Database: {2}embedded Postgres \(PGlite\) in .+data$/m);
    expect(run.stdout).toMatch(/^Content: {3}145\/145 lessons, \d{3,} questions$/m);
    expect(run.stdout).toMatch(/^Platforms: none enabled .* local console$/m);
    expect(run.stdout).toMatch(/^Ready in \d+ ms\./m);
  });

  it('WHEN /lesson 17.3 is typed THEN it shows the lesson, its remember list and numbered buttons', () => {
    const reply = replies.get('/lesson 17.3')!;
    expect(reply.split('\n')[0]).toBe('17.3 · ECS: task definitions, services, Fargate vs EC2');
    expect(reply).toContain('What you should remember');
    expect(reply).toContain('• ');
    expect(reply).toContain('Chapter 17 · Containers on AWS · lesson 3 of 4');
    expect(reply.split('\n').at(-1)).toBe('[1] ◀ 17.2  [2] 📘 Chapter 17  [3] 17.4 ▶  [4] 🧠 Quiz me  [5] ✅ Done');
    // Where the facts come from, as URLs a terminal can open.
    expect(reply).toMatch(/\nSources\n {2}AWS docs · .+: https:\/\/docs\.aws\.amazon\.com\/AmazonECS\//);
  });

  it('WHEN a button number is typed THEN it clicks that button: 3 leads to 17.4, whose next is 18.1', () => {
    const reply = replies.get('3')!;
    expect(reply.split('\n')[0]).toBe('17.4 · EKS: when Kubernetes and when not');
    expect(reply).toContain('[3] 18.1 ▶');
  });

  it('WHEN /lesson 17 is typed THEN it shows the chapter overview and its subchapters', () => {
    const reply = replies.get('/lesson 17')!;
    expect(reply.split('\n')[0]).toBe('Chapter 17 · Containers on AWS');
    for (const id of ['17.1', '17.2', '17.3', '17.4']) expect(reply).toMatch(new RegExp(`^${id.replace('.', '\\.')} `, 'm'));
  });

  it('WHEN /lesson fargate is typed THEN it opens 17.3 and suggests related lessons', () => {
    const reply = replies.get('/lesson fargate')!;
    expect(reply.split('\n')[0]).toMatch(/^17\.3 · /);
    expect(reply).toContain('Also see');
  });

  it('WHEN /lesson 99.9 is typed THEN it answers with a friendly "no lesson matches"', () => {
    expect(replies.get('/lesson 99.9')).toMatch(/^No lesson matches "99\.9"\. The course has chapters 1–33\./);
  });

  it('WHEN /lesson is typed alone THEN it shows the table of contents with all 33 chapters', () => {
    const reply = replies.get('/lesson')!;
    expect(reply).toMatch(/^1 What is cloud computing · 6$/m);
    expect(reply).toMatch(/^33 Projects to consolidate what you've learned · 4$/m);
  });

  it('WHEN bad lines are typed THEN they get a hint and the session continues', () => {
    expect(replies.get('hello there')).toMatch(/^Commands start with \//);
    expect(replies.get('/lesson @everyone')).toMatch(/^No lesson matches "@\u200beveryone"/);
    expect(replies.get('7')).toBe('There is no button 7 on the last reply.');
    expect(replies.get('/nope')).toBe('There is no /nope command. Try /help.');
    expect(replies.get('/lesson state locking')!.split('\n')[0]).toMatch(/^20\.2 · /);
    expect(replies.get('/help')).toContain('/lesson — Read a lesson');
  });

  it('THEN nothing is written to stderr', () => {
    expect(run.stderr).toBe('');
  });
});

describe('GIVEN a bad configuration', () => {
  it('THEN the bot exits 2 with one clear line per problem', async () => {
    const run = await runBot('', { DATABASE_URL: 'mysql://localhost/x', PORT: 'abc' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('studybot cannot start, the configuration has 2 problems:');
    expect(run.stderr).toContain('  - DATABASE_URL: must start with postgres:// or postgresql://');
    expect(run.stdout).toBe('');
  });
});

describe('GIVEN the embedded database cannot open', () => {
  it('THEN the console, already showing its prompt, says why and exits 1 instead of waiting forever', async () => {
    // The prompt comes before the database is open; a data folder of an unknown Postgres version makes the open fail.
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-e2e-broken-')), 'data');
    await mkdir(path.join(dataDir, 'pglite'), { recursive: true });
    await writeFile(path.join(dataDir, 'pglite', 'PG_VERSION'), '99\n');
    const run = await runBot('/lesson 17.3\n', { DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Ready in \d+ ms/m);
    expect(run.stderr).toMatch(/^studybot failed to start: /);
    expect(run.stderr).not.toMatch(/this is a bug/);
  }, 60_000);
});

describe('GIVEN a study group in the console', () => {
  it('THEN setup, a post, answers from several members and the leaderboard work through the pipe', async () => {
    const run = await runBot(
      [
        '/quiz-setup time:09:00 window:1m',
        '/quiz-now',
        'as ana A',
        'as ben B',
        'as cai C',
        'as dee D',
        'as ana B',
        'as ben /leaderboard',
        'as ben /quiz-setup time:10:00',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const replies = repliesOf(run.stdout);
    expect(replies.get('/quiz-setup time:09:00 window:1m')).toMatch(/^Daily quiz set up\n/);
    expect(replies.get('/quiz-now')).toMatch(/^📣 New post in #console/);
    expect(replies.get('/quiz-now')).toMatch(/\[1\] A {2}\[2\] B {2}\[3\] C {2}\[4\] D\n\nPosted today's question in #console\.$/);
    const answers = ['as ana A', 'as ben B', 'as cai C', 'as dee D'].map((line) => replies.get(line)!);
    expect(answers.filter((a) => a.startsWith('✅ Correct! +13 points'))).toHaveLength(1);
    expect(replies.get('as ana B')).toMatch(/^You already answered this one \(you chose A\)\./);
    expect(replies.get('as ben /leaderboard')).toMatch(/^🏆 Leaderboard · this week\n\n🥇 \w+ · 13 pts · 1 correct\n/);
    // A terminal shows no pictures: the card is written to DATA_DIR/cards and its path printed under the text.
    const card = /\n🖼 {2}(\S+\/cards\/leaderboard\.png)$/.exec(replies.get('as ben /leaderboard')!)?.[1];
    expect(card).toBeDefined();
    expect((await readFile(card!)).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(replies.get('as ben /quiz-setup time:10:00')).toBe('/quiz-setup is for server admins (Manage Server).');
  });

  it('THEN a study plan posts its lesson in the console, "as ana 2" presses ✅ Done as Ana, and her /progress and the next question follow it', async () => {
    // The plan's own quiz slot is not open today: the /quiz-now below is what posts today's question.
    const start = `/plan start from:3.1 days:${quietStudyDay()}`;
    const run = await runBot([start, '/plan now', 'as ana 2', 'as ana /progress', '/quiz-now', 'as ben /plan skip', ''].join('\n'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const replies = repliesOf(run.stdout);
    expect(replies.get(start)).toMatch(/^📅 Study plan started\n/);
    expect(replies.get('/plan now')).toMatch(
      /^📣 New post in #console \(type a button's number to click it; "as <name> 2" clicks as someone else\):\n📅 Today's lesson: 3\.1 · /,
    );
    expect(replies.get('/plan now')).toMatch(/\[1\] 📖 Read {2}\[2\] ✅ Done {2}\[3\] 🧠 Quiz me\n\nPosted lesson 3\.1 in #console\.$/);
    expect(replies.get('as ana 2')).toMatch(/^✅ 3\.1 What is an AWS region and how to choose it is done\.\n▰?▱+ 1% · 1 of 145 lessons\n/);
    expect(replies.get('as ana /progress')).toMatch(/^🎯 ana · course progress\n/);
    expect(replies.get('as ana /progress')).toContain('1 of 145 lessons done');
    expect(replies.get('/quiz-now')).toContain('Lesson 3.1 · ');
    expect(replies.get('as ben /plan skip')).toBe('/plan skip is for server admins (Manage Server).');
  });

  it('THEN typing a letter answers the question just asked, and "daily B" the daily post behind it', async () => {
    const run = await runBot(['/quiz-setup time:09:00 window:1h', '/quiz-now', '/quiz 17.3', 'C', 'D', 'daily B', 'daily A', ''].join('\n'));
    expect(run.code).toBe(0);
    const replies = repliesOf(run.stdout);
    expect(replies.get('/quiz-now')).toContain('"daily B" answers it after another question');
    expect(replies.get('C')).toMatch(/^(✅ Correct!|❌ Not quite: you chose C\.) The answer is/);
    expect(replies.get('D')?.replace(/\s+/g, ' ')).toBe('There is no question to answer right now: /quiz asks one, and daily B answers the daily post.');
    expect(replies.get('daily B')).toMatch(/^(✅ Correct!|❌ Not this time)/);
    expect(replies.get('daily A')).toMatch(/^You already answered this one \(you chose B\)\./);
  });

  it('THEN ⚑ Report under feedback reports the question at once, /report adds a note, and /reports shows and resolves it', async () => {
    const run = await runBot(
      [
        '/quiz 17.3',
        'A',
        '3',
        '/report B is right too <@everyone> **really**',
        'as ana /reports',
        '/reports',
        '/reports resolve 1 fixed Choice B reworded',
        '/reports resolve 1 fixed',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const replies = repliesOf(run.stdout);
    // The console wraps long lines: compare words.
    const said = (line: string) => replies.get(line)?.replace(/\s+/g, ' ');
    expect(replies.get('A')!.split('\n').at(-1)).toBe('[1] Another one  [2] 📖 Lesson 17.3  [3] ⚑ Report');
    expect(said('3')).toBe(
      '⚑ Reported. Thanks — an admin will look at it. Lesson 17.3 What is wrong? Type /report <your text> (at most 300 characters) to add it.',
    );
    expect(said('/report B is right too <@everyone> **really**')).toBe(
      'Your report on this question now has your note. Thanks — an admin will look at it. Your note: “B is right too <\u200b@\u200beveryone> **really**” Lesson 17.3',
    );
    expect(replies.get('as ana /reports')).toBe('/reports list is for server admins (Manage Server).');
    const list = replies.get('/reports')!;
    expect(list).toMatch(/^⚑ Reported questions\n\n1 question has open reports\./);
    expect(list).toMatch(/^#1 · lesson 17\.3 · 1 member$/m);
    expect(list).toContain('• You: “B is right too <\u200b@\u200beveryone> **really**”');
    expect(said('/reports resolve 1 fixed Choice B reworded')).toBe('Resolved #1 (lesson 17.3, 1 member): fixed in the content. Note: “Choice B reworded”');
    expect(said('/reports resolve 1 fixed')).toBe('No open report #1 in this server. /reports lists the open ones.');
  });
});

describe('GIVEN a console that is stopped with SIGTERM right after a burst of lessons', () => {
  it('THEN the views written after the replies are all stored before it exits', async () => {
    const dataDir = await seededDataDir('studybot-views-');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'src/main.ts')], {
      cwd: PACKAGE_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, NO_COLOR: '1', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await eventually(() => stdout.includes('Ready in'), 'the console', 30_000);
    const lessons = ['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '17.3'];
    child.stdin.write(lessons.map((id) => `/lesson ${id}\n`).join(''));
    await eventually(() => stdout.includes('17.3 · ECS'), 'the last lesson', 30_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const stored = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    const rows = rowsOf<{ lesson_id: string }>(await stored.db.execute(sql`select lesson_id from lesson_views order by id`));
    await stored.close();
    expect(rows.map((r) => r.lesson_id)).toEqual(lessons);
  }, 60_000);
});
