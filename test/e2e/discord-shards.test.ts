import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { guildIdsOnShards } from '../fakes/discord/gateway.js';
import { freePort } from '../support/free-port.js';
import { eventually, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * One bot on the embedded database while the fake Discord recommends two
 * shards: the one process holds both, identified one window apart.
 */
let fake: FakeDiscord;
let bot: RunningBot;
let ops: string;
const GUILD_ON_SHARD = guildIdsOnShards(2);

beforeAll(async () => {
  fake = await FakeDiscord.start({
    shards: 2,
    guilds: GUILD_ON_SHARD.map((id, shard) => ({ id, name: `Shard ${shard} server`, channels: [{ id: `20000000000000000${shard + 1}`, name: 'study' }] })),
  });
  const port = await freePort();
  ops = `http://127.0.0.1:${port}`;
  bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, PORT: String(port) });
  await eventually(() => fake.sessionsByShard().size === 2, 'both shards connected', 30_000);
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

describe('GIVEN Discord recommends two shards and one bot runs on the embedded database', () => {
  it('THEN it holds both shards, one session each, identified 5 seconds apart, and is ready', async () => {
    expect([...fake.sessionsByShard()].sort()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(fake.identifies.map((i) => JSON.stringify(i.shard)).sort()).toEqual(['[0,2]', '[1,2]']);
    expect(fake.identifyRateViolations).toBe(0);
    const discordReady = async () => ((await (await fetch(`${ops}/readyz`)).json()) as { checks: { discord: unknown } }).checks.discord;
    await eventually(async () => (await discordReady()) === true, 'both shards ready');
  });

  it('WHEN members of a server on each shard use /help THEN both are answered', async () => {
    for (const guildId of GUILD_ON_SHARD) {
      const r = await fake.inject(fake.chatInput('help', [], { guildId }));
      expect((r.callback.body as { data: { embeds: Array<{ title: string }> } }).data.embeds[0]!.title).toBe('studybot commands');
    }
  });
});
