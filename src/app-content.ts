import { loadCourseCached, type CacheFiles } from './content/cache.js';
import type { Course } from './content/model.js';
import { loadCommands } from './core/command-loader.js';
import type { CommandRegistry } from './core/registry.js';

/** What the bot serves before any database is involved: the validated course and the command definitions. */
export interface AppContent {
  course: Course;
  registry: CommandRegistry;
}

/**
 * Loads the course (from the build's validated cache when it is current) and
 * the commands side by side. Light on purpose: the console shows its prompt
 * once these are in, while the embedded database is still opening.
 */
export async function loadAppContent(contentDir: string, cache?: CacheFiles): Promise<AppContent> {
  const [{ course }, registry] = await Promise.all([loadCourseCached(contentDir, cache), loadCommands()]);
  return { course, registry };
}
