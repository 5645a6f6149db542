/**
 * Discord interactions over HTTP (DISCORD_PUBLIC_KEY, no gateway): the fake
 * Discord POSTs signed interactions and records each HTTP answer as the
 * callback. Sequential latency against one replica, beside the same floor as
 * the gateway figures (a minimal discord.js bot on the gateway); then three
 * replicas of the built bot round-robin, as behind a load balancer, for the
 * sustained click rate and the CPU one click costs each part (the inputs of
 * the capacity model in docs/PERFORMANCE.md).
 */
import os from 'node:os';
import postgres from 'postgres';
import { freePort } from '../../test/support/free-port.js';
import { eventually } from '../../test/support/run-bot.js';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from '../lib/cpu.js';
import { DiscordUser, type QuizPostRef, type Timed } from '../lib/drivers.js';
import { channelId, guildId, userId } from '../lib/ids.js';
import { sequential, sustained } from '../lib/load.js';
import { startBuiltBot, startFloor, type Child } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { medianOfRuns, summarize, type Summary } from '../lib/stats.js';
import { largestServerDiscord } from './interactions.js';

const LARGEST = 0;
const REPLICAS = 3;
/** Spare channels of the largest server (see largestServerDiscord) not used by the gateway scenario. */
const quizChannel = (n: number): string => String(930_000_000_000_000_000n + BigInt(30 + n));

interface Throughput {
  perSecond: number;
  errors: number;
  lost: number;
  p99: number;
  cpu: CpuSnapshot;
  clicks: number;
}

interface Replica {
  bot: Child;
  endpoint: string;
}

async function startReplica(databaseUrl: string, apiUrl: string, publicKey: string): Promise<Replica> {
  const port = await freePort();
  const bot = await startBuiltBot({
    DATABASE_URL: databaseUrl,
    DISCORD_TOKEN: 'fake-token',
    DISCORD_API_URL: apiUrl,
    DISCORD_PUBLIC_KEY: publicKey,
    PORT: String(port),
  });
  const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200;
  await eventually(ready, `replica on ${port} to be ready`, 30_000);
  return { bot, endpoint: `http://127.0.0.1:${port}/discord/interactions` };
}

/** The CPU of several bot processes together, with Postgres and the harness counted once. */
async function cpuOf(replicas: Replica[]): Promise<CpuSnapshot> {
  const each = await Promise.all(replicas.map((r) => cpuSnapshot(r.bot.pid)));
  return { bot: each.reduce((sum, s) => sum + s.bot, 0), postgres: each[0]!.postgres, harness: each[0]!.harness };
}

