/**
 * A probe, not a scenario: bursts of 200 `/stats` alone, for iterating on the
 * burst target of #20 in half a minute instead of the whole interaction
 * scenario. It starts the built bot on the fakes (the per-member limit lifted),
 * warms it up, then sends `rounds` bursts of 200 `/stats` by different members
 * of the largest server, 2.5 s apart (the cards of a burst land in between),
 * and prints each burst's p50 and p99 and the CPU per `/stats` of the bot,
 * Postgres and this harness.
 *
 *   npm run build
 *   createdb -h 127.0.0.1 -U postgres -T studybot_bench stats_a   # a copy of the bench template
 *   npx tsx bench/probes/stats-burst.ts postgres://postgres@127.0.0.1:5432/stats_a [rounds]
 *
 * `BENCH_BOT_ENV="IMAGES=off"` runs the bot without pictures; `BENCH_NODE_FLAGS="--cpu-prof
 * --cpu-prof-dir=DIR"` profiles it (bench/profile-summary.ts).
 */
import { cpuBetween, cpuSnapshot } from '../lib/cpu.js';
import { DiscordUser } from '../lib/drivers.js';
import { channelId, guildId, userId } from '../lib/ids.js';
import { burst, sequential } from '../lib/load.js';
import { summarize } from '../lib/stats.js';
import { largestServerDiscord, NO_MEMBER_RATE_LIMIT, seededSlack, startBotOnFakes } from '../scenarios/interactions.js';

const BURST = 200;
const [databaseUrl, roundsArg] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: npx tsx bench/probes/stats-burst.ts <database url> [rounds]');
const rounds = Number(roundsArg ?? 8);

const fakes = { discord: await largestServerDiscord(), slack: await seededSlack(10) };
const { bot } = await startBotOnFakes(databaseUrl, fakes, { env: NO_MEMBER_RATE_LIMIT });
const discord = new DiscordUser(fakes.discord, guildId(0), channelId(0));
const member = (i: number): string => userId(0, i % 2_000);
try {
  // Warm-up: JIT, pools and the statement prepared on each connection.
  await sequential(50, (i) => discord.lesson(member(i)));
  await sequential(20, (i) => discord.stats(member(i)));
  for (let round = 0; round < rounds; round++) {
    const before = await cpuSnapshot(bot.pid);
    const results = await burst(BURST, (i) => discord.stats(member(round * BURST + i)));
    const cpu = cpuBetween(before, await cpuSnapshot(bot.pid));
    const { p50, p99 } = summarize(results.map((r) => r.latencyMs));
    console.log(
      `round ${round + 1}: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms · CPU per /stats: bot ${(cpu.bot / BURST).toFixed(2)} ms, ` +
        `postgres ${(cpu.postgres / BURST).toFixed(2)} ms, harness ${(cpu.harness / BURST).toFixed(2)} ms · ${results.filter((r) => !r.ok).length} errors`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  }
} finally {
  await bot.stop();
  await Promise.all([fakes.discord.close(), fakes.slack.close()]);
}
process.exit(0);
