/** ajv's errors in Discord's words: the problems of a `50035 Invalid Form Body` (codes and messages best effort). */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { NUMERIC_STRING } from './openapi-quirks.js';
import type { Problem } from './validate.js';

interface Params {
  limit?: number;
  missingProperty?: string;
  allowedValues?: unknown[];
  allowedValue?: unknown;
  format?: string;
  type?: unknown;
}

/** `/embeds/0/title` → `embeds.0.title`, the path Discord's nested `errors` use. */
function dotted(instancePath: string, extra?: string): string {
  return [...instancePath.split('/').slice(1), ...(extra === undefined ? [] : [extra])].join('.');
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The JSON type a `type` error asked for, `null` left out (`["integer","null"]` → `integer`). */
function wanted(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return String(types.find((t) => t !== 'null') ?? types[0]);
}

function typeProblem(path: string, type: string, data: unknown): Problem {
  switch (type) {
    case 'integer':
    case 'number':
      return { path, code: 'NUMBER_TYPE_COERCE', message: `Value "${show(data)}" is not ${type === 'integer' ? 'int' : 'number'}.` };
    case 'string':
      return { path, code: 'BASE_TYPE_STRING', message: `Could not interpret "${show(data)}" as string.` };
    case 'boolean':
      return { path, code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.' };
    case 'array':
      return { path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' };
    default:
      return { path, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
  }
}

function toProblem(error: ErrorObject): Problem {
  const { keyword, instancePath, schemaPath, data } = error;
  const params = error.params as Params;
  const path = dotted(instancePath);
  switch (keyword) {
    case 'maxLength':
    case 'maxItems':
      return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${params.limit} or fewer in length.` };
    case 'minLength':
    case 'minItems':
      return { path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${params.limit} or more in length.` };
    case 'required':
      return { path: dotted(instancePath, params.missingProperty), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'enum':
    case 'const':
      return { path, code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${(params.allowedValues ?? [params.allowedValue]).map(show).join(', ')}}.` };
    case 'format':
    case 'pattern':
      return {
        path,
        code: 'NUMBER_TYPE_COERCE',
        message: `Value "${show(data)}" is not ${params.format ?? (schemaPath.includes('SnowflakeType') ? 'snowflake' : 'valid')}.`,
      };
    case 'type':
      return typeProblem(path, wanted(params.type), data);
    case NUMERIC_STRING:
      return typeProblem(path, 'integer', data);
    case 'maximum':
      return { path, code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${params.limit}.` };
    case 'minimum':
      return { path, code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${params.limit}.` };
    default:
      return { path, code: 'BASE_TYPE_INVALID', message: error.message ?? 'Invalid value.' };
  }
}

/** Keywords that only say "a part failed": the part's own error says what. */
const AGGREGATES = new Set(['oneOf', 'anyOf', 'allOf', 'if']);
const depth = (error: ErrorObject): number => error.instancePath.split('/').length + (error.keyword === 'required' ? 1 : 0);
const isChoice = (error: ErrorObject): boolean => error.keyword === 'enum' || error.keyword === 'const';

/** An enum written as `oneOf` of `const`s (button styles, locales) fails once per value: one error, every value. */
function mergeChoices(errors: ErrorObject[]): ErrorObject[] {
  const merged = new Map<string, ErrorObject>();
  const rest: ErrorObject[] = [];
  for (const error of errors) {
    if (!isChoice(error)) {
      rest.push(error);
      continue;
    }
    const params = error.params as Params;
    const before = (merged.get(error.instancePath)?.params as Params | undefined)?.allowedValues ?? [];
    const values = [...new Set([...before, ...(params.allowedValues ?? [params.allowedValue])])];
    merged.set(error.instancePath, { ...error, keyword: 'enum', params: { allowedValues: values } });
  }
  return [...rest, ...merged.values()];
}

/**
 * The errors that explain a failure. A `oneOf: [null, X]` that fails reports "must be null" beside
 * X's real error, which is deeper, so the deepest errors are the cause; and where one alternative
 * failed on its type and another on a limit (a 26-character nonce is no integer, and too long), the
 * limit is what the sender got wrong.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const leaves = errors.filter((e) => !AGGREGATES.has(e.keyword));
  if (leaves.length === 0) return errors;
  const deepest = Math.max(...leaves.map(depth));
  const causes = leaves.filter((e) => depth(e) === deepest);
  const beyondType = new Set(causes.filter((e) => e.keyword !== 'type').map((e) => e.instancePath));
  const notNull = causes.filter((e) => e.keyword !== 'type' || (!beyondType.has(e.instancePath) && (e.params as Params).type !== 'null'));
  return mergeChoices(notNull.length > 0 ? notNull : causes);
}

/** A numeric string that is no number fails both its integer and its string alternative: say it once. */
function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function problemsOf(errors: ErrorObject[]): Problem[] {
  return unique(relevant(errors).map(toProblem));
}
