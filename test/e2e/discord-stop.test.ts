import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { freePort } from '../support/free-port.js';
import { eventually, shutdownSteps, startBot, type RunningBot } from '../support/run-bot.js';

/**
 * A deploy stops the bot whatever Discord is doing. While Discord fails, the
 * bot retries every few seconds; a shard waits its turn to identify (Discord
 * allows one per 5 seconds). A stop must not wait either out, or the
 * shutdown's 4 s for the platforms runs out and the process exits 1.
 */
let fake: FakeDiscord | undefined;
let bot: RunningBot | undefined;

afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = fake = undefined;
});

describe('GIVEN Discord answers 503 when asked how to connect', () => {
  it('WHEN the bot is stopped (SIGTERM) while it waits to ask again THEN it stops at once and exits 0', async () => {
    fake = await FakeDiscord.start();
    fake.fail(/^\/gateway\/bot$/, 503, { times: 1_000 });
    bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, PORT: String(await freePort()), LOG_LEVEL: 'info' });
    await eventually(() => bot!.output().stdout.includes('could not read the gateway recommendation; retrying'), 'a failed attempt', 30_000);

    expect(await bot.stop()).toBe(0);
    const steps = shutdownSteps(bot);
    expect(steps['the platforms'], bot.output().stdout.slice(-2_000)).toBeLessThan(1_000);
  }, 60_000);
});

describe('GIVEN one replica starting two shards', () => {
  it('WHEN it is stopped (SIGTERM) while the second waits for its turn to identify THEN it stops at once and exits 0', async () => {
    fake = await FakeDiscord.start({ shards: 2 });
    bot = await startBot({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, PORT: String(await freePort()), LOG_LEVEL: 'info' });
    await eventually(() => fake!.identifies.length === 1, 'the first shard identified', 30_000);
    // The balancer takes the second shard within its 2 s round; its IDENTIFY waits until 5.5 s after the first.
    await eventually(() => (bot!.output().stdout.match(/this replica holds shard/g) ?? []).length === 2, 'the second shard taken', 10_000);
    expect(fake.identifies).toHaveLength(1);

    expect(await bot.stop()).toBe(0);
    expect(shutdownSteps(bot)['the platforms'], bot.output().stdout.slice(-2_000)).toBeLessThan(1_000);
    expect(fake.identifies).toHaveLength(1);
  }, 60_000);
});
