import { ApplicationCommandOptionType, InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';
import { seenText } from '../support/discord-reply.js';
import { proxiedServerDatabase, type TcpProxy } from '../support/tcp-proxy.js';
import { freePort } from '../support/free-port.js';

let fake: FakeDiscord;
let bot: RunningBot;
let proxy: TcpProxy;
let server: { url: string; drop(): Promise<void> };
let ops: string;

beforeAll(async () => {
  let url: string;
  ({ server, proxy, url } = await proxiedServerDatabase());
  // Discord's own 3-second window: a callback later than that is refused (10062), as on Discord.
  fake = await FakeDiscord.start({ interactionResponseWindowMs: 3_000 });
  const port = await freePort();
  ops = `http://127.0.0.1:${port}`;
  // At info, the shutdown logs each step's time: a failure below prints them.
  bot = await startBot({ LOG_LEVEL: 'info', DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DATABASE_URL: url, PORT: String(port) });
  await fake.waitForReady(30_000);
  await eventually(() => fake.commands().length > 0, 'command registration');
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await server?.drop();
});

const lesson = (user: string) =>
  fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: ApplicationCommandOptionType.String, value: '17.3' }], { userId: user }), { timeoutMs: 15_000 });

describe('GIVEN the database answers slowly', () => {
  it('THEN the bot acknowledges within the deadline (deferred) and edits in the lesson when it is ready', async () => {
    proxy.delayMs = 700;
    try {
      const r = await lesson('700000000000000010');
      expect((r.callback.body as { type: number }).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      expect(await seenText(r)).toMatch(/^17\.3 · /);
    } finally {
      proxy.delayMs = 0;
    }
  }, 60_000);
});

describe('GIVEN the database becomes unreachable while the bot runs on Discord', () => {
  it('THEN users get a friendly error instead of silence, and the bot recovers without a restart', async () => {
    expect(await seenText(await lesson('700000000000000001'))).toMatch(/^17\.3 · /);
    await proxy.cut();
    const down = await fetch(`${ops}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: { database: boolean } }).checks.database).toBe(false);
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    expect(await seenText(await lesson('700000000000000002'))).toMatch(
      /^Something went wrong on my side \(ref `[0-9a-f]{8}`\)\. Please try again in a moment\.$/,
    );
    await proxy.start();
    await eventually(async () => (await fetch(`${ops}/readyz`)).status === 200, 'readiness after the outage', 30_000);
    expect(await eventually(async () => /^17\.3 · /.test(await seenText(await lesson('700000000000000003'))), 'recovery', 30_000)).toBe(true);
  }, 90_000);
});

describe('GIVEN SIGTERM while an interaction is in flight', () => {
  it('THEN the interaction completes, and the process exits 0 within 10 seconds', async () => {
    proxy.delayMs = 700;
    const pending = lesson('700000000000000020');
    await eventually(
      () =>
        fake.requests.some(
          (r) => r.path.includes('/callback') && (r.body as { type?: number }).type === InteractionResponseType.DeferredChannelMessageWithSource,
        ),
      'the deferral',
    );
    const before = bot.output();
    const started = Date.now();
    const exited = bot.stop();
    expect(await seenText(await pending)).toMatch(/^17\.3 · /);
    const code = await exited;
    // On a slow or failed exit, the bot's log says what each shutdown step took ("shutdown: the database done", "… gave up waiting on …").
    const after = bot.output();
    const shutdownLog = `${after.stdout.slice(before.stdout.length)}${after.stderr.slice(before.stderr.length)}`;
    expect(code, shutdownLog).toBe(0);
    expect(Date.now() - started, shutdownLog).toBeLessThan(10_000);
    proxy.delayMs = 0;
  }, 60_000);
});
