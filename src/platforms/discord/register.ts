/**
 * `npm run discord:register`: overwrites the slash commands on Discord with
 * the definitions in commands/, even when they look unchanged.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { loadConfig } from '../../config.js';
import { loadCommands } from '../../core/command-loader.js';
import { toDiscordCommand } from './discord.commands.js';

const config = loadConfig(undefined, []);
if (!config.discord) {
  process.stderr.write('Set DISCORD_TOKEN (and optionally DISCORD_GUILD_ID) to register the commands.\n');
  process.exit(2);
}
const { token, apiUrl, guildId } = config.discord;
const client = new Client({ intents: [GatewayIntentBits.Guilds], ...(apiUrl ? { rest: { api: apiUrl } } : {}) });
const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
await client.login(token);
await ready;
const commands = (await loadCommands()).list().map(toDiscordCommand);
await (guildId ? client.application!.commands.set(commands, guildId) : client.application!.commands.set(commands));
process.stdout.write(`Registered ${commands.length} commands ${guildId ? `in server ${guildId}` : 'globally (may take up to an hour to appear)'}.\n`);
await client.destroy();
