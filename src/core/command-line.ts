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
  // One pass, in linear time whatever the input (a regular expression with a lazy
  // `name:` prefix took quadratic time on `a:'a:'a:'…`).
  const nextSingle = nextIndexOf(text, (i) => text[i] === "'");
  // A double quote closes unless a backslash escapes it (an odd run of backslashes before it).
  let run = 0;
  const closesDouble: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    closesDouble[i] = text[i] === '"' && run % 2 === 0;
    run = text[i] === '\\' ? run + 1 : 0;
  }
  const nextDouble = nextIndexOf(text, (i) => closesDouble[i] === true);
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let j = i;
    let quoted: { close: number; content: string } | undefined;
    while (j < text.length && !/\s/.test(text[j]!)) {
      const c = text[j];
      // A quote opens a value at the start of a token or right after `name:`, if it is closed later.
      if ((c === '"' || c === "'") && (j === start || text[j - 1] === ':')) {
        const close = (c === '"' ? nextDouble : nextSingle)[j + 1] ?? -1;
        if (close !== -1) {
          const raw = text.slice(j + 1, close);
          quoted = { close, content: c === '"' ? raw.replace(/\\(.)/g, '$1') : raw };
          break;
        }
      }
      j++;
    }
    if (quoted) {
      tokens.push(text.slice(start, j) + quoted.content);
      i = quoted.close + 1;
    } else {
      tokens.push(text.slice(start, j));
      i = j;
    }
  }
  return tokens;
}

/** For each index, the first index at or after it where `is` holds (-1: none); one backwards pass. */
function nextIndexOf(text: string, is: (i: number) => boolean): number[] {
  const next = new Array<number>(text.length + 1).fill(-1);
  for (let i = text.length - 1; i >= 0; i--) next[i] = is(i) ? i : next[i + 1]!;
  return next;
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
    const fallback = tokens.length === 0 ? def.subcommands.find((s) => s.default) : undefined;
    const sub = def.subcommands.find((s) => s.name === wanted) ?? fallback;
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
