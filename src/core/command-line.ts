import type { CommandDefinition, OptionDefinition } from './command.js';
import { badInput } from './errors.js';

export interface ParsedCommandLine {
  name: string;
  subcommand?: string;
  options: Record<string, string>;
}

/**
 * Parses typed slash commands (console, Slack) into a command name and raw
 * option values: `/lesson 17.3`, `/lesson topic:fargate`, `/team create "Night Owls"`.
 * Positional values fill options in declared order; the last string option
 * takes the rest of the line, so `/lesson state locking` needs no quotes.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(\S+?:)?"((?:[^"\\]|\\.)*)"|(\S+?:)?'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[2] !== undefined) tokens.push((match[1] ?? '') + match[2].replace(/\\(.)/g, '$1'));
    else if (match[4] !== undefined) tokens.push((match[3] ?? '') + match[4]);
    else tokens.push(match[5]!);
  }
  return tokens;
}

export function splitCommandName(line: string): { name: string; rest: string } | undefined {
  const match = /^\/([a-z0-9-]{1,32})(?:\s+([\s\S]*))?$/i.exec(line.trim());
  return match ? { name: match[1]!.toLowerCase(), rest: match[2] ?? '' } : undefined;
}

/** Slack and console mention syntaxes resolve to the bare id. */
function unwrapMention(option: OptionDefinition, value: string): string {
  if (option.type === 'channel') return /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(value)?.[1] ?? value.replace(/^#/, '');
  if (option.type === 'user') return /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(value)?.[1] ?? value.replace(/^@/, '');
  return value;
}

function looksLike(option: OptionDefinition, value: string): boolean {
  switch (option.type) {
    case 'boolean':
      return /^(true|false|yes|no|on|off)$/i.test(value);
    case 'integer':
      return /^-?\d+$/.test(value);
    case 'channel':
      return /^(<#|#)/.test(value);
    case 'user':
      return /^(<@|@)/.test(value);
    default:
      return true;
  }
}

export function parseArguments(def: CommandDefinition, rest: string, usage: string): Omit<ParsedCommandLine, 'name'> {
  let tokens = tokenize(rest);
  let options = def.options ?? [];
  let subcommand: string | undefined;
  if (def.subcommands?.length) {
    const wanted = tokens[0]?.toLowerCase();
    const sub = def.subcommands.find((s) => s.name === wanted);
    if (!sub) {
      throw badInput(`\`/${def.name}\` needs one of: ${def.subcommands.map((s) => `\`${s.name}\``).join(', ')}. Usage: \`${usage}\``);
    }
    subcommand = sub.name;
    options = sub.options ?? [];
    tokens = tokens.slice(1);
  }
  const byName = new Map(options.map((o) => [o.name, o]));
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    const named = /^([a-z0-9-]{1,32}):([\s\S]*)$/.exec(token);
    const option = named && byName.get(named[1]!);
    if (named && option) values[option.name] = unwrapMention(option, named[2]!);
    else positional.push(token);
  }
  // Positional values fill the remaining options in declared order. The last
  // string option is greedy, so `/lesson state locking` needs no quotes; options
  // after it take trailing values only when those look like their type
  // (`/lesson fargate true` shares, `/lesson state locking` does not).
  // A value that is one of an option's declared choices belongs to that option,
  // wherever it stands: `/leaderboard teams` and `/leaderboard month teams` both work.
  for (const option of options) {
    if (values[option.name] !== undefined || !option.choices) continue;
    const index = positional.findIndex((token) => option.choices!.some((c) => String(c.value).toLowerCase() === token.toLowerCase()));
    if (index !== -1) values[option.name] = positional.splice(index, 1)[0]!.toLowerCase();
  }
  const free = options.filter((o) => values[o.name] === undefined);
  const greedyIndex = free.findLastIndex((o) => o.type === 'string');
  const before = greedyIndex === -1 ? free : free.slice(0, greedyIndex);
  for (const option of before) {
    if (positional.length === 0) break;
    values[option.name] = unwrapMention(option, positional.shift()!);
  }
  if (greedyIndex !== -1) {
    const after = free.slice(greedyIndex + 1);
    for (const option of after.reverse()) {
      const last = positional.at(-1);
      if (positional.length > 1 && last !== undefined && looksLike(option, last)) values[option.name] = unwrapMention(option, positional.pop()!);
    }
    if (positional.length) values[free[greedyIndex]!.name] = positional.splice(0).join(' ');
  }
  if (positional.length) throw badInput(`Too many values. Usage: \`${usage}\``);
  return { subcommand, options: values };
}
