import type { CommandDefinition } from '../../core/command.js';

/**
 * The Slack app manifest, generated from the command definitions so it can
 * never drift from what the bot serves. Only the scopes the bot uses:
 * commands (slash commands), chat:write (quiz posts), users:read (is this
 * member an admin?), channels:read and groups:read (is the bot in the quiz channel?),
 * channels:history and groups:history (before a quiz message whose first attempt
 * timed out is sent again, has it arrived after all?).
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'users:read',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  // The reveal's chart is uploaded into its thread (files.uploadV2).
  'files:write',
] as const;

/** Where Bolt's HTTP receiver listens: slash commands, interactivity and events all arrive here. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface ManifestOptions {
  /**
   * HTTP mode: Slack delivers to this URL (from `slackEventsUrl`) instead of Socket Mode. Without it
   * the manifest is for Socket Mode, which needs no public URL.
   */
  eventsUrl?: string;
}

/**
 * The arguments of the first usage example that has any (`/lesson 17.3` → `17.3`), or undefined when
 * the command takes none: Slack's schema requires a hint of at least one character, or no hint.
 */
function usageHint(def: CommandDefinition): string | undefined {
  const args = def.usage.map((example) => example.replace(/^\/\S+\s*/, '').trim()).find((rest) => rest.length > 0);
  return args?.slice(0, 1000);
}

/**
 * The events URL for `npm run slack:manifest -- --http <host>`. Slack only delivers to public https
 * URLs, and Bolt serves /slack/events at the root, so only an https origin is accepted.
 */
export function slackEventsUrl(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new Error(`--http needs your bot's public https address, like https://studybot.example.com (got "${host}")`);
  }
  if (url.protocol !== 'https:') throw new Error(`--http needs an https address: Slack only delivers to https (got "${host}")`);
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`--http takes the address only, like https://studybot.example.com: the bot serves ${SLACK_EVENTS_PATH} itself (got "${host}")`);
  }
  return `${url.origin}${SLACK_EVENTS_PATH}`;
}

function slashCommand(command: string, description: string, hint: string | undefined, eventsUrl: string | undefined) {
  return {
    command,
    ...(eventsUrl === undefined ? {} : { url: eventsUrl }),
    description,
    ...(hint === undefined ? {} : { usage_hint: hint }),
    should_escape: false,
  };
}

export function slackManifest(commands: readonly CommandDefinition[], options: ManifestOptions = {}) {
  const { eventsUrl } = options;
  const slash = [
    ...commands.map((def) => slashCommand(`/${def.name}`, def.description, usageHint(def), eventsUrl)),
    slashCommand('/studybot', 'Run any studybot command: /studybot lesson 17.3', 'lesson 17.3', eventsUrl),
  ];
  const requestUrl = eventsUrl === undefined ? {} : { request_url: eventsUrl };
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
      event_subscriptions: { ...requestUrl, bot_events: ['app_home_opened'] },
      interactivity: { is_enabled: true, ...requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: eventsUrl === undefined,
      token_rotation_enabled: false,
    },
  };
}
