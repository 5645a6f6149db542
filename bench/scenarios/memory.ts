/**
 * Memory: resident set size of the built bot serving Discord and Slack (against
 * the fakes) when idle, and after a long mix of interactions. A leak (a cache
 * without a bound, a listener added per interaction) shows as growth that
 * stays once the process is quiet again; garbage does not: V8's memory
 * reducer collects it about 30 s after the load stops, so both readings are
 * taken after the same quiet time. The peak during the load is reported too:
 * it is what a task's memory must hold.
 */
import { loadCourse } from '../../src/content/loader.js';
import { DEFAULT_CONTENT_DIR } from '../../src/paths.js';
import { DiscordUser, SlackUser, type Timed } from '../lib/drivers.js';
import { sustained } from '../lib/load.js';
import { channelId, guildId, userId } from '../lib/ids.js';
import { sleep, type Child } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { median } from '../lib/stats.js';
import { largestServerDiscord, NO_MEMBER_RATE_LIMIT, seededSlack, startBotOnFakes } from './interactions.js';

/** The V8 heap in use and Node's external memory (MB), from the bot's own metrics. */
async function heapMb(metricsUrl: string): Promise<{ heapUsed: number; external: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const gauge = (name: string) => Number(new RegExp(`^studybot_${name} ([\\d.e+]+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return { heapUsed: gauge('nodejs_heap_size_used_bytes'), external: gauge('nodejs_external_memory_bytes') };
}

async function settledRss(bot: Child, settleMs: number): Promise<number> {
  await sleep(settleMs);
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    readings.push(await bot.rssMb());
    await sleep(500);
  }
  return median(readings);
}

export const memoryScenario: Scenario = {
  name: 'memory',
  async run({ sizes, database, log, attach }) {
    const course = await loadCourse(DEFAULT_CONTENT_DIR);
    const topics = course.chapters.flatMap((c) => [String(c.number), ...c.subchapters.map((s) => s.id)]);
    const words = ['ecs', 'fargate', 's3', 'iam', 'terraform state', 'vpc', 'lambda', 'rds', 'cloudwatch', 'eks', 'route 53', 'kms'];
    const slackMembers = database.tenants[1]!.users;
    const fakes = { discord: await largestServerDiscord(), slack: await seededSlack(slackMembers) };
    // The mix sends each Slack member about 55 commands in 25 s: every one is served.
    const { bot, slackUrl, metricsUrl } = await startBotOnFakes(database.url, fakes, { env: NO_MEMBER_RATE_LIMIT });
    // Beside it while both are idle: a bot that takes Discord over HTTP (no gateway, no discord.js), as replicas behind a load balancer run.
    const httpFakes = { discord: await largestServerDiscord(), slack: await seededSlack(slackMembers) };
    const overHttp = await startBotOnFakes(database.url, httpFakes, { discordOverHttp: true });
    const largest = database.tenants[0]!;
    const discord = new DiscordUser(fakes.discord, guildId(0), channelId(0));
    const slack = new SlackUser(fakes.slack, slackUrl, 'C0BENCH0001');
    const member = (i: number) => userId(0, i % largest.users);
    try {
      const [idle, idleOverHttp] = await Promise.all([settledRss(bot, sizes.memorySettleMs), settledRss(overHttp.bot, sizes.memorySettleMs)]);
      const idleHeap = await heapMb(metricsUrl);
      await overHttp.bot.stop();
      const post = await discord.openQuiz(member(0), String(930_000_000_000_000_000n + 38n));
      // A realistic mix: lessons across the course, searches, boards, stats, Slack commands and answer clicks.
      const act = (i: number): Promise<Timed> => {
        switch (i % 10) {
          case 0:
          case 1:
          case 2:
            return discord.lesson(member(i), topics[i % topics.length]);
          case 3:
          case 4:
            return discord.autocomplete(member(i), words[i % words.length]!.slice(0, 1 + (i % 6)));
          case 5:
            return discord.leaderboard(member(i), { period: ['week', 'month', 'all'][i % 3] });
          case 6:
            return discord.stats(member(i));
          case 7:
          case 8:
            return slack.command('/lesson', topics[i % topics.length]!, userId(1, i % slackMembers));
          default:
            return discord.answer(post, member(i), i % 4);
        }
      };
      const total = sizes.memoryInteractions;
      const warmUp = Math.round(total / 10);
      let offset = 0;
      let errors = 0;
      let peak = 0;
      /** Drives the next `count` interactions of the mix, 20 in flight, tracking the peak RSS. */
      const drive = async (count: number): Promise<number> => {
        const sampler = setInterval(
          () =>
            void bot.rssMb().then(
              (mb) => (peak = Math.max(peak, mb)),
              () => {},
            ),
          250,
        );
        const started = performance.now();
        const { results } = await sustained(count, 20, act, offset);
        clearInterval(sampler);
        offset += count;
        errors += results.filter((r) => !r.ok).length;
        return (performance.now() - started) / 1000;
      };
      // Warm-up first: the pool opens its connections, hot code is compiled, V8 sizes its heap.
      await drive(warmUp);
      const warm = await settledRss(bot, sizes.memorySettleMs);
      const warmHeap = await heapMb(metricsUrl);
      const seconds = await drive(total);
      const after = await settledRss(bot, sizes.memorySettleMs);
      const afterHeap = await heapMb(metricsUrl);
      log(`  heap used: idle ${idleHeap.heapUsed.toFixed(1)} MB, warm ${warmHeap.heapUsed.toFixed(1)} MB, after ${afterHeap.heapUsed.toFixed(1)} MB`);
      log(
        `  RSS: idle ${idle.toFixed(1)} MB, warm ${warm.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, after ${total} more ${after.toFixed(1)} MB (${errors} errors, ${seconds.toFixed(0)} s)`,
      );
      attach('rss', {
        idle,
        idleOverHttp,
        warm,
        after,
        peak,
        idleHeap,
        warmHeap,
        afterHeap,
        warmUp,
        interactions: total,
        errors,
        seconds,
        settleMs: sizes.memorySettleMs,
      });
      const figures: Figure[] = [
        // Issue #20: idle with both platforms at most 100 MB (the gateway's caches included).
        { scenario: 'memory', name: 'idle RSS, Discord + Slack enabled', value: idle, unit: 'MB', target: { kind: 'max', limit: 100 } },
        {
          scenario: 'memory',
          name: 'idle RSS, Discord over HTTP + Slack (no gateway)',
          value: idleOverHttp,
          unit: 'MB',
          floor: { name: 'with the gateway', value: idle },
          target: { kind: 'max', limit: 100 },
        },
        {
          scenario: 'memory',
          name: `RSS after a ${warmUp}-interaction warm-up, once quiet`,
          value: warm,
          unit: 'MB',
          floor: { name: 'idle', value: idle },
          note: 'informational: pool, JIT and heap sizing',
        },
        {
          scenario: 'memory',
          name: `peak RSS during ${total} interactions (20 in flight)`,
          value: peak,
          unit: 'MB',
          note: 'informational: the task needs this much',
        },
        { scenario: 'memory', name: `RSS after ${total} more interactions, once quiet`, value: after, unit: 'MB', floor: { name: 'warm', value: warm } },
        {
          scenario: 'memory',
          name: `RSS growth over ${total} interactions (warm → after)`,
          value: ((after - warm) / warm) * 100,
          unit: '%',
          target: { kind: 'max', limit: 10 },
        },
        {
          scenario: 'memory',
          name: `V8 heap in use after ${total} interactions`,
          value: afterHeap.heapUsed,
          unit: 'MB',
          floor: { name: 'warm heap', value: warmHeap.heapUsed },
          note: 'informational: live objects, where a leak would show',
        },
        { scenario: 'memory', name: 'errors during the memory run', value: errors, unit: '', target: { kind: 'max', limit: 0 } },
      ];
      return figures;
    } finally {
      await Promise.all([bot.stop(), overHttp.bot.stop()]);
      await Promise.all([fakes.discord.close(), fakes.slack.close(), httpFakes.discord.close(), httpFakes.slack.close()]);
    }
  },
};
