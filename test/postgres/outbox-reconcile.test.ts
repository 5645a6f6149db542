import { ApplicationCommandOptionType } from 'discord.js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { createServerDatabase } from '../support/database.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * The platform accepted the daily post, then the database refused to store
 * its message id, again and again until the bot gave up on the attempt. The
 * next attempt must find the message on Discord and on Slack (the real
 * adapters' lookups) and store it, not post a second copy.
 */
let discord: FakeDiscord;
let slack: FakeSlack;
let bot: RunningBot;
let server: { url: string; drop(): Promise<void> };
let admin: postgres.Sql;
let base: string;
const DISCORD_CHANNEL = '200000000000000001';
const SLACK_CHANNEL = 'C0STUDY001';

beforeAll(async () => {
  server = await createServerDatabase();
  admin = postgres(server.url, { max: 1, onnotice: () => {} });
  [discord, slack] = await Promise.all([FakeDiscord.start({ interactionResponseWindowMs: 10_000 }), FakeSlack.start()]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = await startBot({
    DATABASE_URL: server.url,
    DISCORD_TOKEN: 'fake-token',
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-fake',
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USER_IDS: 'U0ADMIN001',
    PORT: String(port),
    QUIZ_TICK_SECONDS: '1',
    TEST_CLOCK: 'on',
  });
  await discord.waitForReady(30_000);
  await eventually(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 'ready', 30_000);
  // Every write of a post's message id fails, until `allow_message_ids` is set.
  await admin.unsafe(`
    create table fault_switch (allow boolean not null);
    insert into fault_switch values (false);
    create function fault_message_id() returns trigger language plpgsql as $$
      begin
        if new.message_id is not null and old.message_id is null and not (select allow from fault_switch) then
          raise exception 'injected fault: the database refused the write';
        end if;
        return new;
      end $$;
    create trigger fault_message_id before update on quiz_posts for each row execute function fault_message_id();`);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await admin?.end();
  await Promise.all([discord?.close(), slack?.close()]);
  await server?.drop();
});

const attempts = async () =>
  admin<
    { platform: string; attempts: number; outcome: string | null }[]
  >`select platform, attempts, outcome from quiz_deliveries where kind = 'post' order by platform`;

describe('GIVEN the message id of a sent post cannot be stored until the attempt gives up', () => {
  it('THEN the next attempt finds the post on Discord and on Slack, stores its id, and nothing is posted twice', async () => {
    const who = { userId: '400000000000000001', username: 'admin', admin: true };
    await discord.inject(
      discord.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: DISCORD_CHANNEL },
          { name: 'window', type: ApplicationCommandOptionType.String, value: '1h' },
        ],
        who,
      ),
    );
    const setup = await slack.slashCommand(`${base}/slack/events`, '/quiz-setup', `channel:<#${SLACK_CHANNEL}|study> window:1h`, {
      userId: 'U0ADMIN001',
      channelId: SLACK_CHANNEL,
    });
    await slack.waitForResponse(setup.responseUrlId!, undefined, 10_000);
    await discord.inject(discord.chatInput('quiz-now', [], who));
    const now = await slack.slashCommand(`${base}/slack/events`, '/quiz-now', '', { userId: 'U0ADMIN001', channelId: SLACK_CHANNEL });
    await slack.waitForResponse(now.responseUrlId!, undefined, 10_000);

    // Both are posted; storing their ids fails through every retry (about 15 s).
    await eventually(() => discord.messages(DISCORD_CHANNEL).length === 1 && slack.messages(SLACK_CHANNEL).length === 1, 'both posts', 15_000);
    await eventually(async () => (await attempts()).length === 2, 'both deliveries', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 17_000));
    expect((await attempts()).map((a) => [a.platform, a.attempts, a.outcome])).toEqual([
      ['discord', 1, null],
      ['slack', 1, null],
    ]);

    // The database is healthy again; the claims lapse and the next attempts run.
    await admin`update fault_switch set allow = true`;
    await fetch(`${base}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3 * 60_000 }) });
    await eventually(async () => (await attempts()).every((a) => a.outcome === 'sent'), 'the deliveries recorded', 15_000);
    expect((await attempts()).map((a) => a.attempts)).toEqual([2, 2]);
    const stored = await admin<{ tenant_id: string; message_id: string }[]>`select tenant_id, message_id from quiz_posts order by tenant_id`;
    expect(stored.map((p) => p.message_id)).toEqual([discord.messages(DISCORD_CHANNEL)[0]!.id, slack.messages(SLACK_CHANNEL)[0]!.ts]);
    expect(discord.messages(DISCORD_CHANNEL)).toHaveLength(1);
    expect(slack.messages(SLACK_CHANNEL)).toHaveLength(1);
  }, 90_000);
});
