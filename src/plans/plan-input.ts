import type { CourseCatalog } from '../content/catalog.js';
import type { Subchapter } from '../content/model.js';
import { quoteUserText } from '../core/sanitize.js';
import type { Parsed } from '../quiz/schedule.js';

/**
 * A lesson as an admin names it for `/plan start from:` or `/plan goto`:
 * `17.3`, or a chapter number for its first lesson.
 */
export function parseLesson(course: CourseCatalog, text: string): Parsed<Subchapter> {
  const typed = text.trim().replace(/^lesson\s+/i, '');
  const sub = course.subchapter(typed) ?? (/^\d{1,3}$/.test(typed) ? course.chapter(Number(typed))?.subchapters[0] : undefined);
  if (sub) return { ok: true, value: sub };
  const first = course.subchapters[0]?.id;
  const last = course.subchapters.at(-1)?.id;
  return {
    ok: false,
    error: `There is no lesson "${quoteUserText(typed, 20)}" in the course: lessons run from ${first} to ${last} (\`/lesson\` lists them).`,
  };
}
