/**
 * Floor: the smallest discord.js bot that answers every slash command and
 * button with one fixed embed, and autocomplete with fixed choices. Whatever
 * it costs is discord.js plus the transport; the real bot is measured against it.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

const EMBED = {
  title: '17.3 · ECS: task definitions, services, Fargate vs EC2',
  description: 'A fixed answer: the cost of discord.js and the transport, with no work behind it.',
  fields: [{ name: 'What you should remember', value: 'Nothing: this is the floor.' }],
};

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL! } });
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isAutocomplete()) void interaction.respond([{ name: '17.3 · ECS', value: '17.3' }]);
  else if (interaction.isRepliable()) void interaction.reply({ embeds: [EMBED], flags: MessageFlags.Ephemeral });
});
client.once(Events.ClientReady, () => console.log('floor ready'));
await client.login(process.env.DISCORD_TOKEN!);
