import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Course } from './model.js';

/**
 * Validating 145 lessons costs a few hundred milliseconds of cold JavaScript;
 * start-up should not pay it every time. The cache holds a course that passed
 * validation, keyed by a hash of every content file and of the code that
 * validates it, so any edit to either means a full validation.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const VALIDATOR_DIRS = [HERE, path.join(HERE, '../core')];

async function filesUnder(dir: string, filter: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && filter(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export async function contentFingerprint(contentDir: string): Promise<string> {
  const content = await filesUnder(contentDir, (n) => n.endsWith('.md') || n.endsWith('.json'));
  const code = (await Promise.all(VALIDATOR_DIRS.map((d) => filesUnder(d, (n) => /\.(ts|js)$/.test(n) && !n.endsWith('.d.ts'))))).flat();
  const hash = createHash('sha256');
  const texts = await Promise.all([...content, ...code].map((file) => readFile(file)));
  [...content, ...code].forEach((file, i) => {
    hash.update(path.relative(contentDir, file)).update('\0').update(texts[i]!).update('\0');
  });
  return hash.digest('hex');
}

interface CacheFile {
  fingerprint: string;
  course: Course;
}

export interface CachedLoad {
  course: Course;
  fromCache: boolean;
}

async function readCache(file: string, fingerprint: string): Promise<Course | undefined> {
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    return cached.fingerprint === fingerprint ? cached.course : undefined;
  } catch {
    return undefined; // missing or unreadable: the caller validates
  }
}

/** Writes atomically (temporary file + rename), so a concurrent reader never sees half a cache. */
export async function writeCache(file: string, fingerprint: string, course: Course): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ fingerprint, course } satisfies CacheFile));
  await rename(temporary, file);
}

export interface CacheFiles {
  /** Validated when the image was built (`npm run build`): read-only, never written at run time. */
  bundled?: string;
  /** The bot's own cache in DATA_DIR, written after a validation. */
  writable?: string;
}

/**
 * Loads the course from the first cache that matches the content exactly, else
 * validates it (and caches the result). Cache problems never stop the bot.
 */
export async function loadCourseCached(contentDir: string, { bundled, writable }: CacheFiles = {}): Promise<CachedLoad> {
  // The validator (zod schemas, YAML parser) is only imported when it has work to do.
  const validate = async (): Promise<Course> => (await import('./loader.js')).loadCourse(contentDir);
  if (!bundled && !writable) return { course: await validate(), fromCache: false };
  const fingerprint = await contentFingerprint(contentDir);
  for (const file of [bundled, writable]) {
    const course = file ? await readCache(file, fingerprint) : undefined;
    if (course) return { course, fromCache: true };
  }
  const course = await validate();
  if (writable) await writeCache(writable, fingerprint, course).catch(() => {}); // a read-only disk only costs start-up time
  return { course, fromCache: false };
}
