import { ApplicationCommandOptionType, InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { createServerDatabase } from '../support/database.js';
import { currentMinuteWithRoom } from '../support/current-minute.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/** Three replicas of the real bot against one Postgres and one fake Discord, as during an ECS rolling deploy. */
let fake: FakeDiscord;
let server: { url: string; drop(): Promise<void> };
const replicas: Array<{ bot: RunningBot; ops: string; alive: boolean }> = [];
const CHANNEL = '200000000000000001';

async function role(r: (typeof replicas)[number]): Promise<unknown> {
  const res = await fetch(`${r.ops}/readyz`).catch(() => undefined);
  return res ? ((await res.json()) as { checks: { discord: unknown } }).checks.discord : 'down';
}
const leader = async () => {
  for (const r of replicas.filter((x) => x.alive)) if ((await role(r)) === true) return r;
  return undefined;
};

beforeAll(async () => {
  server = await createServerDatabase();
  fake = await FakeDiscord.start({ interactionResponseWindowMs: 10_000 });
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const bot = await startBot({
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: server.url,
      PORT: String(port),
      QUIZ_TICK_SECONDS: '2',
      TEST_CLOCK: 'on',
    });
    replicas.push({ bot, ops: `http://127.0.0.1:${port}`, alive: true });
  }
  await fake.waitForReady(60_000);
  await eventually(async () => (await Promise.all(replicas.map(role))).filter((r) => r === 'standby').length === 2, 'two standbys', 60_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.bot.stop()));
  await fake.close();
  await server.drop();
});

describe('GIVEN three replicas', () => {
  it('THEN exactly one holds a gateway session, and the scheduled post and its reveal each appear once', async () => {
    expect(fake.sessions).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(fake.sessions).toBe(1);
    expect(fake.identifyCount).toBe(1);
    const time = await currentMinuteWithRoom();
    // Scheduled for the current minute, so every replica's catch-up tick finds it due.
    await fake.inject(
      fake.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: CHANNEL },
          { name: 'time', type: ApplicationCommandOptionType.String, value: time },
          { name: 'window', type: ApplicationCommandOptionType.String, value: '1m' },
        ],
        { admin: true },
      ),
    );
    const post = await eventually(() => fake.messages(CHANNEL)[0], 'the scheduled post', 30_000);
    // Every replica's clock past the one-minute window, instead of waiting it out.
    await Promise.all(replicas.map((r) => fetch(`${r.ops}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 61_000 }) })));
    await eventually(() => fake.messages(CHANNEL).length > 1, 'the reveal', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const messages = fake.messages(CHANNEL);
    expect(messages).toHaveLength(2);
    expect((messages[1]!.message_reference as { message_id: string }).message_id).toBe(post.id);
    const edits = fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${post.id}`));
    expect(edits).toHaveLength(1);
  }, 180_000);

  it('WHEN the leader crashes (SIGKILL) THEN a standby connects and answers within 15 seconds', async () => {
    const old = (await leader())!;
    const identifies = fake.identifyCount;
    const killedAt = Date.now();
    old.bot.signal('SIGKILL');
    old.alive = false;
    await eventually(() => fake.identifyCount > identifies && fake.sessions === 1, 'a new gateway session', 15_000);
    const r = await fake.inject(fake.chatInput('help'));
    expect((r.callback.body as { type: number }).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
  }, 30_000);

  it('WHEN the leader is stopped (SIGTERM, a deploy) THEN the last standby takes over in under 5 seconds', async () => {
    const current = await eventually(() => leader(), 'the new leader', 15_000);
    const identifies = fake.identifyCount;
    const stoppedAt = Date.now();
    const exited = current.bot.stop();
    current.alive = false;
    await eventually(() => fake.identifyCount > identifies, 'the handover', 5_000);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(await exited).toBe(0);
    expect(fake.sessions).toBe(1);
  }, 30_000);
});
