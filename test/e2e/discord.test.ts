import { ApplicationCommandOptionType, ButtonStyle, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteUserText } from '../../src/core/sanitize.js';
import { FakeDiscord, type InteractionResult } from '../fakes/discord/fake-discord.js';
import { discordCardOf } from '../support/discord-card.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';
import { quietStudyDay } from '../support/study-days.js';

/** The real bot process, configured only by environment variables, against a fake Discord on 127.0.0.1. */
let fake: FakeDiscord;
let bot: RunningBot;
let ops: string;
const CHANNEL = '200000000000000001';
const LOCKED = '200000000000000002';
const OTHER_GUILD_CHANNEL = '200000000000000009';
const PLAN_CHANNEL = '200000000000000003';
const STRING = ApplicationCommandOptionType.String;
const CHANNEL_OPTION = ApplicationCommandOptionType.Channel;

type Json = Record<string, unknown>;
const data = (r: InteractionResult) => (r.callback.body as { type: number; data: Json }).data;
const typeOf = (r: InteractionResult) => (r.callback.body as { type: number }).type;
const embed = (r: InteractionResult) =>
  (data(r).embeds as Json[])[0] as { title?: string; description?: string; fields?: Array<{ name: string; value: string }> };
const linkButtons = (d: Json) =>
  ((d.components as Array<{ components: Array<{ label: string; style: number; url?: string }> }>) ?? [])
    .flatMap((row) => row.components)
    .filter((b) => b.url !== undefined);
const buttons = (d: Json) => ((d.components as Array<{ components: Array<{ label: string; custom_id: string }> }>) ?? []).flatMap((row) => row.components);
const who = (n: number, admin = false) => ({ userId: String(400000000000000000n + BigInt(n)), username: `member${n}`, admin });
/** Longer than any platform allows, with Markdown and a mention in it: the renderers must still fit it. */
const LONG_NAME = `@everyone **${'Maximiliana-Konstantina '.repeat(5)}`.slice(0, 120);

beforeAll(async () => {
  fake = await FakeDiscord.start({
    interactionResponseWindowMs: 10_000,
    guilds: [
      {
        id: '100000000000000001',
        name: 'Study Group',
        channels: [
          { id: CHANNEL, name: 'study' },
          // Send Messages (0x800) denied to everyone, the bot included.
          { id: LOCKED, name: 'announcements', denyEveryone: '2048' },
          { id: PLAN_CHANNEL, name: 'course' },
        ],
      },
      // Another server with the bot in it: its channels are not this server's to configure.
      { id: '100000000000000002', name: 'Other Server', channels: [{ id: OTHER_GUILD_CHANNEL, name: 'general' }] },
    ],
  });
  const port = await freePort();
  ops = `http://127.0.0.1:${port}`;
  // The test moves the bot's clock past the answer window instead of waiting it out.
  bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, QUIZ_TICK_SECONDS: '1', PORT: String(port), TEST_CLOCK: 'on' });
  await fake.waitForReady(30_000);
  await eventually(() => fake.commands().length > 0, 'command registration');
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

describe('GIVEN the bot connects to Discord', () => {
  it('THEN it registers every command once, admin commands with Manage Server, /team with subcommands', () => {
    const commands = fake.commands() as Array<{ name: string; default_member_permissions: string | null; options: Array<{ name: string; type: number }> }>;
    expect(commands.map((c) => c.name).sort()).toEqual([
      'help',
      'leaderboard',
      'lesson',
      'plan',
      'progress',
      'quiz',
      'quiz-now',
      'quiz-setup',
      'quiz-status',
      'reports',
      'review',
      'stats',
      'team',
    ]);
    expect(commands.find((c) => c.name === 'reports')!.default_member_permissions).toBe('32');
    expect(commands.find((c) => c.name === 'quiz-setup')!.default_member_permissions).toBe('32');
    expect(commands.find((c) => c.name === 'team')!.options.map((o) => o.type)).toEqual(Array(5).fill(ApplicationCommandOptionType.Subcommand));
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'))).toHaveLength(1);
  });
});

