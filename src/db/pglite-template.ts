import { existsSync } from 'node:fs';
import { cp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

/**
 * A migrated embedded database made once at `npm install` (scripts/pglite-template.mjs, which
 * uses the same directory). Postgres's initdb in WebAssembly is most of a first start (about
 * 5 s and 850 MB of memory); copying the template's files takes a fraction of a second, and the
 * migrator then applies whatever migrations came after it. Keyed by the PGlite version: its
 * files are only good for the Postgres build that wrote them.
 */
export async function pgliteTemplateDir(): Promise<string | undefined> {
  try {
    const manifest = path.join(PACKAGE_ROOT, 'node_modules/@electric-sql/pglite/package.json');
    const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
    const dir = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'studybot', `pglite-${version}`);
    return existsSync(path.join(dir, 'PG_VERSION')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Seeds an empty data directory from the template; false when there is none or the directory has a database already. */
export async function seedFromTemplate(dataDir: string, template: string | undefined): Promise<boolean> {
  if (!template || existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  // Copied beside it and renamed: a start interrupted halfway leaves no half database behind.
  const partial = `${dataDir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await cp(template, partial, { recursive: true });
  try {
    await rm(dataDir, { recursive: true, force: true });
    await rename(partial, dataDir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  return true;
}
