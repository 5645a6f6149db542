/** Deterministic Discord-style ids for the seeded world, shared by the seeder and the scenarios. */
const GUILD_BASE = 910_000_000_000_000_000n;
const CHANNEL_BASE = 920_000_000_000_000_000n;
const USER_BASE = 800_000_000_000_000_000n;

export const guildId = (tenant: number): string => String(GUILD_BASE + BigInt(tenant));
export const channelId = (tenant: number): string => String(CHANNEL_BASE + BigInt(tenant));
/** Tenant 1 is a Slack workspace (the fake Slack's team), so Slack figures also run on a seeded history. */
export const SLACK_TEAM_ID = 'T0BENCH0001';
export const tenantId = (tenant: number): string => (tenant === 1 ? `slack:${SLACK_TEAM_ID}` : `discord:${guildId(tenant)}`);
/** User `u` of tenant `t`: ids never collide across tenants. */
export const userId = (tenant: number, user: number): string => String(USER_BASE + BigInt(tenant) * 100_000n + BigInt(user));

/** The same formulas in SQL, for set-based seeding. */
export const SQL_IDS = {
  channel: (t: string) => `(${CHANNEL_BASE}::numeric + ${t})::text`,
  user: (t: string, u: string) => `(${USER_BASE}::numeric + ${t}::numeric * 100000 + ${u})::text`,
};
