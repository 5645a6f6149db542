import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type InteractionResult } from '../fakes/discord/fake-discord.js';
import { discordCardOf } from '../support/discord-card.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * The real bot process with DISCORD_PUBLIC_KEY and no gateway: the fake Discord
 * POSTs signed interactions to /discord/interactions, as Discord does to an
 * Interactions Endpoint URL, and records each HTTP answer as the callback.
 */
let fake: FakeDiscord;
let bot: RunningBot;
let ops: string;
let endpoint: string;
const CHANNEL = '200000000000000001';
const STRING = ApplicationCommandOptionType.String;

type Json = Record<string, unknown>;
const data = (r: InteractionResult) => (r.callback.body as { type: number; data: Json }).data;
const typeOf = (r: InteractionResult) => (r.callback.body as { type: number }).type;
const embed = (r: InteractionResult) => (data(r).embeds as Json[])[0] as { title?: string; description?: string };
const buttons = (d: Json) => ((d.components as Array<{ components: Array<{ label: string; custom_id: string }> }>) ?? []).flatMap((row) => row.components);
const who = (n: number, admin = false) => ({ userId: String(400000000000000000n + BigInt(n)), username: `member${n}`, admin });
const ping = JSON.stringify({ id: '900000000000000001', application_id: '300000000000000001', type: 1, token: 'ping-token', version: 1 });

/** POSTs `body` in chunks (Transfer-Encoding: chunked) and resolves with the status. */
function postStreamed(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const port = await freePort();
  ops = `http://127.0.0.1:${port}`;
  endpoint = `${ops}/discord/interactions`;
  bot = await startBot({
    DISCORD_TOKEN: 'fake-token',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_PUBLIC_KEY: fake.publicKey,
    QUIZ_TICK_SECONDS: '1',
    PORT: String(port),
    TEST_CLOCK: 'on',
  });
  const discordReady = async () =>
    ((await (await fetch(`${ops}/readyz`).catch(() => undefined))?.json()) as { checks?: { discord?: unknown } } | undefined)?.checks?.discord;
  await eventually(async () => (await discordReady()) === true, 'the interactions endpoint', 30_000);
  fake.useInteractionsEndpoint([endpoint]);
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

describe('GIVEN DISCORD_PUBLIC_KEY (the gateway off by default)', () => {
  it('THEN the bot opens no websocket and registers its commands over REST', async () => {
    expect(fake.commands().map((c) => c['name'])).toContain('lesson');
    expect(fake.identifyCount).toBe(0);
    expect(fake.sessions).toBe(0);
    expect(fake.requests.filter((r) => r.path.includes('/gateway'))).toEqual([]);
  });

  it('WHEN Discord checks the endpoint with a PING THEN it answers {type: 1}, and /readyz reports Discord ready', async () => {
    const answer = await fake.postToEndpoint(endpoint, ping);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ type: 1 });
    expect(await (await fetch(`${ops}/readyz`)).json()).toEqual({ status: 'ready', checks: { database: true, discord: true } });
  });

  it('WHEN a request is unsigned, badly signed, tampered with or stale THEN it gets 401 and nothing else happens', async () => {
    const before = fake.requests.length;
    const signedPing = fake.postToEndpoint.bind(fake, endpoint);
    const otherBodySignature = randomBytes(64).toString('hex');
    const now = Math.floor(Date.now() / 1000);
    const stale = String(now - 6 * 60);
    const lesson = JSON.stringify(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '17.3' }]));
    const answers = await Promise.all([
      signedPing(ping, { signature: null }),
      signedPing(ping, { timestamp: null }),
      signedPing(ping, { signature: null, timestamp: null }),
      signedPing(ping, { signature: otherBodySignature }),
      signedPing(ping, { signature: 'not hex' }),
      signedPing(ping, { timestamp: stale }),
      // Signed for the PING, sent with another body: the signature covers every byte.
      signedPing(lesson, { signature: fake.signInteraction(ping)['x-signature-ed25519'] }),
      // The PING's own signature and timestamp, with the timestamp moved by a second.
      signedPing(ping, { signature: fake.signInteraction(ping, now)['x-signature-ed25519'], timestamp: String(now + 1) }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    expect(fake.requests.slice(before)).toEqual([]);
  });

  it('WHEN a body is not JSON or is far larger than any interaction THEN it is refused without being handled', async () => {
    expect((await fake.postToEndpoint(endpoint, 'not json')).status).toBe(400);
    const huge = JSON.stringify({ type: 1, padding: 'x'.repeat(3 * 1024 * 1024) });
    expect((await fake.postToEndpoint(endpoint, huge)).status).toBe(413);
    // Streamed with no Content-Length, the size is only known while reading.
    expect(await postStreamed(endpoint, Buffer.from(huge))).toBe(413);
  });
});

