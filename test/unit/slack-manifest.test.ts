import { spawnSync } from 'node:child_process';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/command-loader.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { slackEventsUrl, slackManifest } from '../../src/platforms/slack/manifest.js';
import { slackManifestValidator, type ManifestValidator } from '../support/slack-manifest-schema.js';

type SlashCommand = { command: string; description: string; usage_hint?: string; url?: string; should_escape: boolean };
interface Manifest {
  features: { slash_commands: SlashCommand[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url?: string }; interactivity: { request_url?: string }; socket_mode_enabled: boolean };
}

const CLI = path.join(PACKAGE_ROOT, 'src/platforms/slack/manifest-cli.ts');

/** `npm run slack:manifest -- <args>`, as a user runs it. */
function runCli(args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
}

function printedManifest(args: string[] = []): Manifest {
  const run = runCli(args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return jsyaml.load(run.stdout) as Manifest;
}

let validate: ManifestValidator;
let commandNames: string[];
beforeAll(async () => {
  validate = slackManifestValidator();
  commandNames = (await loadCommands()).list().map((c) => `/${c.name}`);
});

describe('npm run slack:manifest (Socket Mode)', () => {
  it("GIVEN Slack's own manifest schema THEN the printed manifest is valid: what an admin pastes into Create New App → From a manifest", () => {
    const manifest = printedManifest();
    expect(validate(manifest)).toEqual([]);
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...commandNames, '/studybot'].sort());
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'channels:history',
      'channels:read',
      'chat:write',
      'commands',
      'files:write',
      'groups:history',
      'groups:read',
      'users:read',
    ]);
    expect(manifest).toMatchObject({
      display_information: { name: 'studybot' },
      features: { app_home: { home_tab_enabled: true }, bot_user: { display_name: 'studybot' } },
      settings: { event_subscriptions: { bot_events: ['app_home_opened'] }, interactivity: { is_enabled: true }, socket_mode_enabled: true },
    });
    expect(JSON.stringify(manifest)).not.toContain('request_url');
    expect(manifest.features.slash_commands.some((c) => 'url' in c)).toBe(false);
  });

  it('GIVEN commands with and without arguments THEN a hint is the first example with arguments, and absent (never empty) otherwise', () => {
    const hints = Object.fromEntries(printedManifest().features.slash_commands.map((c) => [c.command, c.usage_hint]));
    expect(hints['/lesson']).toBe('17.3');
    expect(hints['/help']).toBe('lesson');
    expect(hints['/studybot']).toBe('lesson 17.3');
    expect(hints['/review']).toBeUndefined();
    expect(Object.values(hints)).not.toContain('');
  });

  it('GIVEN the schema THEN it refuses what Slack refuses: an empty usage hint, a command without its slash', async () => {
    const manifest = slackManifest((await loadCommands()).list());
    const emptyHint = structuredClone(manifest);
    emptyHint.features.slash_commands[0] = { ...emptyHint.features.slash_commands[0]!, usage_hint: '' };
    expect(validate(emptyHint)).toContainEqual(expect.objectContaining({ instancePath: '/features/slash_commands/0/usage_hint', keyword: 'minLength' }));
    const noSlash = structuredClone(manifest);
    noSlash.features.slash_commands[1]!.command = 'lesson';
    expect(validate(noSlash)).toContainEqual(expect.objectContaining({ instancePath: '/features/slash_commands/1/command', keyword: 'pattern' }));
  });
});

describe('npm run slack:manifest -- --http https://your-host', () => {
  it('GIVEN a public https host THEN Socket Mode is off and every slash command, interactivity and events point at https://your-host/slack/events; the schema accepts it', () => {
    const manifest = printedManifest(['--http', 'https://studybot.example.com']);
    const events = 'https://studybot.example.com/slack/events';
    expect(validate(manifest)).toEqual([]);
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      interactivity: { is_enabled: true, request_url: events },
      event_subscriptions: { request_url: events, bot_events: ['app_home_opened'] },
    });
    expect(manifest.features.slash_commands).toHaveLength(commandNames.length + 1);
    for (const command of manifest.features.slash_commands) expect(command.url).toBe(events);
  });

  it('GIVEN a host Slack cannot deliver to THEN the CLI exits non-zero with a message saying what to pass, and prints no manifest', () => {
    const run = runCli(['--http', 'http://studybot.example.com']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--http needs an https address: Slack only delivers to https (got "http://studybot.example.com")');
    expect(run.stderr).toContain('Usage: npm run slack:manifest [-- --http https://your-host]');
  });

  it('GIVEN a malformed host, a path or a query THEN slackEventsUrl says what is wrong; a trailing slash or a port is fine', () => {
    expect(() => slackEventsUrl('studybot.example.com')).toThrow(
      /needs your bot's public https address, like https:\/\/studybot\.example\.com \(got "studybot\.example\.com"\)/,
    );
    expect(() => slackEventsUrl('https://')).toThrow(/public https address/);
    expect(() => slackEventsUrl('ftp://studybot.example.com')).toThrow(/needs an https address/);
    expect(() => slackEventsUrl('https://studybot.example.com/slack/events')).toThrow(/takes the address only.*the bot serves \/slack\/events itself/);
    expect(() => slackEventsUrl('https://studybot.example.com/?x=1')).toThrow(/takes the address only/);
    expect(slackEventsUrl('https://studybot.example.com/')).toBe('https://studybot.example.com/slack/events');
    expect(slackEventsUrl('https://studybot.example.com:8443')).toBe('https://studybot.example.com:8443/slack/events');
  });
});
