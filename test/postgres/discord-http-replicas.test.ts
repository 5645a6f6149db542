import { ApplicationCommandOptionType, InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type InteractionResult } from '../fakes/discord/fake-discord.js';
import { createServerDatabase } from '../support/database.js';
import { currentMinuteWithRoom } from '../support/current-minute.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * Three replicas of the real bot with the gateway off, against one Postgres,
 * behind a "load balancer": the fake Discord POSTs signed interactions to the
 * three endpoints in turn. No replica leads; every one serves and posts.
 */
let fake: FakeDiscord;
let server: { url: string; drop(): Promise<void> };
const replicas: Array<{ bot: RunningBot; ops: string; endpoint: string }> = [];
const CHANNEL = '200000000000000001';

type Json = Record<string, unknown>;
const embed = (r: InteractionResult) => ((r.callback.body as { data: { embeds: Json[] } }).data.embeds[0] ?? {}) as { title?: string; description?: string };
const who = (n: number, admin = false) => ({ userId: String(400000000000000000n + BigInt(n)), username: `member${n}`, admin });
const readiness = async (ops: string) => ((await (await fetch(`${ops}/readyz`).catch(() => undefined))?.json()) as { checks?: Json } | undefined)?.checks;

beforeAll(async () => {
  server = await createServerDatabase();
  fake = await FakeDiscord.start({ interactionResponseWindowMs: 10_000 });
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const bot = await startBot({
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: fake.publicKey,
      DATABASE_URL: server.url,
      PORT: String(port),
      QUIZ_TICK_SECONDS: '2',
      TEST_CLOCK: 'on',
    });
    const ops = `http://127.0.0.1:${port}`;
    replicas.push({ bot, ops, endpoint: `${ops}/discord/interactions` });
  }
  await eventually(
    async () => (await Promise.all(replicas.map((r) => readiness(r.ops)))).every((c) => c?.['discord'] === true),
    'three serving replicas',
    60_000,
  );
  fake.useInteractionsEndpoint(replicas.map((r) => r.endpoint));
}, 120_000);

afterAll(async () => {
  const running = replicas.filter((r) => r.bot.running());
  const codes = await Promise.all(running.map((r) => r.bot.stop()));
  await fake.close();
  await server.drop();
  expect(codes).toEqual(running.map(() => 0));
});

describe('GIVEN three replicas serving interactions over HTTP', () => {
  it('THEN every replica is ready and none opened a websocket', async () => {
    for (const r of replicas) expect(await readiness(r.ops)).toEqual({ database: true, discord: true });
    expect(fake.identifyCount).toBe(0);
    expect(fake.sessions).toBe(0);
  });

  it('WHEN Discord checks each replica with a PING and with bad signatures THEN each answers {type: 1} and 401, and nothing is done', async () => {
    const ping = JSON.stringify({ id: '900000000000000001', application_id: '300000000000000001', type: 1, token: 'ping-token', version: 1 });
    // A forged admin command: had any replica taken it, the channel would be set up and a REST call made.
    const forged = JSON.stringify(
      fake.chatInput('quiz-setup', [{ name: 'channel', type: ApplicationCommandOptionType.Channel, value: CHANNEL }], who(1, true)),
    );
    const before = fake.requests.length;
    for (const { endpoint } of replicas) {
      const answer = await fake.postToEndpoint(endpoint, ping);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ type: 1 });
      const refused = await Promise.all([
        fake.postToEndpoint(endpoint, forged, { signature: null }),
        fake.postToEndpoint(endpoint, forged, { signature: fake.signInteraction(ping)['x-signature-ed25519'] }),
        fake.postToEndpoint(endpoint, forged, { timestamp: String(Math.floor(Date.now() / 1000) - 6 * 60) }),
      ]);
      expect(refused.map((r) => r.status)).toEqual([401, 401, 401]);
    }
    expect(fake.requests.slice(before)).toEqual([]);
  });

  it('WHEN /lesson and autocomplete go to each replica in turn THEN each answers', async () => {
    const answered = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const lesson = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: ApplicationCommandOptionType.String, value: '17.3' }]));
      expect(embed(lesson).title).toBe('17.3 · ECS: task definitions, services, Fargate vs EC2');
      answered.add(lesson.endpoint!);
      const complete = await fake.inject(fake.autocomplete('lesson', { name: 'topic', value: 'ecs' }));
      expect((complete.callback.body as { type: number }).type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      answered.add(complete.endpoint!);
    }
    expect(answered).toEqual(new Set(replicas.map((r) => r.endpoint)));
  });

  it('WHEN the daily question is due and clicks land on different replicas THEN one post, every answer counted once, one reveal', async () => {
    const time = await currentMinuteWithRoom();
    // Scheduled for the current minute, so every replica's tick finds it due at once: the claim must pick one.
    await fake.inject(
      fake.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: CHANNEL },
          { name: 'time', type: ApplicationCommandOptionType.String, value: time },
          { name: 'window', type: ApplicationCommandOptionType.String, value: '1m' },
        ],
        who(1, true),
      ),
    );
    const post = await eventually(() => fake.messages(CHANNEL)[0], 'the scheduled post', 30_000);
    const buttons = (post.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) => row.components);
    expect(buttons).toHaveLength(4);

    // Nine members, one click each, round-robin over the replicas; then the first three click again, all at once.
    const clicks: InteractionResult[] = [];
    for (let n = 0; n < 9; n++) clicks.push(await fake.inject(fake.button(buttons[n % 4]!.custom_id, { id: post.id, channel_id: CHANNEL }, who(10 + n))));
    expect(new Set(clicks.map((c) => c.endpoint))).toEqual(new Set(replicas.map((r) => r.endpoint)));
    const firstTimes = clicks.map((c) => embed(c).description!);
    expect(firstTimes.every((d) => /^(✅ Correct!|❌)/.test(d))).toBe(true);
    const again = await Promise.all(
      [0, 1, 2].map((n) => fake.inject(fake.button(buttons[(n + 1) % 4]!.custom_id, { id: post.id, channel_id: CHANNEL }, who(10 + n)))),
    );
    for (const r of again) expect(embed(r).description).toMatch(/^You already answered this one/);

    await Promise.all(replicas.map((r) => fetch(`${r.ops}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 61_000 }) })));
    await eventually(() => fake.messages(CHANNEL).length > 1, 'the reveal', 20_000);
    // Two more ticks on every replica: a second reveal or a second close would show up by now.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const messages = fake.messages(CHANNEL);
    expect(messages).toHaveLength(2);
    expect((messages[1]!.message_reference as { message_id: string }).message_id).toBe(post.id);
    expect(fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${post.id}`))).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${CHANNEL}/messages`) && r.status < 300)).toHaveLength(2);

    // Each right answer counted once, whichever replica took it: the board's right-answer counts add up to the clicks.
    const right = firstTimes.filter((d) => d.startsWith('✅')).length;
    const board = embed(await fake.inject(fake.chatInput('leaderboard', [], who(10))));
    const counted = [...board.description!.matchAll(/· (\d+) correct/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(counted).toBe(right);
  }, 120_000);

  it('WHEN a replica crashes and the load balancer drops it THEN the other two go on serving', async () => {
    const [gone, ...rest] = replicas;
    gone!.bot.signal('SIGKILL');
    await gone!.bot.exited;
    fake.useInteractionsEndpoint(rest.map((r) => r.endpoint));
    for (let i = 0; i < 2; i++) {
      const r = await fake.inject(fake.chatInput('help'));
      expect(embed(r).title).toBe('studybot commands');
    }
  }, 30_000);
});
