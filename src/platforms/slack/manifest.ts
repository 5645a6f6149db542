import type { CommandDefinition } from '../../core/command.js';

/**
 * The Slack app manifest, generated from the command definitions so it can
 * never drift from what the bot serves. Only the scopes the bot uses:
 * commands (slash commands), chat:write (quiz posts), users:read (is this
 * member an admin?), channels:read and groups:read (is the bot in the quiz channel?).
 */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'users:read', 'channels:read', 'groups:read'] as const;

function usageHint(def: CommandDefinition): string {
  const example = def.usage[0] ?? `/${def.name}`;
  return example.replace(/^\/\S+\s*/, '').slice(0, 1000);
}

export function slackManifest(commands: readonly CommandDefinition[]) {
  const slash = [
    ...commands.map((def) => ({ command: `/${def.name}`, description: def.description, usage_hint: usageHint(def), should_escape: false })),
    { command: '/studybot', description: 'Run any studybot command: /studybot lesson 17.3', usage_hint: 'lesson 17.3', should_escape: false },
  ];
  return {
    display_information: {
      name: 'studybot',
      description: 'Lessons, a daily quiz, streaks and leaderboards for "Cloud, AWS & Terraform — From Zero to Expert"',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'studybot', always_online: true },
      slash_commands: slash,
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { bot_events: ['app_home_opened'] },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}