describe('GIVEN interactions over HTTP', () => {
  it('WHEN a member runs /lesson topic:17.3 THEN the HTTP answer is the private lesson, and its buttons turn the page in place', async () => {
    const r = await fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: STRING, value: '17.3' }]));
    expect(r.endpoint).toBe(endpoint);
    expect(typeOf(r)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data(r).flags).toBe(MessageFlags.Ephemeral);
    expect(embed(r).title).toBe('17.3 · ECS: task definitions, services, Fargate vs EC2');
    const next = buttons(data(r)).find((b) => b.label === '17.4 ▶')!;
    const turned = await fake.inject(fake.button(next.custom_id, r.message()));
    expect(typeOf(turned)).toBe(InteractionResponseType.UpdateMessage);
    expect(embed(turned).title).toMatch(/^17\.4 · EKS/);
  });

  it('WHEN a member types "ecs" THEN autocomplete offers 17.3', async () => {
    const r = await fake.inject(fake.autocomplete('lesson', { name: 'topic', value: 'ecs' }));
    expect(typeOf(r)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect((data(r).choices as Array<{ value: string }>).map((c) => c.value)).toContain('17.3');
  });

  it('WHEN setup → /quiz-now → four members answer → the window closes THEN one post, one reveal, and the winner leads', async () => {
    const refused = await fake.inject(fake.chatInput('quiz-setup', [{ name: 'window', type: STRING, value: '1m' }], who(9)));
    expect(embed(refused).description).toMatch(/is for server admins \(Manage Server\)\.$/);
    const setup = await fake.inject(
      fake.chatInput(
        'quiz-setup',
        [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: CHANNEL },
          { name: 'window', type: STRING, value: '1m' },
        ],
        who(1, true),
      ),
    );
    expect(embed(setup).title).toBe('Daily quiz set up');
    expect(embed(await fake.inject(fake.chatInput('quiz-now', [], who(1, true)))).description).toBe(`Posted today's question in <#${CHANNEL}>.`);
    const isPost = (m: Json) => ((m.embeds as Json[])[0] as { title?: string } | undefined)?.title?.startsWith('🧠 Daily quiz');
    const post = await eventually(() => fake.messages(CHANNEL).find(isPost), 'the quiz post');
    const feedback: string[] = [];
    for (const [i, b] of buttons(post).entries()) {
      const r = await fake.inject(fake.button(b.custom_id, { id: post.id, channel_id: CHANNEL }, who(2 + i)));
      feedback.push(embed(r).description!);
    }
    expect(feedback.filter((f) => f.startsWith('✅ Correct! **+13 points**'))).toHaveLength(1);
    const winner = who(2 + feedback.findIndex((f) => f.startsWith('✅')));

    expect((await fetch(`${ops}/test/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 61_000 }) })).status).toBe(200);
    const isReveal = (m: Json) => (m.message_reference as { message_id?: string } | undefined)?.message_id === post.id;
    const reveal = await eventually(() => fake.messages(CHANNEL).find(isReveal), 'the reveal reply', 15_000);
    expect(((reveal.embeds as Json[])[0] as { title: string }).title).toMatch(/^✅ The answer: [ABCD]\. /);
    expect(fake.messages(CHANNEL).filter(isPost)).toHaveLength(1);
    expect(fake.messages(CHANNEL).filter(isReveal)).toHaveLength(1);

    const board = await fake.inject(fake.chatInput('leaderboard', [], who(2)));
    expect(embed(board).description!.split('\n')[0]).toBe(`🥇 ${winner.username} · **13** pts · 1 correct`);
    // Over HTTP the card comes in the response itself, as multipart/form-data.
    const card = await discordCardOf(fake, board);
    expect(card).toMatchObject({ contentType: 'image/png', alt: expect.stringContaining(`1. ${winner.username}, 13 points`) });
    expect(card.width).toBeGreaterThanOrEqual(600);
    expect(fake.sessions).toBe(0);
  }, 60_000);

  it('GIVEN a bad token THEN the bot exits non-zero with the same clear message as over the gateway', async () => {
    const wrong = await startBot({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl, DISCORD_PUBLIC_KEY: fake.publicKey, PORT: '0' });
    expect(await wrong.exited).not.toBe(0);
    expect(wrong.output().stderr).toContain('Discord refused DISCORD_TOKEN');
  }, 60_000);
});
