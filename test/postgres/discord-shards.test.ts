import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { guildIdsOnShards } from '../fakes/discord/gateway.js';
import { createServerDatabase } from '../support/database.js';
import { freePort } from '../support/free-port.js';
import { eventually, shutdownSteps, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * The fake Discord recommends two shards; three replicas of the real bot share
 * them through Postgres: one session per shard, on two different replicas,
 * identified one per 5 seconds, and a lost shard taken over within 15 seconds.
 */
let fake: FakeDiscord;
let server: { url: string; drop(): Promise<void> };
const replicas: Array<{ bot: RunningBot; ops: string }> = [];

/** Two servers, one on each shard (Discord's formula: (guild id >> 22) % shards). */
const GUILD_ON_SHARD = guildIdsOnShards(2);

/** The shards a replica says it holds now, from its own log lines. */
function heldShards(bot: RunningBot): Set<number> {
  const held = new Set<number>();
  for (const line of bot.output().stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; shard?: number };
    if (entry.shard === undefined || !entry.msg) continue;
    if (/holds shard/.test(entry.msg)) held.add(entry.shard);
    if (/handing shard|lost the lease of the shard/.test(entry.msg)) held.delete(entry.shard);
  }
  return held;
}

const oneSessionPerShard = () => {
  const counts = fake.sessionsByShard();
  return counts.size === 2 && counts.get(0) === 1 && counts.get(1) === 1;
};

beforeAll(async () => {
  server = await createServerDatabase();
  fake = await FakeDiscord.start({
    shards: 2,
    interactionResponseWindowMs: 10_000,
    guilds: GUILD_ON_SHARD.map((id, shard) => ({ id, name: `Shard ${shard} server`, channels: [{ id: `20000000000000000${shard + 1}`, name: 'study' }] })),
  });
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DATABASE_URL: server.url, PORT: String(port), LOG_LEVEL: 'info' });
    replicas.push({ bot, ops: `http://127.0.0.1:${port}` });
  }
  await eventually(oneSessionPerShard, 'one session per shard', 60_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.filter((r) => r.bot.running()).map((r) => r.bot.stop()));
  await fake.close();
  await server.drop();
});

describe('GIVEN Discord recommends two shards and three replicas run', () => {
  it('THEN each shard has exactly one session, on two different replicas, identified 5 s apart', async () => {
    // Long enough for every replica to have balanced twice more.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(oneSessionPerShard()).toBe(true);
    // A replica that started alone may have taken both and handed one over as the others came up.
    expect(new Set(fake.identifies.map((i) => JSON.stringify(i.shard)))).toEqual(new Set(['[0,2]', '[1,2]']));
    expect(fake.identifyRateViolations).toBe(0);
    const held = replicas.map((r) => [...heldShards(r.bot)]);
    expect(held.map((shards) => shards.length).sort()).toEqual([0, 1, 1]);
    const readiness = await Promise.all(
      replicas.map(async (r) => ((await (await fetch(`${r.ops}/readyz`)).json()) as { checks: { discord: unknown } }).checks.discord),
    );
    expect(readiness.sort()).toEqual([true, true, 'standby'].sort());
  });

  it('WHEN members of a server on each shard use /help THEN the replica holding that shard answers', async () => {
    for (const guildId of GUILD_ON_SHARD) {
      const r = await fake.inject(fake.chatInput('help', [], { guildId }));
      expect((r.callback.body as { data: { embeds: Array<{ title: string }> } }).data.embeds[0]!.title).toBe('studybot commands');
    }
  });

  it('WHEN the holder of shard 1 crashes (SIGKILL) THEN another replica identifies shard 1 within 15 seconds and answers its server', async () => {
    const holder = replicas.find((r) => heldShards(r.bot).has(1))!;
    const identifies = fake.identifies.length;
    const killedAt = Date.now();
    holder.bot.signal('SIGKILL');
    await holder.bot.exited;
    await eventually(() => fake.identifies.length > identifies && oneSessionPerShard(), 'shard 1 taken over', 15_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(fake.identifies.slice(identifies).map((i) => i.shard)).toEqual([[1, 2]]);
    const r = await fake.inject(fake.chatInput('help', [], { guildId: GUILD_ON_SHARD[1] }));
    expect((r.callback.body as { data: { embeds: Array<{ title: string }> } }).data.embeds[0]!.title).toBe('studybot commands');
    const survivors = replicas.filter((r) => r !== holder).map((r) => [...heldShards(r.bot)].sort());
    expect(survivors.sort()).toEqual([[0], [1]].sort());
  }, 30_000);

  it('WHEN the holder of shard 0 is stopped (SIGTERM, a deploy) THEN it lets go of its shard at once and exits 0, and the last replica takes it over', async () => {
    const holder = replicas.find((r) => r.bot.running() && heldShards(r.bot).has(0))!;
    const identifies = fake.identifies.length;
    expect(await holder.bot.stop()).toBe(0);
    // Its platforms step (disconnect, release the shard's lease) does not wait out a balancing round's pause.
    expect(shutdownSteps(holder.bot)['the platforms']).toBeLessThan(1_000);
    await eventually(() => fake.identifies.length > identifies && oneSessionPerShard(), 'shard 0 taken over', 15_000);
    expect(fake.identifies.slice(identifies).map((i) => i.shard)).toEqual([[0, 2]]);
  }, 30_000);
});
