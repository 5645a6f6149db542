import type { REST } from '@discordjs/rest';
import { Routes, type APIApplication, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { sameCommands, type RegisteredCommand } from './discord.commands.js';

export interface CommandScope {
  applicationId: string;
  /** Register to this server only (instant updates while developing); globally otherwise. */
  guildId?: string;
}

/** The application the bot token belongs to: its id names the command and webhook routes. */
export async function fetchApplicationId(rest: REST): Promise<string> {
  return ((await rest.get(Routes.currentApplication())) as APIApplication).id;
}

/**
 * Overwrites the registered commands only when they differ from the
 * definitions (or when forced): Discord allows 200 command creates per day
 * per server, and every replica runs this at start.
 */
export async function syncCommands(
  rest: REST,
  scope: CommandScope,
  wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  force = false,
): Promise<'updated' | 'unchanged'> {
  const route = scope.guildId ? Routes.applicationGuildCommands(scope.applicationId, scope.guildId) : Routes.applicationCommands(scope.applicationId);
  if (!force && sameCommands((await rest.get(route)) as RegisteredCommand[], wanted)) return 'unchanged';
  await rest.put(route, { body: wanted });
  return 'updated';
}
