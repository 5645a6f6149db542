import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONTENT_DIR } from './paths.js';
import { SSL_MODES, type SslMode } from './db/tls.js';
import { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './core/rate-limit.js';
import { isDiscordPublicKey } from './platforms/discord/interaction-signature.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = (what: string) => optionalText.refine((v) => v === undefined || URL.canParse(v), { message: `must be a URL (${what})` });

const envSchema = z.object({
  DATABASE_URL: optionalUrl('postgres://user:password@host:5432/database')
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), { message: 'must start with postgres:// or postgresql://' })
    .refine((v) => v === undefined || SSL_MODES.includes((new URL(v).searchParams.get('sslmode') ?? 'disable') as SslMode), {
      message: `sslmode must be one of ${SSL_MODES.join(', ')} (verify-full with the RDS bundle on AWS: see deploy/README.md)`,
    }),
  DATA_DIR: optionalText.default('.data'),
  /** `off`: a first start makes its embedded database itself instead of copying the one `npm install` prepared. */
  STUDYBOT_PGLITE_TEMPLATE: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  CONTENT_DIR: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: optionalUrl('e.g. https://discord.com/api'),
  DISCORD_PUBLIC_KEY: optionalText.refine((v) => v === undefined || isDiscordPublicKey(v), {
    message: "must be the application's public key: 64 hex digits (Developer Portal → General Information)",
  }),
  /** `off`: no websocket, interactions only over HTTP (the default with DISCORD_PUBLIC_KEY); `on` keeps the gateway. */
  DISCORD_GATEWAY: z.enum(['on', 'off']).optional(),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{15,21}$/.test(v), { message: 'must be a Discord server id (digits)' }),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), { message: 'must be a bot token starting with xoxb-' }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), { message: 'must be an app-level token starting with xapp-' }),
  SLACK_API_URL: optionalUrl('e.g. https://slack.com/api/'),
  SLACK_ADMIN_USER_IDS: optionalText,
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  QUIZ_TICK_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMIT.burst),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_RATE_LIMIT.perSecond * 60),
  NODE_ENV: optionalText,
  /** `off`: replies stay text, no card is drawn (leaderboards, stats). */
  IMAGES: z.enum(['on', 'off']).default('on'),
  /** End-to-end tests only: a clock the test moves forward over HTTP (see src/ops/test-clock.ts). */
  TEST_CLOCK: z.enum(['on', 'off']).optional(),
});

export interface Config {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string; template: boolean };
  /** The bot's own folder (DATA_DIR): the embedded database and the content cache live here. */
  dataDir: string;
  contentDir: string;
  logLevel: NonNullable<z.infer<typeof envSchema>['LOG_LEVEL']>;
  /** Console mode: no platform token, or `--console`. */
  console: boolean;
  port: number;
  /** How often open quiz slots, undelivered posts and reveals are checked. */
  quizTickSeconds: number;
  /**
   * `publicKey`: interactions arrive as signed POSTs on PORT (every replica serves);
   * `gateway`: a websocket session held by one replica at a time. One or both.
   */
  discord?: { token: string; apiUrl?: string; guildId?: string; publicKey?: string; gateway: boolean };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; adminUserIds: string[] };
  /** Values that must never appear in logs. */
  secrets: string[];
  /** Per member: requests in a burst, then per minute (see src/core/rate-limit.ts). */
  rateLimit: RateLimitSettings;
  /** TEST_CLOCK=on: POST /test/clock moves the bot's clock forward (never in production). */
  testClock: boolean;
  /** IMAGES (on by default): leaderboards and stats come with a drawn card. */
  images: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `studybot cannot start, the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Parses the environment once. The only place in the code base that reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    problems.push('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set without SLACK_BOT_TOKEN');
  }
  if (!e.DISCORD_TOKEN && (e.DISCORD_PUBLIC_KEY || e.DISCORD_GATEWAY)) {
    problems.push('DISCORD_PUBLIC_KEY or DISCORD_GATEWAY is set without DISCORD_TOKEN (the bot token is needed for either mode)');
  }
  if (e.DISCORD_TOKEN && e.DISCORD_GATEWAY === 'off' && !e.DISCORD_PUBLIC_KEY) {
    problems.push('DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY: without the gateway, interactions can only arrive over HTTP');
  }
  if (e.TEST_CLOCK === 'on' && e.NODE_ENV === 'production') problems.push('TEST_CLOCK=on is for tests and cannot be used with NODE_ENV=production');
  const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--console');
  if (unknownFlags.length) problems.push(`unknown option ${unknownFlags.join(', ')} (the only option is --console)`);
  if (problems.length) throw new ConfigError(problems);

  const discord = e.DISCORD_TOKEN
    ? {
        token: e.DISCORD_TOKEN,
        apiUrl: e.DISCORD_API_URL,
        guildId: e.DISCORD_GUILD_ID,
        publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase(),
        // With an interactions endpoint the websocket adds nothing but a leader: off unless asked for.
        gateway: (e.DISCORD_GATEWAY ?? (e.DISCORD_PUBLIC_KEY ? 'off' : 'on')) === 'on',
      }
    : undefined;
  const slack = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        adminUserIds: (e.SLACK_ADMIN_USER_IDS ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      }
    : undefined;
  const consoleMode = argv.includes('--console') || (!discord && !slack);
  const databasePassword = e.DATABASE_URL ? new URL(e.DATABASE_URL).password : '';
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR, 'pglite'), template: e.STUDYBOT_PGLITE_TEMPLATE === 'on' },
    dataDir: path.resolve(e.DATA_DIR),
    contentDir: path.resolve(e.CONTENT_DIR ?? DEFAULT_CONTENT_DIR),
    // The console is a conversation on stdout: only problems are worth interrupting it for.
    logLevel: e.LOG_LEVEL ?? (consoleMode ? 'warn' : 'info'),
    console: consoleMode,
    port: e.PORT,
    quizTickSeconds: e.QUIZ_TICK_SECONDS,
    discord,
    slack,
    testClock: e.TEST_CLOCK === 'on',
    images: e.IMAGES === 'on',
    rateLimit: { ...DEFAULT_RATE_LIMIT, burst: e.RATE_LIMIT_BURST, perSecond: e.RATE_LIMIT_PER_MINUTE / 60 },
    secrets: [e.DISCORD_TOKEN, e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, databasePassword].filter((s): s is string => Boolean(s)),
  };
}
