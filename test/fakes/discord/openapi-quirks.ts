/**
 * Where Discord's OpenAPI spec and Discord's API part ways, or where the spec's shape gives useless
 * errors: adjustments made once, to a copy of the spec, before it is compiled.
 */
type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Custom ajv keyword: a decimal string whose value lies within `{ minimum, maximum }`. */
export const NUMERIC_STRING = 'x-studybot-numeric-string';

export interface Bounds {
  minimum?: number;
  maximum?: number;
}

export function numericStringWithin(value: string, bounds: Bounds): boolean {
  if (!/^(0|[1-9][0-9]*)$/.test(value)) return false;
  const n = BigInt(value);
  return (bounds.minimum === undefined || n >= BigInt(bounds.minimum)) && (bounds.maximum === undefined || n <= BigInt(bounds.maximum));
}

/**
 * The spec types these permission bit sets as integers, but Discord's docs and discord.js send them
 * as numeric strings (bit sets outgrow 2^53) and the API accepts both: allow a numeric string within
 * the same bounds beside the integer.
 */
const PERMISSION_FIELDS = new Set(['default_member_permissions', 'permissions', 'allow', 'deny']);

function allowPermissionStrings(node: Schema): void {
  const properties = node['properties'];
  if (!isObject(properties)) return;
  for (const [name, schema] of Object.entries(properties)) {
    if (!PERMISSION_FIELDS.has(name) || !isObject(schema)) continue;
    const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
    if (!types.includes('integer')) continue;
    const bounds: Bounds = {
      ...(typeof schema['minimum'] === 'number' ? { minimum: schema['minimum'] } : {}),
      ...(typeof schema['maximum'] === 'number' ? { maximum: schema['maximum'] } : {}),
    };
    properties[name] = { anyOf: [schema, { type: 'string', [NUMERIC_STRING]: bounds }] };
  }
}

/** The values of `type` a union branch requires (`{ type: { enum: [4, 5] } }`), if it requires one. */
function typeValues(branch: unknown): unknown[] | undefined {
  if (!isObject(branch) || !isObject(branch['properties'])) return undefined;
  const type = branch['properties']['type'];
  const required = Array.isArray(branch['required']) ? branch['required'] : [];
  if (!isObject(type) || !required.includes('type')) return undefined;
  if (Array.isArray(type['enum'])) return type['enum'];
  return 'const' in type ? [type['const']] : undefined;
}

/**
 * A union told apart by `type` (the callback's kinds, a component's kinds, an option's kinds) reports
 * every branch's errors when it fails: an 81-character button label comes with "type must be 8" from
 * each select menu. Rewritten as "type is one of these; if it is X, it must be an X", which accepts
 * the same bodies (the branches' types are disjoint) and reports only the branch the body meant.
 */
function discriminateUnions(node: Schema, resolve: (schema: unknown) => unknown): void {
  for (const key of ['oneOf', 'anyOf']) {
    const branches = node[key];
    if (!Array.isArray(branches) || branches.length < 2) continue;
    const values = branches.map((branch) => typeValues(resolve(branch)));
    if (values.some((v) => v === undefined)) continue;
    const all = values.flatMap((v) => v ?? []);
    if (new Set(all).size !== all.length) continue;
    delete node[key];
    const discriminated = {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: all } },
      allOf: branches.map((branch, i) => ({ if: { required: ['type'], properties: { type: { enum: values[i] } } }, then: branch })),
    };
    node['allOf'] = [...(Array.isArray(node['allOf']) ? node['allOf'] : []), discriminated];
  }
}

/** The spec, adjusted in place (pass a copy). */
export function adaptSpec(spec: Schema): Schema {
  const components = isObject(spec['components']) ? spec['components'] : {};
  const schemas = isObject(components['schemas']) ? components['schemas'] : {};
  const resolve = (schema: unknown): unknown => {
    const ref = isObject(schema) ? schema['$ref'] : undefined;
    return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? schemas[ref.slice('#/components/schemas/'.length)] : schema;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    allowPermissionStrings(node);
    discriminateUnions(node, resolve);
    Object.values(node).forEach(visit);
  };
  visit(spec);
  return spec;
}
