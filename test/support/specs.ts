/** The platforms' own definitions, vendored in test/fixtures/specs (see its README), read for conformance tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const SPECS_DIR = path.join(PACKAGE_ROOT, 'test/fixtures/specs');

export function readSpec(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SPECS_DIR, file), 'utf8')) as Record<string, unknown>;
}
