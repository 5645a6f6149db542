import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up from this module: the same answer from
 * `src/` under tsx and from `dist/src/` in production, whatever the cwd is.
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('studybot: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'drizzle');
export const DEFAULT_CONTENT_DIR = path.join(PACKAGE_ROOT, 'content');
/** The course as validated by `npm run build` (see src/content/bundle.ts). */
export const BUNDLED_CONTENT_CACHE = path.join(PACKAGE_ROOT, 'dist', 'content-cache.json');
