import { execFileSync } from 'node:child_process';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/command-loader.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

interface Manifest {
  display_information: { name: string; description: string };
  features: { app_home: { home_tab_enabled: boolean }; bot_user: { display_name: string }; slash_commands: Array<{ command: string; description: string; usage_hint: string; should_escape: boolean }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

describe('npm run slack:manifest', () => {
  it('prints a manifest in the form Slack imports: every command with a usage hint, minimal scopes, App Home, Socket Mode', async () => {
    const yaml = execFileSync(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'src/platforms/slack/manifest-cli.ts')], { cwd: PACKAGE_ROOT }).toString();
    const manifest = jsyaml.load(yaml) as Manifest;
    const commands = (await loadCommands()).list().map((c) => `/${c.name}`);
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...commands, '/studybot'].sort());
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9-]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['channels:read', 'chat:write', 'commands', 'groups:read', 'users:read']);
    expect(manifest).toMatchObject({
      display_information: { name: 'studybot' },
      features: { app_home: { home_tab_enabled: true }, bot_user: { display_name: 'studybot' } },
      settings: { event_subscriptions: { bot_events: ['app_home_opened'] }, interactivity: { is_enabled: true }, socket_mode_enabled: true },
    });
  });
});
