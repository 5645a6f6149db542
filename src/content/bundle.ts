/**
 * `npm run build` ends here: validates the course once and writes it to
 * dist/content-cache.json, keyed like the run-time cache. The image ships it,
 * so a new task starts from a validated course instead of validating all 145
 * lessons on its first start, and content that fails validation fails the build.
 */
import { contentFingerprint, writeCache } from './cache.js';
import { ContentError, loadCourse } from './loader.js';
import { BUNDLED_CONTENT_CACHE, DEFAULT_CONTENT_DIR } from '../paths.js';

try {
  const [course, fingerprint] = await Promise.all([loadCourse(DEFAULT_CONTENT_DIR), contentFingerprint(DEFAULT_CONTENT_DIR)]);
  await writeCache(BUNDLED_CONTENT_CACHE, fingerprint, course);
} catch (error) {
  process.stderr.write(`${error instanceof ContentError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