describe('GIVEN the bot serves lessons on Discord', () => {
  it('WHEN a member runs /lesson topic:17.3 THEN it answers privately with an embed, navigation buttons and no pings', async () => {
    const r = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '17.3' }]));
    expect(typeOf(r)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embed(r).title).toBe('17.3 · ECS: task definitions, services, Fargate vs EC2');
    expect(embed(r).fields![0]!.name).toBe('What you should remember');
    expect(data(r).flags).toBe(MessageFlags.Ephemeral);
    expect(data(r).allowed_mentions).toEqual({ parse: [] });
    expect(
      buttons(data(r))
        .filter((b) => b.custom_id)
        .map((b) => b.label),
    ).toEqual(['◀ 17.2', '📘 Chapter 17', '17.4 ▶', '🧠 Quiz me', '✅ Done']);
  });

  it('WHEN a member runs /lesson topic:17.3 THEN it links the official pages it was checked against, as link buttons Discord accepted', async () => {
    const r = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '17.3' }]));
    const links = linkButtons(data(r));
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const link of links) {
      expect(link.style).toBe(ButtonStyle.Link);
      expect(link.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/AmazonECS\//);
      expect(link.label).toMatch(/^📄 AWS docs · /);
    }
  });

  it('WHEN a member clicks the "17.4 ▶" button THEN the page turns in place', async () => {
    const lesson = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '17.3' }]));
    const next = buttons(data(lesson)).find((b) => b.label === '17.4 ▶')!;
    const r = await fake.inject(fake.button(next.custom_id, lesson.message()));
    expect(typeOf(r)).toBe(InteractionResponseType.UpdateMessage);
    expect(embed(r).title).toMatch(/^17\.4 · EKS/);
  });

  it('WHEN a member clicks "🧠 Quiz me" on a lesson shared in the channel THEN it answers privately and leaves the shared message as it was', async () => {
    const shared = await fake.inject(
      fake.chatInput('lesson', [
        { name: 'topic', type: STRING, value: '17.3' },
        { name: 'share', type: ApplicationCommandOptionType.Boolean, value: true },
      ]),
    );
    expect(data(shared).flags ?? 0).toBe(0);
    const source = shared.message()!;
    const before = JSON.stringify(fake.message(source.id));
    const quizMe = buttons(data(shared)).find((b) => b.label === '🧠 Quiz me')!;
    const r = await fake.inject(fake.button(quizMe.custom_id, source, who(5)));
    expect(typeOf(r)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data(r).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(r).title).toBe('🧠 Practice · lesson 17.3');
    expect(JSON.stringify(fake.message(source.id))).toBe(before);
  });

  it('WHEN a member types "ecs" as the topic THEN autocomplete offers 17.3', async () => {
    const r = await fake.inject(fake.autocomplete('lesson', { name: 'topic', value: 'ecs' }));
    expect(typeOf(r)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect((data(r).choices as Array<{ value: string }>).map((c) => c.value)).toContain('17.3');
  });

  it('WHEN a member asks for an unknown lesson THEN they get a private, friendly answer', async () => {
    const r = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '@everyone 99.9' }]));
    expect(data(r).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(r).description).toMatch(/^No lesson matches "@\u200beveryone 99\.9"/);
  });
});

