import { ApplicationCommandOptionType } from 'discord.js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';
import { seenText } from '../support/discord-reply.js';
import { proxiedServerDatabase, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * What an RDS failover, a reboot, an idle-session kill or a network blip does
 * to two replicas serving Discord: their sessions are terminated on the
 * server, or the network goes away for ten seconds. Neither may exit, one of
 * them must hold the gateway, and lessons must be served again within 20 s of
 * the database's return — five times in a row.
 */
let fake: FakeDiscord;
let proxy: TcpProxy;
let server: { url: string; drop(): Promise<void> };
let admin: postgres.Sql;
let database: string;
const replicas: Array<{ bot: RunningBot; ops: string }> = [];

beforeAll(async () => {
  let url: string;
  ({ server, proxy, url } = await proxiedServerDatabase());
  database = new URL(server.url).pathname.slice(1);
  admin = postgres(server.url, { max: 1, onnotice: () => {} });
  fake = await FakeDiscord.start({ interactionResponseWindowMs: 10_000 });
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DATABASE_URL: url, PORT: String(port) });
    replicas.push({ bot, ops: `http://127.0.0.1:${port}` });
  }
  await fake.waitForReady(60_000);
  await eventually(() => fake.commands().length > 0, 'command registration', 30_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.bot.stop()));
  await admin?.end();
  await fake?.close();
  await server?.drop();
});

const roles = () =>
  Promise.all(
    replicas.map(async (r) => {
      const res = await fetch(`${r.ops}/readyz`).catch(() => undefined);
      return res ? ((await res.json()) as { checks: { discord: unknown } }).checks.discord : 'down';
    }),
  );

/** Within `ms`, a /lesson 17.3 is answered with the lesson (one replica holds the gateway and reads the database). */
async function servesLessonsWithin(ms: number, user: string): Promise<number> {
  const started = Date.now();
  await eventually(
    async () => {
      const result = await fake
        .inject(fake.chatInput('lesson', [{ name: 'topic', type: ApplicationCommandOptionType.String, value: '17.3' }], { userId: user }), { timeoutMs: 5_000 })
        .catch(() => undefined);
      return result ? /^17\.3 · /.test(await seenText(result).catch(() => '')) : false;
    },
    'a /lesson answered with the lesson',
    ms,
  );
  return Date.now() - started;
}

function expectBothRunning(): void {
  for (const [i, r] of replicas.entries())
    expect(r.bot.running(), `replica ${i} exited:\n${r.bot.output().stderr.slice(-2000)}\nlog:\n${r.bot.output().stdout.slice(-4000)}`).toBe(true);
}

describe('GIVEN two replicas serving Discord through one Postgres', () => {
  for (let round = 1; round <= 5; round++) {
    it(`round ${round}: WHEN every bot session is terminated on the server, and later the network is cut for 10 s, THEN both keep running and lessons are served again within 20 s`, async () => {
      await servesLessonsWithin(20_000, `70000000000000${round}001`);

      const killed = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
      expect(killed.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expectBothRunning();
      await servesLessonsWithin(20_000, `70000000000000${round}002`);
      await eventually(
        async () => (await roles()).filter((r) => r === true).length === 1 && (await roles()).includes('standby'),
        'one holder and one standby',
        20_000,
      );

      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expectBothRunning();
      await proxy.start();
      await servesLessonsWithin(20_000, `70000000000000${round}003`);
      expectBothRunning();
      await eventually(
        async () => (await roles()).filter((r) => r === true).length === 1 && (await roles()).includes('standby'),
        'one holder and one standby',
        20_000,
      );
      expect(fake.sessions).toBe(1);
    }, 90_000);
  }
});
