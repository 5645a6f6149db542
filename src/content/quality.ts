import type { Course, Subchapter } from './model.js';

/**
 * Editorial rules for finished lessons. Unlike the loader's validation (which
 * keeps the bot from rendering something broken), these describe what a good
 * lesson looks like; the content tests apply them to every written lesson.
 */
export const QUALITY = {
  lessonWords: { min: 200, max: 450 },
  overviewWords: { min: 60, max: 120 },
  minQuestions: 4,
} as const;

export interface QualityIssue {
  id: string;
  message: string;
}

const words = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

export function qualityIssues(course: Course): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (const chapter of course.chapters) {
    const written = chapter.subchapters.some((s) => s.lesson);
    if (chapter.overview !== undefined) {
      const n = words(chapter.overview);
      if (n < QUALITY.overviewWords.min || n > QUALITY.overviewWords.max) {
        issues.push({ id: `chapter ${chapter.number}`, message: `overview has ${n} words (${QUALITY.overviewWords.min}–${QUALITY.overviewWords.max})` });
      }
    } else if (written) {
      issues.push({ id: `chapter ${chapter.number}`, message: 'has lessons but no chapter.md overview' });
    }
    for (const sub of chapter.subchapters) issues.push(...lessonIssues(sub));
  }
  return issues;
}

function lessonIssues(sub: Subchapter): QualityIssue[] {
  const lesson = sub.lesson;
  if (!lesson) return [];
  const issues: QualityIssue[] = [];
  const add = (message: string): void => void issues.push({ id: sub.id, message });
  if (lesson.words < QUALITY.lessonWords.min || lesson.words > QUALITY.lessonWords.max) {
    add(`lesson has ${lesson.words} words (${QUALITY.lessonWords.min}–${QUALITY.lessonWords.max}, code excluded)`);
  }
  const qs = lesson.questions;
  if (qs.length < QUALITY.minQuestions) add(`has ${qs.length} questions (at least ${QUALITY.minQuestions})`);
  if (qs.length >= 3 && new Set(qs.map((q) => q.answer)).size === 1) {
    add('every question has its correct answer at the same index');
  }
  const longestIsCorrect = qs.filter((q) => {
    const lengths = q.choices.map((c) => c.length);
    const max = Math.max(...lengths);
    return lengths[q.answer] === max && lengths.filter((l) => l === max).length === 1;
  }).length;
  if (qs.length >= 3 && longestIsCorrect === qs.length) {
    add('the correct choice is the longest one in every question (answerable by length)');
  }
  if (qs.length >= 3 && new Set(qs.map((q) => q.difficulty)).size < 2) {
    add('questions need a mix of difficulties (1 recall, 2 understanding, 3 scenario)');
  }
  return issues;
}

export interface Coverage {
  chapters: number;
  subchapters: number;
  lessons: number;
  questions: number;
  words: number;
  missing: string[];
}

export function coverage(course: Course): Coverage {
  const subs = course.chapters.flatMap((c) => c.subchapters);
  const written = subs.filter((s) => s.lesson);
  return {
    chapters: course.chapters.length,
    subchapters: subs.length,
    lessons: written.length,
    questions: written.reduce((n, s) => n + s.lesson!.questions.length, 0),
    words: written.reduce((n, s) => n + s.lesson!.words, 0),
    missing: subs.filter((s) => !s.lesson).map((s) => s.id),
  };
}

/** A review older than this is flagged: AWS changes enough in a year that the lesson needs another look. */
export const REVIEW_MAX_AGE_MONTHS = 12;

/**
 * Lessons due for another check against their sources: last reviewed more than 12 months before
 * `now`. Warnings, not errors: time passing must not break a build.
 */
export function reviewWarnings(course: Course, now: Date): QualityIssue[] {
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const issues: QualityIssue[] = [];
  for (const sub of course.chapters.flatMap((c) => c.subchapters)) {
    if (!sub.lesson) continue;
    const [year, month] = sub.lesson.reviewed.split('-').map(Number) as [number, number];
    const age = thisMonth - (year * 12 + month - 1);
    if (age > REVIEW_MAX_AGE_MONTHS) issues.push({ id: sub.id, message: `was last reviewed in ${sub.lesson.reviewed}, ${age} months ago: check it against its sources again` });
  }
  return issues;
}
