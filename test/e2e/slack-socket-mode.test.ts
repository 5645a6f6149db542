import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/** The real bot in Socket Mode (no public URL), against the fake Slack's Socket Mode server. */
let fake: FakeSlack;
let bot: RunningBot;
const STUDY = 'C0STUDY001';
const ANA = 'U0ANA00001';

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id: string }> };
const textOf = (body: unknown) => (((body as { blocks?: Block[] }).blocks ?? []) as Block[]).map((b) => b.text?.text ?? '').join('\n');

async function slash(command: string, text: string, userId = ANA) {
  const built = fake.slashCommandPayload(command, text, { userId, channelId: STUDY });
  const ack = await fake.sendSocketEnvelope('slash_commands', built.payload);
  expect(ack.envelope_id).toBeTruthy();
  return (await fake.waitForResponse(built.responseUrlId!, undefined, 10_000)).body;
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  // Ana is no workspace admin, but SLACK_ADMIN_USER_IDS makes her a studybot admin.
  bot = await startBot({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_APP_TOKEN: 'xapp-fake', SLACK_API_URL: fake.apiUrl, SLACK_ADMIN_USER_IDS: ANA, PORT: '0' });
  await fake.waitForSocketConnection(30_000);
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

describe('GIVEN Socket Mode', () => {
  it('THEN slash commands arrive over the socket, are acked, and answered through response_url', async () => {
    expect(textOf(await slash('/lesson', '17.3'))).toMatch(/^17\.3 · ECS/);
  });

  it('THEN SLACK_ADMIN_USER_IDS grants admin commands, and a redelivered answer counts once', async () => {
    expect(textOf(await slash('/quiz-setup', `channel:<#${STUDY}|study> window:30m`))).toMatch(/^Daily quiz set up/);
    await slash('/quiz-now', '');
    const post = await eventually(() => fake.messages(STUDY)[0], 'the quiz post');
    const button = ((post.blocks as Block[]).find((b) => b.type === 'actions')!.elements ?? [])[0]!;
    const first = fake.blockActionPayload(button.action_id, { userId: ANA, channelId: STUDY, messageTs: post.ts });
    await fake.sendSocketEnvelope('interactive', first.payload);
    const firstReply = textOf((await fake.waitForResponse(first.responseUrlId!, undefined, 10_000)).body);
    expect(firstReply).toMatch(/^(✅ Correct!|❌ Not this time)/);
    // Slack redelivers an envelope it thinks was not acknowledged: same click, retry_attempt 1.
    const again = fake.blockActionPayload(button.action_id, { userId: ANA, channelId: STUDY, messageTs: post.ts });
    await fake.sendSocketEnvelope('interactive', again.payload, { retryAttempt: 1, retryReason: 'timeout' });
    expect(textOf((await fake.waitForResponse(again.responseUrlId!, undefined, 10_000)).body)).toMatch(/^You already answered this one \(you chose A\)\./);
  });
});
