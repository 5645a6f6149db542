/**
 * Discord's own OpenAPI spec (discord/discord-api-spec, vendored in test/fixtures/specs) as the fake's
 * body validation: every request body is checked against the schema of its route and method, so a
 * body Discord would refuse fails in every test, not in a server.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readSpec } from '../../support/specs.js';
import { problemsOf } from './openapi-errors.js';
import { NUMERIC_STRING, adaptSpec, numericStringWithin, type Bounds } from './openapi-quirks.js';
import type { RouteReply } from './api.js';
import { invalidFormBody, type Problem } from './validate.js';

type Schema = Record<string, unknown>;

interface SpecRoute {
  template: string;
  pattern: RegExp;
  /** One character per segment, '0' literal and '1' parameter: the smallest string is the most specific. */
  specificity: string;
}

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const UINT64_MAX = 2n ** 64n - 1n;
/** The key the spec document is registered under; refs into it are `discord#/…`. */
const SPEC_ID = 'discord';

function createAjv(): Ajv2020 {
  // strict: false because the document carries OpenAPI fields (`openapi`, `paths`, `x-discord-union`) beside its schemas.
  // verbose: errors carry the offending value, which Discord quotes in its messages.
  const ajv = new Ajv2020({ strict: false, allErrors: false, verbose: true });
  addFormats.default(ajv, ['uri', 'date-time', 'int32', 'double']);
  // Discord's own formats: ids are unsigned 64-bit integers in decimal, nonces are at most 25 characters.
  ajv.addFormat('snowflake', { type: 'string', validate: (s: string) => DECIMAL.test(s) && BigInt(s) <= UINT64_MAX });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('nonce', { type: 'string', validate: (s: string) => s.length <= 25 });
  ajv.addKeyword({
    keyword: NUMERIC_STRING,
    type: 'string',
    schemaType: 'object',
    validate: (bounds: Bounds, data: string) => numericStringWithin(data, bounds),
  });
  return ajv;
}

function routeOf(template: string): SpecRoute {
  const segments = template.split('/').slice(1);
  const isParameter = (segment: string) => segment.startsWith('{');
  const source = segments.map((s) => (isParameter(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/');
  return { template, pattern: new RegExp(`^/${source}$`), specificity: segments.map((s) => (isParameter(s) ? '1' : '0')).join('') };
}

export class DiscordSpec {
  readonly #ajv = createAjv();
  readonly #paths: Record<string, Schema>;
  readonly #routes: SpecRoute[];
  readonly #compiled = new Map<string, ValidateFunction | undefined>();

  constructor(spec: Schema) {
    this.#ajv.addSchema(spec, SPEC_ID);
    this.#paths = (isObject(spec['paths']) ? spec['paths'] : {}) as Record<string, Schema>;
    this.#routes = Object.keys(this.#paths).map(routeOf);
  }

  /** The spec's template for a path after `/api/v10`; `…/messages/@original` beats `…/messages/{message_id}`. */
  template(path: string): string | undefined {
    const matching = this.#routes.filter((r) => r.pattern.test(path));
    matching.sort((a, b) => (a.specificity < b.specificity ? -1 : a.specificity > b.specificity ? 1 : 0));
    return matching[0]?.template;
  }

  /**
   * What Discord would say about `body` sent to `method path` (after `/api/v10`): [] when the spec
   * accepts it or has no JSON body for that route. A multipart body's `payload_json` is the JSON body.
   */
  bodyProblems(method: string, path: string, body: unknown): Problem[] {
    const template = this.template(path);
    if (template === undefined || body === undefined) return [];
    const validate = this.#validator(template, method.toLowerCase());
    if (validate === undefined || validate(body)) return [];
    return problemsOf(validate.errors ?? []);
  }

  /** Compiled on first use and kept: compiling all 150 routes of the spec up front would slow every test file. */
  #validator(template: string, method: string): ValidateFunction | undefined {
    const key = `${method} ${template}`;
    if (!this.#compiled.has(key)) {
      const operation = this.#paths[template]?.[method];
      const requestBody = isObject(operation) ? operation['requestBody'] : undefined;
      const content = isObject(requestBody) ? requestBody['content'] : undefined;
      const hasJson = isObject(content) && isObject(content['application/json']);
      const pointer = ['paths', template, method, 'requestBody', 'content', 'application/json', 'schema']
        .map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')))
        .join('/');
      this.#compiled.set(key, hasJson ? this.#ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` }) : undefined);
    }
    return this.#compiled.get(key);
  }
}

let shared: DiscordSpec | undefined;

/** One spec per process: every fake in a test file shares it and the routes it compiled. */
export function discordSpec(): DiscordSpec {
  shared ??= new DiscordSpec(adaptSpec(readSpec('discord-openapi.json')));
  return shared;
}

/** The fake's hook: Discord's 400 for a body its spec rejects, before any route looks at it. */
export function rejectedBySpec(method: string, path: string, body: unknown): RouteReply | undefined {
  const problems = discordSpec().bodyProblems(method, path, body);
  return problems.length === 0 ? undefined : invalidFormBody(problems);
}
