import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandDefinition, OptionDefinition, OptionType } from '../../core/command.js';

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;
type OptionJson = NonNullable<CommandJson['options']>[number];

const OPTION_TYPES: Record<OptionType, ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
};

function option(o: OptionDefinition): OptionJson {
  const json: Record<string, unknown> = {
    type: OPTION_TYPES[o.type],
    name: o.name,
    description: o.description,
    required: o.required ?? false,
  };
  if (o.choices) json.choices = o.choices.map((c) => ({ name: c.name, value: c.value }));
  if (o.autocomplete) json.autocomplete = true;
  if (o.maxLength !== undefined) json.max_length = o.maxLength;
  if (o.min !== undefined) json.min_value = o.min;
  if (o.max !== undefined) json.max_value = o.max;
  return json as unknown as OptionJson;
}

/**
 * A platform-neutral definition as a Discord slash command. Admin commands
 * default to Manage Server and are not offered in DMs; the bot checks again at
 * run time, because server admins can change who sees a command.
 */
export function toDiscordCommand(def: CommandDefinition): CommandJson {
  const options: OptionJson[] = def.subcommands?.length
    ? def.subcommands.map(
        (sub) =>
          ({
            type: ApplicationCommandOptionType.Subcommand,
            name: sub.name,
            description: sub.description,
            options: (sub.options ?? []).map(option),
          }) as unknown as OptionJson,
      )
    : (def.options ?? []).map(option);
  return {
    name: def.name,
    description: def.description,
    options,
    default_member_permissions: def.adminOnly ? PermissionFlagsBits.ManageGuild.toString() : null,
    contexts: [InteractionContextType.Guild],
  };
}

/** The fields we set, in a stable form, so registered and wanted commands compare by value. */
function canonical(command: Record<string, unknown>): unknown {
  const pick = (o: Record<string, unknown>): Record<string, unknown> => ({
    type: o.type ?? 1,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: o.choices ?? [],
    max_length: o.max_length ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    options: ((o.options as Record<string, unknown>[] | undefined) ?? []).map(pick),
  });
  return {
    ...pick(command),
    default_member_permissions: command.default_member_permissions ?? null,
    contexts: command.contexts ?? null,
  };
}

/** True when Discord already has exactly these commands: then nothing is re-registered. */
export function sameCommands(registered: readonly Record<string, unknown>[], wanted: readonly CommandJson[]): boolean {
  const key = (list: readonly Record<string, unknown>[]) =>
    JSON.stringify(list.map(canonical).sort((a, b) => String((a as { name: string }).name).localeCompare(String((b as { name: string }).name))));
  return key(registered) === key(wanted as unknown as Record<string, unknown>[]);
}
