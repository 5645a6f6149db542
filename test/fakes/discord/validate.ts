/**
 * Discord's rules that its OpenAPI spec cannot express (openapi.ts checks everything it can): sums
 * across fields, rules that depend on other fields or on the interaction, and limits where Discord
 * enforces less than the spec allows. Route handlers apply these after the spec check.
 */
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

/** Discord's `50035 Invalid Form Body` with errors nested by path (`embeds.0.title` → embeds → 0 → title; '' is the body itself). */
export function invalidFormBody(problems: Problem[]): ApiError {
  const errors: Json = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path.split('.').filter((k) => k !== '')) {
      const child = node[key];
      node = isObject(child) ? child : ((node[key] = {}) as Json);
    }
    const existing = list(node['_errors']);
    node['_errors'] = [...existing, { code: problem.code, message: problem.message }];
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

const IS_COMPONENTS_V2 = 1 << 15;

function textLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/** Characters Discord counts towards the 6,000 shared by all embeds of a message. */
function embedSize(embed: Json): number {
  const nested = (key: string, field: string) => (isObject(embed[key]) ? textLength(embed[key][field]) : 0);
  const fields = list(embed['fields']).reduce<number>((n, f) => n + (isObject(f) ? textLength(f['name']) + textLength(f['value']) : 0), 0);
  return textLength(embed['title']) + textLength(embed['description']) + nested('footer', 'text') + nested('author', 'name') + fields;
}

export function messageProblems(body: Json, prefix = ''): Problem[] {
  const out: Problem[] = [];
  // The spec allows 4,000 characters on channel messages (a Nitro user's limit); bots get 2,000.
  maxLength(out, `${prefix}content`, body['content'], 2000);
  const embedChars = list(body['embeds']).reduce<number>((n, embed) => n + (isObject(embed) ? embedSize(embed) : 0), 0);
  if (embedChars > 6000) out.push({ path: `${prefix}embeds`, code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  // The spec's 40 top-level components are for the components v2 layout; classic messages get 5 action rows.
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  if ((flags & IS_COMPONENTS_V2) === 0) maxItems(out, `${prefix}components`, body['components'], 5);
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

/** Names Discord accepts (the spec only knows 1–32 characters), required before optional, no choices with autocomplete. */
function optionProblems(options: unknown, at: string): Problem[] {
  const out: Problem[] = [];
  let sawOptional = false;
  list(options).forEach((option, i) => {
    if (!isObject(option)) return;
    const path = `${at}.${i}`;
    const name = option['name'];
    if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      out.push({ path: `${path}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    if (option['required'] === true && sawOptional) {
      out.push({
        path: `${path}.required`,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option['required'] !== true) sawOptional = true;
    if (option['autocomplete'] === true && list(option['choices']).length > 0) {
      out.push({ path: `${path}.autocomplete`, code: 'AUTOCOMPLETE_CHOICES_INVALID', message: 'Autocomplete cannot be set with choices' });
    }
    out.push(...optionProblems(option['options'], `${path}.options`));
  });
  return out;
}

/** The spec makes `choices` optional and allows 6,000-character values; Discord wants them, at most 100 characters. */
export function choiceProblems(data: unknown): Problem[] {
  const out: Problem[] = [];
  const choices = isObject(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) return [{ path: 'data.choices', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  choices.forEach((choice, i) => {
    if (isObject(choice)) maxLength(out, `data.choices.${i}.value`, choice['value'], 100);
  });
  return out;
}

/** Discord's docs: "between 1 and 5" components in a modal (the spec allows 40). */
const MODAL_COMPONENTS = 5;

/**
 * A modal (callback type 9) beyond its schema: a text input inside a Label has no label of its own ("cannot be
 * used in a label component"), one in a legacy action row needs one, custom_ids are unique, lengths are coherent.
 */
export function modalProblems(data: Json, prefix = 'data.'): Problem[] {
  const out: Problem[] = [];
  maxItems(out, `${prefix}components`, data['components'], MODAL_COMPONENTS);
  const ids = new Set<string>();
  const input = (component: unknown, path: string, inLabel: boolean): void => {
    if (!isObject(component) || component['type'] !== 4) return;
    if (inLabel && component['label'] !== undefined)
      out.push({ path: `${path}.label`, code: 'COMPONENT_LABEL_INVALID', message: 'A text input in a label component cannot have a label' });
    if (!inLabel && typeof component['label'] !== 'string') out.push({ path: `${path}.label`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    const id = component['custom_id'];
    if (typeof id === 'string') {
      if (ids.has(id)) out.push({ path: `${path}.custom_id`, code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
      ids.add(id);
    }
    const [min, max] = [component['min_length'], component['max_length']];
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      out.push({ path: `${path}.min_length`, code: 'BASE_TYPE_BAD_LENGTH', message: 'min_length must not exceed max_length' });
    if (typeof max === 'number') maxLength(out, `${path}.value`, component['value'], max);
  };
  list(data['components']).forEach((top, i) => {
    const path = `${prefix}components.${i}`;
    if (!isObject(top)) return;
    if (top['type'] === 18) input(top['component'], `${path}.component`, true);
    if (top['type'] === 1) list(top['components']).forEach((c, j) => input(c, `${path}.components.${j}`, false));
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
