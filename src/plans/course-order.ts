import type { CourseCatalog } from '../content/catalog.js';
import type { Subchapter } from '../content/model.js';

/** The course in order, as a plan walks it: positions, a day's lessons, what is left. */

/** 1-based position of a lesson in the course (0 when it is not in it). */
export function positionOf(course: CourseCatalog, lessonId: string): number {
  return course.subchapters.findIndex((s) => s.id === lessonId) + 1;
}

/** The `count` lessons from `lessonId` on, and the one after them (null at the end of the course). */
export function lessonsFrom(course: CourseCatalog, lessonId: string, count: number): { lessons: Subchapter[]; next: string | null } {
  const start = positionOf(course, lessonId) - 1;
  if (start < 0) return { lessons: [], next: null };
  const lessons = course.subchapters.slice(start, start + count);
  return { lessons, next: course.subchapters[start + count]?.id ?? null };
}

/** Lessons from `lessonId` (included) to the end of the course; 0 when the plan is through. */
export function lessonsLeft(course: CourseCatalog, lessonId: string | null): number {
  if (lessonId === null) return 0;
  const position = positionOf(course, lessonId);
  return position ? course.subchapters.length - position + 1 : 0;
}

const BAR_CELLS = 12;

/**
 * "▰▰▰▱▱▱▱▱▱▱▱▱ 25%": block characters every Discord and Slack client draws at
 * the same width, short enough for one line on a phone.
 */
export function progressBar(done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * BAR_CELLS);
  // 1 of 145 is "1%", not "0%"; 144 of 145 is "99%", not "100%".
  const percent = ratio > 0 && ratio < 1 ? Math.min(99, Math.max(1, Math.round(ratio * 100))) : Math.round(ratio * 100);
  return `${'▰'.repeat(filled)}${'▱'.repeat(BAR_CELLS - filled)} ${percent}%`;
}

/** "1 lesson", "3 lessons". */
export const lessonCount = (n: number): string => `${n} ${n === 1 ? 'lesson' : 'lessons'}`;