export const httpInteractionsScenario: Scenario = {
  name: 'http-interactions',
  async run(ctx) {
    const { sizes, database, log } = ctx;
    const largest = database.tenants[LARGEST]!;
    const member = (i: number): string => userId(LARGEST, i % largest.users);
    const fake = await largestServerDiscord();
    const floorFake = await largestServerDiscord();
    const floorBot = startFloor('minimal-discord-bot.ts', { DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: floorFake.apiUrl });
    const replicas: Replica[] = [];
    const runs = new Map<string, Summary[]>();
    const add = (series: string, results: Timed[]) => runs.set(series, [...(runs.get(series) ?? []), summarize(results.map((r) => r.latencyMs))]);
    const errors = new Map<string, number>();
    const count = (series: string, results: Timed[]) => errors.set(series, (errors.get(series) ?? 0) + results.filter((r) => !r.ok).length);
    const throughput: Array<[string, Throughput]> = [];
    try {
      for (let i = 0; i < REPLICAS; i++) replicas.push(await startReplica(database.url, fake.apiUrl, fake.publicKey));
      await floorBot.waitFor(/floor ready/);
      const discord = new DiscordUser(fake, guildId(LARGEST), channelId(LARGEST));
      const floor = new DiscordUser(floorFake, guildId(LARGEST), channelId(LARGEST));
      const admin = member(0);

      // Warm-up on every replica, as after a few minutes behind a load balancer.
      fake.useInteractionsEndpoint(replicas.map((r) => r.endpoint));
      await sequential(50, (i) => floor.lesson(member(i)));
      await sequential(50 * REPLICAS, (i) => discord.lesson(member(i)));
      await sequential(20 * REPLICAS, (i) => discord.autocomplete(member(i)));

      // Sequential figures against one replica: comparable with the gateway's one process.
      fake.useInteractionsEndpoint([replicas[0]!.endpoint]);
      for (let run = 0; run < sizes.runs; run++) {
        log(`  run ${run + 1}/${sizes.runs}`);
        const n = sizes.sequential;
        add('floor', await sequential(n, (i) => floor.lesson(member(i))));
        const lesson = await sequential(n, (i) => discord.lesson(member(i)));
        add('/lesson 17.3', lesson);
        count('/lesson 17.3', lesson);
        const complete = await sequential(n, (i) => discord.autocomplete(member(i)));
        add('autocomplete "ecs"', complete);
        count('autocomplete "ecs"', complete);
        const post: QuizPostRef = await discord.openQuiz(admin, quizChannel(run));
        const clicks = await sequential(n, (i) => discord.answer(post, member(i + 1), i % 4));
        add('answer click', clicks);
        count('answer click', clicks);
      }

      // Sustained clicks: fresh people on one fresh post, 100 in flight; first one replica (comparable
      // with the gateway's one process), then the three round-robin, as behind a load balancer.
      const sustainedOn = async (targets: Replica[], channel: number): Promise<Throughput> => {
        fake.useInteractionsEndpoint(targets.map((r) => r.endpoint));
        const post = await discord.openQuiz(admin, quizChannel(channel));
        const clicks = sizes.throughputClicks;
        const before = await cpuOf(targets);
        const { perSecond, results } = await sustained(clicks, 100, (i) => discord.answer(post, userId(LARGEST, 70_000 + channel * 10_000 + i), i % 4));
        const cpu = cpuBetween(before, await cpuOf(targets));
        const sql = postgres(database.url, { max: 1, onnotice: () => {} });
        const [{ n: stored }] = (await sql`select count(*)::int as n from daily_answers a join quiz_posts p on p.id = a.post_id
          where p.tenant_id = ${largest.tenantId} and p.channel_id = ${quizChannel(channel)}`) as unknown as [{ n: number }];
        await sql.end();
        const result = {
          perSecond,
          errors: results.filter((r) => !r.ok).length,
          lost: clicks - stored,
          p99: summarize(results.map((r) => r.latencyMs)).p99,
          cpu,
          clicks,
        };
        log(
          `  sustained over ${targets.length} replica(s): ${perSecond.toFixed(0)} clicks/s, ${result.errors} errors, ${result.lost} lost, p99 ${result.p99.toFixed(1)} ms; ` +
            `CPU per click: bots ${(cpu.bot / clicks).toFixed(2)} ms, postgres ${(cpu.postgres / clicks).toFixed(2)} ms, harness ${(cpu.harness / clicks).toFixed(2)} ms (${os.cpus().length} cores)`,
        );
        return result;
      };
      throughput.push(['1 replica', await sustainedOn([replicas[0]!], 6)]);
      throughput.push([`${REPLICAS} replicas round-robin`, await sustainedOn(replicas, 7)]);
    } finally {
      if (process.env.BENCH_SHOW_OUTPUT) for (const r of replicas) log(r.bot.output().slice(-2000));
      await Promise.all([...replicas.map((r) => r.bot.stop()), floorBot.stop()]);
      await Promise.all([fake.close(), floorFake.close()]);
    }

    const problems = [...errors].filter(([, n]) => n > 0);
    if (problems.length) log(`  errors: ${problems.map(([s, n]) => `${s}: ${n}`).join('; ')}`);
    const median = (series: string) => medianOfRuns(runs.get(series)!);
    const floorOf = (p: 'p50' | 'p99') => ({ name: `minimal discord.js bot (gateway) ${p}`, value: median('floor')[p] });
    const figures: Figure[] = [];
    for (const [series, target] of [
      ['/lesson 17.3', { kind: 'ratio', limit: 2 }],
      ['autocomplete "ecs"', { kind: 'ratio', limit: 2 }],
      ['answer click', { kind: 'over-floor', limit: 10 }],
    ] as const) {
      figures.push({ scenario: 'discord over HTTP, sequential', name: `${series} p50`, value: median(series).p50, unit: 'ms', floor: floorOf('p50') });
      figures.push({ scenario: 'discord over HTTP, sequential', name: `${series} p99`, value: median(series).p99, unit: 'ms', floor: floorOf('p99'), target });
      figures.push({
        scenario: 'discord over HTTP, sequential',
        name: `${series}: errors`,
        value: errors.get(series) ?? 0,
        unit: '',
        target: { kind: 'max', limit: 0 },
      });
    }
    for (const [where, run] of throughput) {
      const scenario = `discord over HTTP, ${where}`;
      figures.push(
        { scenario, name: 'answer clicks per second (100 in flight)', value: run.perSecond, unit: '/s', target: { kind: 'min', limit: 500 } },
        { scenario, name: 'answer clicks with an error', value: run.errors, unit: '', target: { kind: 'max', limit: 0 } },
        { scenario, name: 'answer clicks lost (not stored)', value: run.lost, unit: '', target: { kind: 'max', limit: 0 } },
        { scenario, name: 'answer click p99 under that load', value: run.p99, unit: 'ms', target: { kind: 'max', limit: 3000 } },
        { scenario, name: 'CPU per answer click: bot processes', value: run.cpu.bot / run.clicks, unit: 'ms', note: 'informational' },
        { scenario, name: 'CPU per answer click: Postgres', value: run.cpu.postgres / run.clicks, unit: 'ms', note: 'informational' },
        { scenario, name: 'CPU per answer click: harness', value: run.cpu.harness / run.clicks, unit: 'ms', note: 'informational' },
      );
    }
    ctx.attach('samples', Object.fromEntries(runs));
    return figures;
  },
};
