import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * One bot process serving Discord and Slack while Slack has an incident: its
 * Web API answers 503 (or nothing at all). Discord's daily quiz must go on as
 * if nothing happened, and Slack's messages must arrive once Slack is back.
 */
let discord: FakeDiscord;
let slack: FakeSlack;
let bot: RunningBot;
let base: string;
const DISCORD_CHANNEL = '200000000000000001';
const SLACK_CHANNEL = 'C0STUDY001';
const SLACK_ADMIN = 'U0ADMIN001';
const admin = { userId: '400000000000000001', username: 'admin', admin: true };

beforeAll(async () => {
  [discord, slack] = await Promise.all([FakeDiscord.start({ interactionResponseWindowMs: 10_000 }), FakeSlack.start()]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = await startBot({
    DISCORD_TOKEN: 'fake-token',
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-fake',
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USER_IDS: SLACK_ADMIN,
    PORT: String(port),
    QUIZ_TICK_SECONDS: '1',
    TEST_CLOCK: 'on',
  });
  await discord.waitForReady(30_000);
  await eventually(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 'both platforms ready', 30_000);
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await Promise.all([discord?.close(), slack?.close()]);
  expect(code).toBe(0);
});

const advanceClock = async (ms: number) => {
  const res = await fetch(`${base}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: ms }) });
  expect(res.status).toBe(200);
};
const slackCommand = async (command: string, text: string) => {
  const delivery = await slack.slashCommand(`${base}/slack/events`, command, text, { userId: SLACK_ADMIN, channelId: SLACK_CHANNEL });
  return JSON.stringify((await slack.waitForResponse(delivery.responseUrlId!, undefined, 10_000)).body);
};
const replyTo = (messageId: string) =>
  discord.messages(DISCORD_CHANNEL).find((m) => (m.message_reference as { message_id?: string } | undefined)?.message_id === messageId);

describe('GIVEN Slack answers 503 to every call', () => {
  it('THEN Discord posts and reveals on time, and Slack gets its messages once it is back', async () => {
    expect(await slackCommand('/quiz-setup', `channel:<#${SLACK_CHANNEL}|study> window:1m`)).toContain('Daily quiz set up');
    const setup = await discord.inject(
      discord.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: DISCORD_CHANNEL },
          { name: 'window', type: ApplicationCommandOptionType.String, value: '1m' },
        ],
        admin,
      ),
    );
    expect(JSON.stringify(setup.callback.body)).toContain('Daily quiz set up');

    const incident = slack.outage(/^(chat|conversations)\./, 503);
    expect(await slackCommand('/quiz-now', '')).toContain('is on its way');
    await discord.inject(discord.chatInput('quiz-now', [], admin));
    const post = await eventually(() => discord.messages(DISCORD_CHANNEL)[0], 'the Discord post', 10_000);

    // Both windows close; Slack is still failing every call it gets.
    await advanceClock(61_000);
    const closedAt = Date.now();
    await eventually(() => replyTo(post.id), 'the Discord reveal', 10_000);
    expect(Date.now() - closedAt).toBeLessThan(10_000);
    expect(slack.calls.filter((c) => c.response['error'] === 'http_503').length).toBeGreaterThan(0);
    expect(slack.messages(SLACK_CHANNEL)).toEqual([]);

    incident.end();
    // Past the retry delay: the Slack post was given up when its window closed, the reveal goes out on its own.
    await advanceClock(10 * 60_000);
    const reveal = await eventually(() => slack.messages(SLACK_CHANNEL)[0], 'the Slack reveal after the incident', 20_000);
    expect(JSON.stringify(reveal.blocks)).toContain('The answer:');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(slack.messages(SLACK_CHANNEL)).toHaveLength(1);
    expect(discord.messages(DISCORD_CHANNEL)).toHaveLength(2);
  }, 90_000);
});

describe('GIVEN users.info hangs during a Slack incident', () => {
  it('THEN a member still gets /lesson 17.3 promptly', async () => {
    const incident = slack.outage(/^users\.info$/, 'hang');
    try {
      const started = Date.now();
      const delivery = await slack.slashCommand(`${base}/slack/events`, '/lesson', '17.3', { userId: 'U0ANA00001', channelId: SLACK_CHANNEL });
      const answer = await slack.waitForResponse(delivery.responseUrlId!, undefined, 10_000);
      expect(JSON.stringify(answer.body)).toContain('17.3 · ECS');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      incident.end();
    }
  }, 30_000);
});
