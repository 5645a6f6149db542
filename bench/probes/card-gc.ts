/**
 * A probe, not a scenario: why sequential `/leaderboard` has a longer tail with
 * pictures on. It starts the built bot on the fakes with V8's GC trace, runs
 * `/lesson`, `/leaderboard period:all` (waiting for each card) and `/stats`
 * one at a time on Discord, then Slack's public `/leaderboard` (waiting for its
 * upload), and prints each series' latency next to the collections the bot
 * made meanwhile (docs/PERFORMANCE.md, "Why pictures lengthen the
 * /leaderboard tail").
 *
 *   createdb -h 127.0.0.1 -U postgres -T studybot_bench card_gc   # a copy of the bench template
 *   npx tsx bench/probes/card-gc.ts postgres://postgres@127.0.0.1:5432/card_gc [count]
 *   BENCH_BOT_ENV=IMAGES=off npx tsx bench/probes/card-gc.ts …     # the same without pictures
 */
import { DiscordUser, SlackUser, type Timed } from '../lib/drivers.js';
import { channelId, guildId, userId } from '../lib/ids.js';
import { sequential } from '../lib/load.js';
import { botDrawsCards } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { largestServerDiscord, NO_MEMBER_RATE_LIMIT, seededSlack, SLACK_CHANNEL, SLACK_TENANT, startBotOnFakes } from '../scenarios/interactions.js';

const [databaseUrl, countArg] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: npx tsx bench/probes/card-gc.ts <database url> [count]');
const count = Number(countArg ?? 300);
process.env.BENCH_NODE_FLAGS = `${process.env.BENCH_NODE_FLAGS ?? ''} --trace-gc`.trim();

/** Pauses (ms) of one kind of collection in a --trace-gc excerpt. */
const pauses = (trace: string, kind: 'Mark-Compact' | 'Scavenge'): number[] =>
  [...trace.matchAll(new RegExp(`${kind}[^\\n]*?([\\d.]+) / [\\d.]+ ms`, 'g'))].map((m) => Number(m[1]));

const fakes = { discord: await largestServerDiscord(), slack: await seededSlack(10) };
// Ten Slack members send each whole series.
const { bot, slackUrl } = await startBotOnFakes(databaseUrl, fakes, { env: NO_MEMBER_RATE_LIMIT });
const card = botDrawsCards();
const discord = new DiscordUser(fakes.discord, guildId(0), channelId(0));
const member = (i: number): string => userId(0, i % 2000);
const slack = new SlackUser(fakes.slack, slackUrl, SLACK_CHANNEL);
const series: Array<[string, (i: number) => Promise<Timed>]> = [
  ['/lesson 17.3', (i) => discord.lesson(member(i))],
  ['/leaderboard', (i) => discord.leaderboard(member(i), { period: 'all', card })],
  ['/stats', (i) => discord.stats(member(i), { card })],
  // Slack's public /leaderboard: its card is uploaded into the channel after the response; the latency is the response's.
  ['slack /leaderboard', (i) => slack.command('/leaderboard', 'period:all', userId(SLACK_TENANT, i % 10), { card })],
];
try {
  for (const [, act] of series) await sequential(30, act); // warm-up
  for (const [name, act] of series) {
    const traced = bot.output().length;
    const results = await sequential(count, act);
    const trace = bot.output().slice(traced);
    const text = summarize(results.map((r) => r.latencyMs));
    const markCompact = pauses(trace, 'Mark-Compact');
    const toCard = card && name !== '/lesson 17.3' ? ` · card p50 ${summarize(results.map((r) => r.cardMs ?? NaN)).p50.toFixed(1)} ms` : '';
    console.log(
      `${name.padEnd(13)} p50 ${text.p50.toFixed(2)} p99 ${text.p99.toFixed(2)} ms${toCard} · ${markCompact.length} mark-compact ` +
        `(longest ${Math.max(0, ...markCompact).toFixed(1)} ms), ${pauses(trace, 'Scavenge').length} scavenges · ${results.filter((r) => !r.ok).length} errors`,
    );
  }
} finally {
  await bot.stop();
}
process.exit(0);
