/**
 * A probe, not a scenario: sustained answer clicks alone, for iterating on the
 * click path (#20) in half a minute instead of the whole interaction scenario.
 * It starts the built bot on the fakes, opens a fresh post per round in the
 * largest server and sends `count` clicks by fresh members, 100 in flight, as
 * the scenario's "discord sustained" series does; then prints the rate, the
 * CPU per click of the bot, Postgres and this harness, the database's commits
 * per click (from pg_stat_database), and the clicks lost.
 *
 *   npm run build
 *   createdb -h 127.0.0.1 -U postgres -T studybot_bench clicks_a   # a copy of the bench template
 *   npx tsx bench/probes/clicks.ts postgres://postgres@127.0.0.1:5432/clicks_a [count] [rounds] [fresh|regulars] [gateway|http]
 *
 * `regulars`: the clicks come from the seeded members of the server (2,000), each
 * pressing the right answer, as the regulars of a study group do: those with a
 * streak race for today's streak bonus (the contested path), not only for the
 * podium (which three other members take before the timed clicks). A member
 * clicks once per run, so count × rounds ≤ 1,990.
 * `http`: Discord posts the interactions to the bot's endpoint, signed, with no gateway.
 */
import postgres from 'postgres';
import { loadCourseCached } from '../../src/content/cache.js';
import { CourseCatalog } from '../../src/content/catalog.js';
import { DEFAULT_CONTENT_DIR } from '../../src/paths.js';
import { cpuBetween, cpuSnapshot } from '../lib/cpu.js';
import { DiscordUser } from '../lib/drivers.js';
import { channelId, guildId, userId } from '../lib/ids.js';
import { sequential, sustained } from '../lib/load.js';
import { summarize } from '../lib/stats.js';
import { largestServerDiscord, quizChannel, seededSlack, startBotOnFakes } from '../scenarios/interactions.js';

const [databaseUrl, countArg, roundsArg, modeArg, transportArg] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: npx tsx bench/probes/clicks.ts <database url> [count] [rounds]');
const count = Number(countArg ?? 5000);
const rounds = Number(roundsArg ?? 3);
const regulars = modeArg === 'regulars';
if (regulars && count * rounds > 1_990) throw new Error('regulars: count × rounds must be at most 1,990 (the seeded members of the server, less the podiums)');
const catalog = new CourseCatalog((await loadCourseCached(DEFAULT_CONTENT_DIR)).course);

const fakes = { discord: await largestServerDiscord(), slack: await seededSlack(10) };
const overHttp = transportArg === 'http';
const { bot, slackUrl } = await startBotOnFakes(databaseUrl, fakes, { discordOverHttp: overHttp });
// The bot serves Slack and Discord's interactions on the same port.
if (overHttp) fakes.discord.useInteractionsEndpoint([slackUrl.replace('/slack/events', '/discord/interactions')]);
const discord = new DiscordUser(fakes.discord, guildId(0), channelId(0));
const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
/** Transactions committed in the probe's database so far; backends report theirs within a second. */
const commits = async (): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const [{ n }] = (await sql`select xact_commit::bigint as n from pg_stat_database where datname = current_database()`) as unknown as [{ n: string }];
  return Number(n);
};
try {
  await sequential(50, (i) => discord.lesson(userId(0, i))); // warm-up
  for (let round = 0; round < rounds; round++) {
    const channel = quizChannel(30 + round);
    const post = await discord.openQuiz(userId(0, 0), channel);
    const [posted] = (await sql`select question_key, choice_order from quiz_posts where channel_id = ${channel} and revealed_at is null`) as unknown as [
      { question_key: string; choice_order: number[] },
    ];
    const right = posted.choice_order.indexOf(catalog.question(posted.question_key)!.answer);
    // Regulars: the post's podium is taken first (by members outside the run), so the run measures the clicks after the opening rush, which race for the streak bonus alone.
    const podium = regulars ? 3 : 0;
    for (let k = 0; k < podium; k++) await discord.answer(post, userId(0, 1_999 - round * 3 - k), right);
    const clicker = (i: number): [string, number] => (regulars ? [userId(0, 1 + round * count + i), right] : [userId(0, 50_000 + round * count + i), i % 4]);
    const commitsBefore = await commits();
    const before = await cpuSnapshot(bot.pid);
    // Fresh members (not yet in the database, as in the scenario) or the server's regulars; new ones each round.
    const { perSecond, results } = await sustained(count, 100, (i) => discord.answer(post, ...clicker(i)));
    const cpu = cpuBetween(before, await cpuSnapshot(bot.pid));
    const committed = (await commits()) - commitsBefore;
    const [{ n: stored }] = (await sql`select count(*)::int as n from daily_answers a join quiz_posts p on p.id = a.post_id
      where p.channel_id = ${channel} and p.revealed_at is null`) as unknown as [{ n: number }];
    console.log(
      `round ${round + 1}: ${perSecond.toFixed(0)} clicks/s · CPU per click: bot ${(cpu.bot / count).toFixed(2)} ms, postgres ${(cpu.postgres / count).toFixed(2)} ms, ` +
        `harness ${(cpu.harness / count).toFixed(2)} ms · ${(committed / count).toFixed(2)} commits per click · p99 ${summarize(results.map((r) => r.latencyMs)).p99.toFixed(1)} ms · ` +
        `${results.filter((r) => !r.ok).length} errors · ${count - (stored - podium)} lost`,
    );
  }
} finally {
  await sql.end();
  await bot.stop();
  await Promise.all([fakes.discord.close(), fakes.slack.close()]);
}
process.exit(0);
