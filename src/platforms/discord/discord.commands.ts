import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { CommandDefinition, OptionChoice, OptionDefinition } from '../../core/command.js';

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The definitions type a choice as `string | number`; Discord wants the option's own type. A
 * mismatch is a programming error in commands/, so it fails at start-up rather than at Discord.
 */
function choicesOf<T extends 'string' | 'number'>(
  o: OptionDefinition,
  kind: T,
): { choices?: Array<APIApplicationCommandOptionChoice<T extends 'string' ? string : number>> } {
  if (!o.choices) return {};
  const typed = o.choices.filter((c): c is OptionChoice & { value: T extends 'string' ? string : number } => typeof c.value === kind);
  if (typed.length !== o.choices.length) throw new Error(`option ${o.name}: every choice of a ${o.type} option must be a ${kind}`);
  return { choices: typed.map((c) => ({ name: c.name, value: c.value })) };
}

function option(o: OptionDefinition): APIApplicationCommandBasicOption {
  const base = { name: o.name, description: o.description, required: o.required ?? false };
  switch (o.type) {
    case 'string': {
      const limits = o.maxLength !== undefined ? { max_length: o.maxLength } : {};
      return o.autocomplete
        ? { type: ApplicationCommandOptionType.String, ...base, autocomplete: true, ...limits }
        : { type: ApplicationCommandOptionType.String, ...base, ...choicesOf(o, 'string'), ...limits };
    }
    case 'integer': {
      const limits = { ...(o.min !== undefined ? { min_value: o.min } : {}), ...(o.max !== undefined ? { max_value: o.max } : {}) };
      return o.autocomplete
        ? { type: ApplicationCommandOptionType.Integer, ...base, autocomplete: true, ...limits }
        : { type: ApplicationCommandOptionType.Integer, ...base, ...choicesOf(o, 'number'), ...limits };
    }
    case 'boolean':
      return { type: ApplicationCommandOptionType.Boolean, ...base };
    case 'user':
      return { type: ApplicationCommandOptionType.User, ...base };
    case 'channel':
      return { type: ApplicationCommandOptionType.Channel, ...base };
  }
}

/**
 * A platform-neutral definition as a Discord slash command. Admin commands
 * default to Manage Server and are not offered in DMs; the bot checks again at
 * run time, because server admins can change who sees a command.
 */
export function toDiscordCommand(def: CommandDefinition): CommandJson {
  const options = def.subcommands?.length
    ? def.subcommands.map(
        (sub): APIApplicationCommandSubcommandOption => ({
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          description: sub.description,
          options: (sub.options ?? []).map(option),
        }),
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

/** An option as Discord's API spells it, reduced to the fields studybot sets. */
export interface RegisteredOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: ReadonlyArray<{ name: string; value: string | number }>;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: readonly RegisteredOption[];
}

/**
 * A command as Discord's API spells it, reduced to the fields studybot sets:
 * both what Discord returns over REST (with ids, versions and defaults
 * besides) and what `toDiscordCommand` makes fit this shape.
 */
export interface RegisteredCommand {
  type?: number;
  name: string;
  description: string;
  options?: readonly RegisteredOption[];
  default_member_permissions?: string | null;
  contexts?: readonly number[] | null;
}

/** Every field studybot sets, with Discord's defaults filled in, so registered and wanted commands compare by value. */
interface CanonicalOption {
  type: number;
  name: string;
  description: string;
  required: boolean;
  autocomplete: boolean;
  choices: Array<{ name: string; value: string | number }>;
  max_length: number | null;
  min_value: number | null;
  max_value: number | null;
  options: CanonicalOption[];
}

function canonicalOption(o: RegisteredOption): CanonicalOption {
  return {
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: (o.choices ?? []).map((c) => ({ name: c.name, value: c.value })),
    max_length: o.max_length ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    options: (o.options ?? []).map(canonicalOption),
  };
}

function canonicalCommand(command: RegisteredCommand) {
  return {
    type: command.type ?? 1,
    name: command.name,
    description: command.description,
    options: (command.options ?? []).map(canonicalOption),
    default_member_permissions: command.default_member_permissions ?? null,
    contexts: command.contexts ?? null,
  };
}

/** True when Discord already has exactly these commands: then nothing is re-registered. */
export function sameCommands(registered: readonly RegisteredCommand[], wanted: readonly RegisteredCommand[]): boolean {
  const key = (list: readonly RegisteredCommand[]) => JSON.stringify(list.map(canonicalCommand).sort((a, b) => a.name.localeCompare(b.name)));
  return key(registered) === key(wanted);
}
