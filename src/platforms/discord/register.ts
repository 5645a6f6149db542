/**
 * `npm run discord:register`: overwrites the slash commands on Discord with
 * the definitions in commands/, even when they look unchanged.
 */
import { REST } from '@discordjs/rest';
import { loadConfig } from '../../config.js';
import { loadCommands } from '../../core/command-loader.js';
import { fetchApplicationId, syncCommands } from './command-sync.js';
import { toDiscordCommand } from './discord.commands.js';

const config = loadConfig(undefined, []);
if (!config.discord) {
  process.stderr.write('Set DISCORD_TOKEN (and optionally DISCORD_GUILD_ID) to register the commands.\n');
  process.exit(2);
}
const { token, apiUrl, guildId } = config.discord;
const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
const commands = (await loadCommands()).list().map(toDiscordCommand);
await syncCommands(rest, { applicationId: await fetchApplicationId(rest), guildId }, commands, true);
process.stdout.write(`Registered ${commands.length} commands ${guildId ? `in server ${guildId}` : 'globally (may take up to an hour to appear)'}.\n`);