describe('GIVEN the daily quiz on Discord', () => {
  it('WHEN setup → /quiz-now → four members answer A–D → one is right THEN the reveal edits the post and the winner leads with 13 points', async () => {
    const refused = await fake.inject(fake.chatInput('quiz-setup', [{ name: 'window', type: STRING, value: '1m' }], who(9)));
    expect(embed(refused).description).toMatch(/is for server admins \(Manage Server\)\.$/);

    const locked = await fake.inject(fake.chatInput('quiz-setup', [{ name: 'channel', type: CHANNEL_OPTION, value: LOCKED }], who(1, true)));
    expect(embed(locked).description).toBe(`Nothing was changed:\n• I need Send Messages in <#${LOCKED}> to post the daily quiz there.`);

    const foreign = await fake.inject(fake.chatInput('quiz-setup', [{ name: 'channel', type: CHANNEL_OPTION, value: OTHER_GUILD_CHANNEL }], who(1, true)));
    expect(embed(foreign).description).toBe(
      `Nothing was changed:\n• I can't see <#${OTHER_GUILD_CHANNEL}>: give me the View Channel permission there, or pick another channel.`,
    );

    const setup = await fake.inject(
      fake.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: CHANNEL_OPTION, value: CHANNEL },
          { name: 'window', type: STRING, value: '1m' },
        ],
        who(1, true),
      ),
    );
    expect(embed(setup).title).toBe('Daily quiz set up');
    const now = await fake.inject(fake.chatInput('quiz-now', [], who(1, true)));
    expect(embed(now).description).toBe(`Posted today's question in <#${CHANNEL}>.`);

    const post = await eventually(
      () => fake.messages(CHANNEL).find((m) => ((m.embeds as Json[])[0] as { title?: string } | undefined)?.title?.startsWith('🧠 Daily quiz')),
      'the quiz post',
    );
    expect(buttons(post).map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    const answerers = [who(2), who(3), who(4), { ...who(5), username: LONG_NAME }];
    const feedback: string[] = [];
    for (const [i, b] of buttons(post).entries()) {
      const r = await fake.inject(fake.button(b.custom_id, { id: post.id, channel_id: CHANNEL }, answerers[i]));
      expect(data(r).flags).toBe(MessageFlags.Ephemeral);
      feedback.push(embed(r).description!);
    }
    const winners = feedback.filter((f) => f.startsWith('✅ Correct! **+13 points**'));
    expect(winners).toHaveLength(1);
    const winnerWho = answerers[feedback.indexOf(winners[0]!)]!;
    const winner = quoteUserText(winnerWho.username, 40);

    const again = await fake.inject(fake.button(buttons(post)[0]!.custom_id, { id: post.id, channel_id: CHANNEL }, who(2)));
    expect(embed(again).description).toMatch(/^You already answered this one/);

    expect((await fetch(`${ops}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 61_000 }) })).status).toBe(200);
    const reveal = await eventually(
      () => fake.messages(CHANNEL).find((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === post.id),
      'the reveal reply',
      15_000,
    );
    expect(((reveal.embeds as Json[])[0] as { title: string }).title).toMatch(/^✅ The answer: [ABCD]\. /);
    // The reveal carries the chart of how the channel answered, shown in its embed.
    const [chart] = reveal.attachments as Array<{ filename: string; description: string; width: number; content_type: string }>;
    expect(chart).toMatchObject({ filename: 'reveal.png', content_type: 'image/png' });
    expect(chart!.width).toBeGreaterThanOrEqual(600);
    expect(chart!.description).toMatch(
      /^Answers chart, 4 answers: A 1(?: \(the right answer\))?, B 1(?: \(the right answer\))?, C 1(?: \(the right answer\))?, D 1(?: \(the right answer\))?\. The answer was [ABCD]: /,
    );
    expect(((reveal.embeds as Json[])[0] as { image?: { url: string } }).image?.url).toBe('attachment://reveal.png');
    const closed = fake.message(post.id)!;
    expect(((closed.embeds as Json[])[0] as { title: string }).title).toMatch(/ · closed$/);
    expect(buttons(closed)).toEqual([]);

    const board = await fake.inject(fake.chatInput('leaderboard', [], who(2)));
    const lines = embed(board).description!.split('\n');
    expect(lines[0]).toBe(`🥇 ${winner} · **13** pts · 1 correct`);
    // The 120-character name is on the board, cut short and unable to ping.
    expect(lines.find((line) => line.includes('Maximiliana'))).toMatch(
      /^(🥇|\*\*2\.\*\*) @\u200beveryone \\\*\\\*Maximiliana-Konstantina .*… · \*\*\d+\*\* pts/,
    );
    // The board and the stats come with a card: a PNG shown in the embed, described for screen readers.
    expect(await discordCardOf(fake, board)).toMatchObject({ contentType: 'image/png', alt: expect.stringContaining(`1. ${winnerWho.username}, 13 points`) });
    expect((await discordCardOf(fake, board)).width).toBeGreaterThanOrEqual(600);
    const stats = await fake.inject(fake.chatInput('stats', [], winnerWho));
    expect(embed(stats).fields!.find((f) => f.name === 'Points')!.value).toMatch(/^This week \*\*13\*\* \(10 answers \+ 3 speed \+ 0 streak\)/);
    expect(data(stats).flags).toBe(MessageFlags.Ephemeral);
    expect((await discordCardOf(fake, stats)).alt).toMatch(
      /^Stats card for .*: This week 13 points, This month 13 points, All time 13 points; accuracy 100% \(1 of 1\);.* 1 quiz day right, 0 wrong/,
    );
    expect((await discordCardOf(fake, stats)).width).toBeGreaterThanOrEqual(600);
  }, 150_000);
});

describe('a study plan on Discord', () => {
  const SUBCOMMAND = ApplicationCommandOptionType.Subcommand;
  const plan = (name: string, options: Array<{ name: string; type: number; value: string | number }> = []) => [{ name, type: SUBCOMMAND, options }];
  const inPlanChannel = (n: number, admin = false) => ({ ...who(n, admin), channelId: PLAN_CHANNEL });

  it('WHEN /plan start → /plan now → a member presses ✅ Done → /progress → /quiz-now THEN the lesson is in the channel, progress says 1 of 145, and the question is on that lesson', async () => {
    const refused = await fake.inject(fake.chatInput('plan', plan('start'), inPlanChannel(20)));
    expect(embed(refused).description).toMatch(/is for server admins \(Manage Server\)\.$/);
    const started = await fake.inject(
      fake.chatInput(
        'plan',
        plan('start', [
          { name: 'from', type: STRING, value: '3.1' },
          { name: 'timezone', type: STRING, value: 'Europe/Madrid' },
          // The plan's own quiz slot is not open today: the /quiz-now below is what posts today's question.
          { name: 'days', type: STRING, value: quietStudyDay() },
        ]),
        inPlanChannel(1, true),
      ),
    );
    expect(data(started).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(started).title).toBe('📅 Study plan started');
    expect(embed(started).fields!.find((f) => f.name === 'First lesson')!.value).toBe('`3.1` What is an AWS region and how to choose it');

    const now = await fake.inject(fake.chatInput('plan', plan('now'), inPlanChannel(1, true)));
    expect(embed(now).description).toBe(`Posted lesson 3.1 in <#${PLAN_CHANNEL}>.`);
    const post = await eventually(
      () => fake.messages(PLAN_CHANNEL).find((m) => ((m.embeds as Json[])[0] as { title?: string } | undefined)?.title?.startsWith('📅')),
      'the lesson post',
    );
    expect(((post.embeds as Json[])[0] as { title: string }).title).toBe("📅 Today's lesson: 3.1 · What is an AWS region and how to choose it");
    expect(buttons(post).map((b) => b.label)).toEqual(['📖 Read', '✅ Done', '🧠 Quiz me']);

    const read = await fake.inject(fake.button(buttons(post)[0]!.custom_id, { id: post.id, channel_id: PLAN_CHANNEL }, who(21)));
    expect(data(read).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(read).title).toContain('3.1');
    const done = await fake.inject(fake.button(buttons(post)[1]!.custom_id, { id: post.id, channel_id: PLAN_CHANNEL }, who(21)));
    expect(data(done).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(done).description).toContain('✅ **3.1 What is an AWS region and how to choose it** is done.');
    // The post itself is untouched: Done answers privately.
    expect(buttons(fake.message(post.id)!).map((b) => b.label)).toEqual(['📖 Read', '✅ Done', '🧠 Quiz me']);

    const progress = await fake.inject(fake.chatInput('progress', [], inPlanChannel(21)));
    expect(embed(progress).description).toContain('**1 of 145** lessons done');
    expect(embed(progress).fields!.find((f) => f.name === 'Study plan')!.value).toBe('Up to date with the group');

    const status = await fake.inject(fake.chatInput('plan', plan('status'), inPlanChannel(22)));
    expect(embed(status).fields!.find((f) => f.name === 'Next lesson')!.value).toMatch(/^`3\.2` /);

    const quiz = await fake.inject(fake.chatInput('quiz-now', [{ name: 'channel', type: CHANNEL_OPTION, value: PLAN_CHANNEL }], who(1, true)));
    expect(embed(quiz).description).toBe(`Posted today's question in <#${PLAN_CHANNEL}>.`);
    const question = await eventually(
      () => fake.messages(PLAN_CHANNEL).find((m) => ((m.embeds as Json[])[0] as { title?: string } | undefined)?.title?.startsWith('🧠 Daily quiz')),
      'the quiz post',
    );
    expect(((question.embeds as Json[])[0] as { footer: { text: string } }).footer.text).toMatch(/^Lesson 3\.1 · /);
  }, 60_000);
});

describe('reporting a question on Discord', () => {
  const SUBCOMMAND = ApplicationCommandOptionType.Subcommand;
  const report = (opened: InteractionResult) => buttons(data(opened)).find((b) => b.label === '⚑ Report')!;

  it('GIVEN practice feedback WHEN ⚑ Report is clicked THEN a modal opens; sending it reports privately; three members take the question out of the daily quiz; /reports lists and resolves it', async () => {
    const question = await fake.inject(fake.chatInput('quiz', [{ name: 'topic', type: STRING, value: '17.3' }], who(6)));
    const feedback = await fake.inject(fake.button(buttons(data(question))[0]!.custom_id, question.message(), who(6)));
    expect(buttons(data(feedback)).map((b) => b.label)).toEqual(['Another one', '📖 Lesson 17.3', '⚑ Report']);
    const source = feedback.message()!;

    const opened = await fake.inject(fake.button(report(feedback).custom_id, source, who(6)));
    expect(typeOf(opened)).toBe(InteractionResponseType.Modal);
    expect(opened.modal()).toEqual({
      custom_id: expect.stringMatching(/^v1:quiz:report-form:17\.3:[0-9a-f]{10}$/),
      title: 'Report this question',
      components: [
        {
          type: 18,
          label: 'What is wrong?',
          component: { type: 4, custom_id: 'note', style: 2, required: false, max_length: 300, placeholder: 'e.g. B is right too, because…' },
        },
      ],
    });
    const sent = await fake.inject(fake.modalSubmit(opened, { note: 'B is right too @everyone **really**' }));
    expect(typeOf(sent)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data(sent).flags).toBe(MessageFlags.Ephemeral);
    expect(data(sent).allowed_mentions).toEqual({ parse: [] });
    expect(embed(sent).description).toBe('⚑ Reported. Thanks — an admin will look at it.\nYour note: “B is right too @\u200beveryone \\*\\*really\\*\\*”');

    // The same member again: one report, its note updated. Two more members: three, and it sits out of the daily quiz.
    const again = await fake.inject(fake.button(report(feedback).custom_id, source, who(6)));
    expect(embed(await fake.inject(fake.modalSubmit(again, { note: 'the explanation too' }))).description).toMatch(
      /^Your report on this question now has your note\./,
    );
    for (const member of [who(7), who(8)]) {
      const form = await fake.inject(fake.button(report(feedback).custom_id, source, member));
      expect(embed(await fake.inject(fake.modalSubmit(form, {}))).description).toBe('⚑ Reported. Thanks — an admin will look at it.');
    }

    const refused = await fake.inject(fake.chatInput('reports', [{ name: 'list', type: SUBCOMMAND, options: [] }], who(6)));
    expect(embed(refused).description).toBe('`/reports list` is for server admins (Manage Server).');
    const list = await fake.inject(fake.chatInput('reports', [{ name: 'list', type: SUBCOMMAND, options: [] }], who(1, true)));
    const group = embed(list).fields!.find((f) => f.name.includes('lesson 17.3'))!;
    expect(group.name).toMatch(/^#\d+ · lesson 17\.3 · 3 members · out of the daily quiz$/);
    expect(group.value.split('\n').slice(1)).toEqual(['• member6: “the explanation too”', '• member7: _no note_', '• member8: _no note_']);
    const id = Number(/^#(\d+)/.exec(group.name)![1]);

    const resolve = (outcome: string) => [
      {
        name: 'resolve',
        type: SUBCOMMAND,
        options: [
          { name: 'id', type: ApplicationCommandOptionType.Integer, value: id },
          { name: 'outcome', type: STRING, value: outcome },
        ],
      },
    ];
    expect(embed(await fake.inject(fake.chatInput('reports', resolve('stands'), who(1, true)))).description).toBe(
      `Resolved #${id} (lesson 17.3, 3 members): **the question stands**. It is back in the daily quiz.`,
    );
    expect(embed(await fake.inject(fake.chatInput('reports', resolve('fixed'), who(1, true)))).description).toBe(
      `No open report #${id} in this server. \`/reports\` lists the open ones.`,
    );
  });
});

describe('edge cases within Discord limits', () => {
  const SUBCOMMAND = ApplicationCommandOptionType.Subcommand;
  const team = (subcommand: string, name?: string) => [
    { name: subcommand, type: SUBCOMMAND, options: name === undefined ? [] : [{ name: 'name', type: STRING, value: name }] },
  ];

  it('GIVEN 26 teams of six members with 120-character names THEN /team list fits one embed: 6,000 characters at most, first teams first', async () => {
    for (let t = 0; t < 26; t++) {
      const name = `Team ${String(t).padStart(2, '0')} Night Owls`;
      await fake.inject(fake.chatInput('team', team('create', name), who(1, true)));
      for (let m = 0; m < 6; m++) {
        const member = { userId: String(410000000000000000n + BigInt(t * 10 + m)), username: `${LONG_NAME} ${t}-${m}` };
        expect(embed(await fake.inject(fake.chatInput('team', team('join', name), member))).description).toMatch(/^You joined \*\*Team/);
      }
    }
    const list = embed(await fake.inject(fake.chatInput('team', team('list'), who(2))));
    expect(list.title).toBe('Teams');
    const size = list.title!.length + list.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(size).toBeLessThanOrEqual(6000);
    // The command lists 25 of the 26 teams (more than 6,000 characters); the renderer keeps the first that fit.
    expect(list.fields!.length).toBeGreaterThan(15);
    expect(list.fields![0]!.name).toBe('Team 00 Night Owls · 0 pts this week');
    expect(list.fields![0]!.value.split(', ')).toHaveLength(6);
  }, 120_000);
});

describe('operations', () => {
  it('GIVEN the bot runs THEN /healthz, /readyz (database and gateway) and /metrics answer on PORT', async () => {
    await fake.inject(fake.chatInput('help'));
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, discord: true } });
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/studybot_interactions_total\{platform="discord",kind="command",command="help",outcome="ok"\} \d+/);
    expect(metrics).toContain('studybot_interaction_duration_seconds_bucket');
    expect(metrics).toContain('studybot_process_resident_memory_bytes');
    expect(metrics).toContain('studybot_nodejs_eventloop_lag_seconds');
  });
});

