import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';
import { seenText } from '../support/discord-reply.js';
import { proxiedServerDatabase, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * A network path to the database that goes silent: packets are dropped, no
 * reset ever arrives, every open connection waits for an answer that never
 * comes. ECS then stops the task (SIGTERM, SIGKILL 30 s later). The bot must
 * still shut down by itself well within that, whatever it was waiting on.
 */
let fake: FakeDiscord;
/** The gateway's holder and a standby, waiting for the lease. */
const replicas: RunningBot[] = [];
let proxy: TcpProxy;
let server: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  let url: string;
  ({ server, proxy, url } = await proxiedServerDatabase());
  fake = await FakeDiscord.start({ interactionResponseWindowMs: 10_000 });
  for (let i = 0; i < 2; i++)
    replicas.push(await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DATABASE_URL: url, PORT: String(await freePort()) }));
  await fake.waitForReady(30_000);
  await eventually(() => fake.commands().length > 0, 'command registration');
}, 60_000);

afterAll(async () => {
  for (const bot of replicas) if (bot.running()) bot.signal('SIGKILL');
  await Promise.all(replicas.map((bot) => bot.exited));
  await fake?.close();
  await proxy?.cut();
  await server?.drop();
});

describe('GIVEN the database goes silent while one replica holds the gateway and one waits for it', () => {
  it('THEN lessons are still served, and on SIGTERM a member waiting on the database is told to try again and both exit within 25 s (ECS kills at 30)', async () => {
    const lesson = (userId: string) =>
      fake.inject(fake.chatInput('lesson', [{ name: 'topic', type: ApplicationCommandOptionType.String, value: '17.3' }], { userId }), { timeoutMs: 10_000 });
    // Two members the bot knows already (a first command stores who they are).
    for (const member of ['700000000000000030', '700000000000000031']) expect(await seenText(await lesson(member))).toMatch(/^17\.3 · /);

    proxy.stalled = true;
    // A lesson needs no database: it is still served.
    expect(await seenText(await lesson('700000000000000030'))).toMatch(/^17\.3 · /);
    // /stats reads the database: it is deferred and waits. The gateway lease's next check (every 2 s) waits too.
    const stats = fake.inject(fake.chatInput('stats', [], { userId: '700000000000000031' }), { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(replicas.map((bot) => bot.running())).toEqual([true, true]);

    const started = Date.now();
    for (const bot of replicas) bot.signal('SIGTERM');
    expect(await seenText(await stats, 20_000)).toBe("I'm restarting, so I couldn't finish that. Please try again in a minute.");
    const codes = await Promise.all(
      replicas.map((bot) => Promise.race([bot.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 25_000))])),
    );
    for (const [i, bot] of replicas.entries()) {
      const { stdout, stderr } = bot.output();
      expect(codes[i], `replica ${i}, 25 s after SIGTERM:\n${stderr.slice(-2000)}\n${stdout.slice(-4000)}`).not.toBe('running');
    }
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 60_000);
});
