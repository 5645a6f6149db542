/**
 * Daily fan-out: many servers, each with a study channel, all scheduled for
 * the same minute. The fake Discord enforces the global limit of 50 requests
 * per second and answers 429 beyond it. Every post must land once, within a
 * minute, without leaning on 429 retries.
 */
import postgres from 'postgres';
import { DateTime } from 'luxon';
import { FakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import { channelId, guildId } from '../lib/ids.js';
import { sleep, startBuiltBot } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';

/** Fan-out servers are numbered from here, clear of the seeded ones. */
const FIRST = 1_000;
const DEADLINE_MS = 60_000;
const DISCORD_GLOBAL_LIMIT = 50;

export const fanoutScenario: Scenario = {
  name: 'fanout',
  async run({ sizes, database, log, attach }) {
    const count = sizes.fanoutChannels;
    const servers = Array.from({ length: count }, (_, i) => FIRST + i);
    const channels = new Set(servers.map(channelId));
    const fake = await FakeDiscord.start({
      rateLimit: { globalPerSecond: DISCORD_GLOBAL_LIMIT },
      guilds: servers.map((s) => ({ id: guildId(s), name: `Fan-out ${s}`, channels: [{ id: channelId(s), name: 'study' }] })),
    });
    // The minute everyone posts: far enough ahead for the bot to start and connect.
    const minute = DateTime.utc().plus({ seconds: 25 }).startOf('minute').plus({ minutes: 1 });
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    await sql`insert into tenants ${sql(servers.map((s) => ({ id: `discord:${guildId(s)}`, platform: 'discord', external_id: guildId(s), name: `Fan-out ${s}` })))}`;
    await sql`insert into quiz_channels ${sql(
      servers.map((s) => ({
        tenant_id: `discord:${guildId(s)}`,
        channel_id: channelId(s),
        channel_name: 'study',
        time: minute.toFormat('HH:mm'),
        timezone: 'UTC',
        days: sql.array(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
        window_minutes: 30,
      })),
    )}`;
    const bot = await startBuiltBot({ DATABASE_URL: database.url, DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl });
    try {
      await fake.waitForReady(60_000);
      const startsAt = minute.toMillis();
      log(`  ${count} channels scheduled for ${minute.toFormat('HH:mm')} UTC; waiting ${Math.round((startsAt - Date.now()) / 1000)} s`);
      await sleep(Math.max(0, startsAt - Date.now()));
      const posts = () =>
        fake.requests.filter(
          (r) => r.method === 'POST' && r.status === 200 && /\/channels\/\d+\/messages$/.test(r.path) && channels.has(r.path.split('/')[4]!),
        );
      const limitedBefore = fake.rateLimited;
      while (posts().length < count && Date.now() < startsAt + DEADLINE_MS + 30_000) await sleep(200);
      await sleep(2_000); // anything posted twice would arrive now
      const delivered = posts();
      const perChannel = new Map<string, number>();
      for (const r of delivered) perChannel.set(r.path.split('/')[4]!, (perChannel.get(r.path.split('/')[4]!) ?? 0) + 1);
      const duplicates = [...perChannel.values()].filter((n) => n > 1).length;
      const lost = count - perChannel.size;
      const lastAt = Math.max(...delivered.map((r) => r.at));
      const firstAt = Math.min(...delivered.map((r) => r.at));
      const [{ stored }] = (await sql`select count(*)::int as stored from quiz_posts
        where tenant_id like 'discord:%' and channel_id = any(${[...channels]}) and message_id is not null`) as unknown as [{ stored: number }];
      const limited = fake.rateLimited - limitedBefore;
      const spreadSeconds = (lastAt - startsAt) / 1000;
      log(
        `  ${perChannel.size}/${count} delivered, first +${((firstAt - startsAt) / 1000).toFixed(1)} s, last +${spreadSeconds.toFixed(1)} s, ${duplicates} duplicates, ${limited} × 429, ${stored} stored`,
      );
      attach('summary', {
        count,
        firstAfterSeconds: (firstAt - startsAt) / 1000,
        lastAfterSeconds: spreadSeconds,
        duplicates,
        lost,
        rateLimited: limited,
        stored,
      });
      const figures: Figure[] = [
        {
          scenario: 'fan-out',
          name: `all ${count} daily posts delivered after the minute starts`,
          value: spreadSeconds,
          unit: 's',
          target: { kind: 'max', limit: 60 },
        },
        { scenario: 'fan-out', name: 'posts delivered twice', value: duplicates, unit: '', target: { kind: 'max', limit: 0 } },
        { scenario: 'fan-out', name: 'posts lost (not delivered)', value: lost, unit: '', target: { kind: 'max', limit: 0 } },
        { scenario: 'fan-out', name: 'posts stored with their message id', value: stored, unit: '', target: { kind: 'min', limit: count } },
        { scenario: 'fan-out', name: '429 responses from the fake', value: limited, unit: '', target: { kind: 'max', limit: 5 } },
      ];
      return figures;
    } finally {
      await bot.stop();
      await fake.close();
      await sql.end();
    }
  },
};
