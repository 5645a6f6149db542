// Reading deploy/terraform offline: HCL parsed with @cdktf/hcl2json (no terraform binary, no
// provider, no network). Literals come back as JSON values, expressions as "${...}" strings.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

// `import { parse } from '@cdktf/hcl2json'` would load the package's type declarations, which
// start with `/// <reference lib="dom" />`: that adds the DOM library to the whole project's
// type check and breaks Node-typed code elsewhere (Buffer as a fetch body). So the package is
// loaded untyped, and the one function used is declared here: it parses one file's HCL text.
const hcl2json = createRequire(import.meta.url)('@cdktf/hcl2json') as { parse: (filename: string, contents: string) => Promise<Obj> };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MODULE_DIR = path.join(ROOT, 'deploy/terraform');
export const EXAMPLE_DIR = path.join(MODULE_DIR, 'examples/basic');

export function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** The body of a block that hcl2json wraps in a one-element array. */
export function body(v: Json | undefined): Obj {
  const first = asArray(v)[0];
  return isObj(first) ? first : {};
}

export function allStrings(v: Json | undefined, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (isObj(v)) Object.values(v).forEach((x) => allStrings(x, out));
  return out;
}

export interface ParsedFile {
  file: string;
  doc: Obj;
}

/** Everything declared in one module directory, merged across its files. */
export class Module {
  readonly resources = new Map<string, Obj>();
  readonly data = new Map<string, Obj>();
  readonly locals: Obj = {};
  readonly variables: Record<string, Obj> = {};
  readonly terraform: Obj[] = [];
  readonly providers: string[] = [];
  readonly modules: Record<string, Obj> = {};
  readonly outputs: Record<string, Obj> = {};

  constructor(readonly files: ParsedFile[]) {
    for (const { doc } of files) {
      for (const [kind, target] of [
        ['resource', this.resources],
        ['data', this.data],
      ] as const) {
        const byType = doc[kind];
        if (!isObj(byType)) continue;
        for (const [type, byName] of Object.entries(byType)) {
          if (!isObj(byName)) continue;
          for (const [name, b] of Object.entries(byName)) target.set(`${type}.${name}`, body(b));
        }
      }
      for (const l of asArray(doc.locals)) if (isObj(l)) Object.assign(this.locals, l);
      if (isObj(doc.variable)) for (const [name, b] of Object.entries(doc.variable)) this.variables[name] = body(b);
      for (const t of asArray(doc.terraform)) if (isObj(t)) this.terraform.push(t);
      if (isObj(doc.provider)) this.providers.push(...Object.keys(doc.provider));
      if (isObj(doc.module)) for (const [name, b] of Object.entries(doc.module)) this.modules[name] = body(b);
      if (isObj(doc.output)) for (const [name, b] of Object.entries(doc.output)) this.outputs[name] = body(b);
    }
  }

  ofType(type: string): Array<[string, Obj]> {
    return [...this.resources.entries()].filter(([key]) => key.startsWith(`${type}.`));
  }

  /** A resource by its address in the module, such as `aws_ecs_task_definition.this`. */
  get(address: string): Obj {
    const found = this.resources.get(address);
    expect(found, `deploy/terraform should declare ${address}`).toBeDefined();
    return found!;
  }

  one(type: string): Obj {
    const found = this.ofType(type);
    expect(found.length, `deploy/terraform should declare exactly one ${type}, found ${found.length}`).toBe(1);
    return found[0]![1];
  }

  /** `${local.x}` → the local's value, `${var.x}` → the variable's default; anything else as is. */
  resolve(v: Json | undefined, seen = new Set<string>()): Json | undefined {
    if (typeof v !== 'string') return v;
    const m = /^\$\{(local|var)\.(\w+)\}$/.exec(v);
    if (!m || seen.has(v)) return v;
    seen.add(v);
    const next = m[1] === 'local' ? this.locals[m[2]!] : this.variables[m[2]!]?.default;
    return this.resolve(next, seen);
  }

  /**
   * The variable names a container `environment` or `secrets` value provides, with their values:
   * a list of { name, ... } objects, a map literal of NAME = value, or an expression (such as a
   * `for` over a map local) whose `local.*` references are followed.
   */
  namesIn(v: Json | undefined, seen = new Set<string>()): Map<string, Json> {
    const out = new Map<string, Json>();
    if (Array.isArray(v)) {
      for (const item of v) if (isObj(item) && typeof item.name === 'string') out.set(item.name, item.value ?? item.valueFrom ?? null);
    } else if (isObj(v)) {
      for (const [k, value] of Object.entries(v)) out.set(k, value);
    } else if (typeof v === 'string') {
      for (const [, name] of v.matchAll(/\blocal\.(\w+)/g)) {
        if (seen.has(name!)) continue;
        seen.add(name!);
        for (const [k, value] of this.namesIn(this.locals[name!], seen)) out.set(k, value);
      }
    }
    return out;
  }
}

export async function parseDir(dir: string, pattern: RegExp): Promise<ParsedFile[]> {
  const files = readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort();
  return Promise.all(files.map(async (file) => ({ file, doc: await hcl2json.parse(file, readFileSync(path.join(dir, file), 'utf8')) })));
}
