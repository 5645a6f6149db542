import type { OptionDefinition, OptionValue } from './command.js';
import { badInput } from './errors.js';
import { quoteUserText } from './sanitize.js';

/**
 * Turns raw option values (typed from Discord, strings from the console and
 * Slack) into validated values. Every rejection is a friendly UserError.
 */
export function coerceOptions(definitions: readonly OptionDefinition[], raw: Readonly<Record<string, unknown>>, usage: string): Record<string, OptionValue> {
  const known = new Map(definitions.map((d) => [d.name, d]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) throw badInput(`I don't know the option \`${quoteUserText(name, 32)}\`. Usage: \`${usage}\``);
  }
  const values: Record<string, OptionValue> = {};
  for (const def of definitions) {
    const value = raw[def.name];
    if (value === undefined || value === null || value === '') {
      if (def.required) throw badInput(`\`${def.name}\` is required. Usage: \`${usage}\``);
      continue;
    }
    values[def.name] = coerceOne(def, value, usage);
  }
  return values;
}

function coerceOne(def: OptionDefinition, value: unknown, usage: string): OptionValue {
  const shown = quoteUserText(String(value), 40);
  let result: OptionValue;
  switch (def.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : /^-?\d{1,15}$/.test(String(value).trim()) ? Number(String(value).trim()) : NaN;
      if (!Number.isSafeInteger(n)) throw badInput(`\`${def.name}\` must be a whole number, not "${shown}". Usage: \`${usage}\``);
      if (def.min !== undefined && n < def.min) throw badInput(`\`${def.name}\` must be at least ${def.min}.`);
      if (def.max !== undefined && n > def.max) throw badInput(`\`${def.name}\` must be at most ${def.max}.`);
      result = n;
      break;
    }
    case 'boolean': {
      if (typeof value === 'boolean') result = value;
      else {
        const text = String(value).trim().toLowerCase();
        if (['true', 'yes', 'on', '1'].includes(text)) result = true;
        else if (['false', 'no', 'off', '0'].includes(text)) result = false;
        else throw badInput(`\`${def.name}\` must be true or false, not "${shown}".`);
      }
      break;
    }
    default: {
      const text = String(value).trim();
      if (def.maxLength !== undefined && [...text].length > def.maxLength) {
        throw badInput(`\`${def.name}\` can be at most ${def.maxLength} characters.`);
      }
      result = text;
    }
  }
  if (def.choices && !def.choices.some((c) => c.value === result)) {
    throw badInput(`\`${def.name}\` must be one of: ${def.choices.map((c) => `\`${c.value}\``).join(', ')}.`);
  }
  return result;
}
