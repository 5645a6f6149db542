// Run by `npm install` (postinstall): makes a migrated embedded database once, so the first
// `npm start` copies it instead of running Postgres's initdb in WebAssembly (about 5 s and
// 850 MB of memory). Plain JavaScript: it runs before anything is built, with or without tsx.
// The directory must match src/db/pglite-template.ts. Never fails the install: without the
// template the bot makes its own database at the first start, as it always could.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const omitted = (process.env.npm_config_omit ?? '').includes('dev');
// A production install (the container) runs on Postgres and must not grow by the template's 40 MB.
if (process.env.NODE_ENV === 'production' || omitted || process.env.STUDYBOT_PGLITE_TEMPLATE === 'off') process.exit(0);

try {
  const { version } = JSON.parse(await readFile(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
  const dir = path.join(root, 'node_modules', '.cache', 'studybot', `pglite-${version}`);
  if (existsSync(path.join(dir, 'PG_VERSION'))) process.exit(0);
  const started = Date.now();
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // Made beside its final place and renamed: a start never copies half a template.
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  const client = new PGlite({ dataDir: partial });
  await migrate(drizzle({ client }), { migrationsFolder: path.join(root, 'drizzle') });
  await client.close();
  await rename(partial, dir).catch(async (error) => {
    // Another install made it meanwhile: keep theirs.
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) throw error;
  });
  console.log(`studybot: prepared the embedded database for the first start (${Date.now() - started} ms)`);
} catch (error) {
  console.warn(`studybot: could not prepare the embedded database template; the first start will make its own (${error?.message ?? error})`);
}