describe('resilience', () => {
  it('GIVEN the gateway connection drops THEN the bot resumes and still answers', async () => {
    const before = fake.resumeCount + fake.identifyCount;
    fake.dropConnections();
    await eventually(() => fake.resumeCount + fake.identifyCount > before, 'a resume or new identify');
    const r = await fake.inject(fake.chatInput('help'));
    expect(embed(r).title).toBe('studybot commands');
  });

  it('GIVEN Discord asks the bot to reconnect (op 7) THEN it comes back and still answers', async () => {
    const before = fake.resumeCount + fake.identifyCount;
    fake.sendReconnect();
    await eventually(() => fake.resumeCount + fake.identifyCount > before, 'a reconnect');
    const r = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '1.1' }]));
    expect(embed(r).title).toMatch(/^1\.1 · /);
  });

  it('GIVEN DISCORD_GUILD_ID THEN commands are registered to that server only, for instant updates', async () => {
    const dev = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: '100000000000000001', PORT: '0' });
    await eventually(() => fake.commands({ guildId: '100000000000000001' }).length > 0, 'guild registration');
    expect(fake.commands({ guildId: '100000000000000001' })).toHaveLength(fake.commands().length);
    expect(await dev.stop()).toBe(0);
  }, 60_000);

  it('GIVEN the bot restarts with the same commands THEN it does not register them again (Discord allows 200 creates a day)', async () => {
    const puts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands')).length;
    const before = puts();
    const port = await freePort();
    const again = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, PORT: String(port) });
    // The gateway counts as ready once the commands are compared (and registered if they had to be).
    const gateway = async () =>
      ((await (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.json()) as { checks?: { discord?: unknown } } | undefined)?.checks
        ?.discord;
    await eventually(async () => (await gateway()) === true, 'the restarted bot connected', 30_000);
    expect(puts()).toBe(before);
    expect(await again.stop()).toBe(0);
  }, 60_000);

  it('GIVEN a bad token THEN the bot exits non-zero with a clear message', async () => {
    const wrong = await startBot({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl, PORT: '0' });
    const code = await wrong.exited;
    expect(code).not.toBe(0);
    expect(wrong.output().stderr).toContain('Discord refused DISCORD_TOKEN');
  }, 60_000);
});
