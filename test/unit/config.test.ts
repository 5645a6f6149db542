import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_CONTENT_DIR } from '../../src/paths.js';

const problems = (env: NodeJS.ProcessEnv, argv: string[] = []): string[] => {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('GIVEN no environment THEN the console runs on embedded Postgres in ./.data', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({
      console: true,
      database: { kind: 'pglite', dataDir: path.resolve('.data', 'pglite'), template: true },
      dataDir: path.resolve('.data'),
      contentDir: DEFAULT_CONTENT_DIR,
      logLevel: 'warn',
      port: 8080,
    });
    expect(config.discord).toBeUndefined();
  });

  it('GIVEN DATABASE_URL THEN the server is used and its password is treated as a secret', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cret@db.internal:5432/studybot' }, []);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://bot:s3cret@db.internal:5432/studybot' });
    expect(config.secrets).toContain('s3cret');
  });

  it('GIVEN a platform token THEN it runs as a service unless --console is passed', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def' }, []).console).toBe(false);
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def' }, ['--console']).console).toBe(true);
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def' }, []).logLevel).toBe('info');
  });

  it('GIVEN bad values THEN it reports one clear message per problem', () => {
    expect(problems({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PORT: 'eighty', SLACK_BOT_TOKEN: 'nope', DISCORD_GUILD_ID: 'abc' })).toEqual([
      'DATABASE_URL: must start with postgres:// or postgresql://',
      expect.stringContaining('LOG_LEVEL'),
      'DISCORD_GUILD_ID: must be a Discord server id (digits)',
      'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-',
      expect.stringContaining('PORT'),
    ]);
  });

  it('GIVEN Slack without a way to connect THEN it says what to add', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)',
    ]);
  });

  it('GIVEN DISCORD_PUBLIC_KEY THEN interactions come over HTTP and the gateway is off unless asked for', () => {
    const key = 'AB'.repeat(32);
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def' }, []).discord).toMatchObject({ publicKey: undefined, gateway: true });
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def', DISCORD_PUBLIC_KEY: key }, []).discord).toMatchObject({ publicKey: 'ab'.repeat(32), gateway: false });
    expect(loadConfig({ DISCORD_TOKEN: 'abc.def', DISCORD_PUBLIC_KEY: key, DISCORD_GATEWAY: 'on' }, []).discord).toMatchObject({ gateway: true });
  });

  it('GIVEN a Discord mode that cannot receive interactions THEN it says what is missing', () => {
    expect(problems({ DISCORD_TOKEN: 'abc.def', DISCORD_PUBLIC_KEY: 'not-a-key' })).toEqual([
      "DISCORD_PUBLIC_KEY: must be the application's public key: 64 hex digits (Developer Portal → General Information)",
    ]);
    expect(problems({ DISCORD_TOKEN: 'abc.def', DISCORD_GATEWAY: 'off' })).toEqual([
      'DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY: without the gateway, interactions can only arrive over HTTP',
    ]);
    expect(problems({ DISCORD_PUBLIC_KEY: 'ab'.repeat(32) })).toEqual([
      'DISCORD_PUBLIC_KEY or DISCORD_GATEWAY is set without DISCORD_TOKEN (the bot token is needed for either mode)',
    ]);
  });

  it('GIVEN IMAGES THEN cards are drawn unless it is off, and another value is refused', () => {
    expect(loadConfig({}, []).images).toBe(true);
    expect(loadConfig({ IMAGES: 'off' }, []).images).toBe(false);
    expect(problems({ IMAGES: 'no' })).toEqual(['IMAGES: Invalid option: expected one of "on"|"off"']);
  });

  it('GIVEN an unknown flag THEN it names it', () => {
    expect(problems({}, ['--consol'])).toEqual(['unknown option --consol (the only option is --console)']);
  });
});
