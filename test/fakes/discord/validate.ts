/** The subset of Discord's request validation that catches real adapter mistakes (limits, empty messages). */
import type { Json } from './types.js';

export interface Problem {
  path: string;
  code: string;
  message: string;
}

export interface ApiError {
  status: number;
  body: Json;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function maxLength(out: Problem[], path: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function maxItems(out: Problem[], path: string, value: unknown, max: number): void {
  if (Array.isArray(value) && value.length > max) {
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

/** Discord's `50035 Invalid Form Body` with errors nested by path (`embeds.0.title` → embeds → 0 → title). */
export function invalidFormBody(problems: Problem[]): ApiError {
  const errors: Json = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path.split('.')) {
      const child = node[key];
      node = isObject(child) ? child : (node[key] = {}) as Json;
    }
    const existing = list(node['_errors']);
    node['_errors'] = [...existing, { code: problem.code, message: problem.message }];
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

export function messageProblems(body: Json, prefix = ''): Problem[] {
  const out: Problem[] = [];
  maxLength(out, `${prefix}content`, body['content'], 2000);
  maxItems(out, `${prefix}embeds`, body['embeds'], 10);
  let embedChars = 0;
  list(body['embeds']).forEach((embed, i) => {
    if (!isObject(embed)) return;
    const at = `${prefix}embeds.${i}`;
    maxLength(out, `${at}.title`, embed['title'], 256);
    maxLength(out, `${at}.description`, embed['description'], 4096);
    maxItems(out, `${at}.fields`, embed['fields'], 25);
    const footer = isObject(embed['footer']) ? embed['footer']['text'] : undefined;
    maxLength(out, `${at}.footer.text`, footer, 2048);
    embedChars += [embed['title'], embed['description'], footer].reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 0), 0);
    list(embed['fields']).forEach((field, j) => {
      if (!isObject(field)) return;
      maxLength(out, `${at}.fields.${j}.name`, field['name'], 256);
      maxLength(out, `${at}.fields.${j}.value`, field['value'], 1024);
      embedChars += String(field['name'] ?? '').length + String(field['value'] ?? '').length;
    });
  });
  if (embedChars > 6000) out.push({ path: `${prefix}embeds`, code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  maxItems(out, `${prefix}components`, body['components'], 5);
  list(body['components']).forEach((row, i) => {
    if (!isObject(row)) return;
    maxItems(out, `${prefix}components.${i}.components`, row['components'], 5);
    list(row['components']).forEach((component, j) => {
      if (!isObject(component)) return;
      const at = `${prefix}components.${i}.components.${j}`;
      maxLength(out, `${at}.custom_id`, component['custom_id'], 100);
      maxLength(out, `${at}.label`, component['label'], 80);
    });
  });
  return out;
}

export function isEmptyMessage(body: Json, fileCount: number): boolean {
  const content = body['content'];
  return (
    (typeof content !== 'string' || content.length === 0) &&
    list(body['embeds']).length === 0 &&
    list(body['components']).length === 0 &&
    list(body['sticker_ids']).length === 0 &&
    body['poll'] === undefined &&
    fileCount === 0
  );
}

export const EMPTY_MESSAGE: ApiError = { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export function commandProblems(command: unknown, at: string): Problem[] {
  const out: Problem[] = [];
  if (!isObject(command)) return [{ path: at, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }];
  const type = command['type'] ?? 1;
  const name = command['name'];
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
    out.push({ path: `${at}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
  if (type === 1) {
    const description = command['description'];
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
      out.push({ path: `${at}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
  }
  out.push(...optionProblems(command['options'], `${at}.options`));
  return out;
}

function optionProblems(options: unknown, at: string): Problem[] {
  const out: Problem[] = [];
  maxItems(out, at, options, 25);
  let sawOptional = false;
  list(options).forEach((option, i) => {
    if (!isObject(option)) return;
    const path = `${at}.${i}`;
    const name = option['name'];
    if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      out.push({ path: `${path}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    const description = option['description'];
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
      out.push({ path: `${path}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    if (option['required'] === true && sawOptional) {
      out.push({ path: `${path}.required`, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (option['required'] !== true) sawOptional = true;
    maxItems(out, `${path}.choices`, option['choices'], 25);
    if (option['autocomplete'] === true && list(option['choices']).length > 0) {
      out.push({ path: `${path}.autocomplete`, code: 'AUTOCOMPLETE_CHOICES_INVALID', message: 'Autocomplete cannot be set with choices' });
    }
    out.push(...optionProblems(option['options'], `${path}.options`));
  });
  return out;
}

export function choiceProblems(data: unknown): Problem[] {
  const out: Problem[] = [];
  const choices = isObject(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) return [{ path: 'data.choices', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  maxItems(out, 'data.choices', choices, 25);
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    const name = choice['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
      out.push({ path: `data.choices.${i}.name`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    maxLength(out, `data.choices.${i}.value`, choice['value'], 100);
  });
  return out;
}

/** Which callback types Discord accepts for each interaction type. */
export const ALLOWED_CALLBACKS: Record<number, number[]> = {
  1: [1],
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

export { isObject };
