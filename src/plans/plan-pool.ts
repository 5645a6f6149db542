import { createHash } from 'node:crypto';
import type { Question } from '../content/model.js';

/**
 * What a channel's daily question is drawn from while it follows a study plan:
 * only lessons the plan has posted there. Most days the last few posted
 * lessons; about one day in three a recap of older ones, those the group
 * answered worst first; before the first post, the plan's first lesson.
 * Pure: the seed (tenant, channel, day) decides, as for the question itself.
 */
export const RECENT_LESSONS = 5;
/** One day in this many is a recap day (when there are older lessons to recap). */
export const RECAP_EVERY = 3;
/** How many of the worst-answered older lessons a recap day draws from. */
export const RECAP_LESSONS = 3;

export type PlanPoolKind = 'first' | 'recent' | 'recap';

export interface PlanPool {
  kind: PlanPoolKind;
  /** The lessons the questions come from. */
  lessons: string[];
  questions: Question[];
}

const hashOf = (seed: string, salt: string): number => createHash('sha256').update(`${salt}:${seed}`).digest().readUInt32BE(0);

/** Whether the day of this seed revisits older lessons (decided before anything is read: one query fewer on most days). */
export const isRecapDay = (seed: string): boolean => hashOf(seed, 'recap') % RECAP_EVERY === 0;

/** Posted lessons, each once, in the order they were first posted. */
const distinct = (lessons: readonly string[]): string[] => [...new Set(lessons)];

export function olderPostedLessons(posted: readonly string[]): string[] {
  return distinct(posted).slice(0, -RECENT_LESSONS);
}

export interface PlanPoolInput {
  questions: readonly Question[];
  posted: readonly string[];
  startLesson: string;
  seed: string;
  /** The group's answers per lesson in this channel; read only on recap days. */
  accuracy?: ReadonlyMap<string, { answered: number; correct: number }>;
}

export function planPool(input: PlanPoolInput): PlanPool {
  const { questions, seed } = input;
  const from = (kind: PlanPoolKind, lessons: string[]): PlanPool => {
    const wanted = new Set(lessons);
    return { kind, lessons, questions: questions.filter((q) => wanted.has(q.lessonId)) };
  };
  const posted = distinct(input.posted);
  if (!posted.length) return from('first', [input.startLesson]);
  const recent = from('recent', posted.slice(-RECENT_LESSONS));
  const older = olderPostedLessons(posted);
  if (!older.length || !isRecapDay(seed) || !input.accuracy) return recent;
  // Worst first; a lesson the group was never asked about sits in the middle, ties go by the seed.
  const score = (lesson: string) => {
    const seen = input.accuracy?.get(lesson);
    return seen?.answered ? seen.correct / seen.answered : 0.5;
  };
  const worst = [...older].sort((a, b) => score(a) - score(b) || hashOf(seed, a) - hashOf(seed, b)).slice(0, RECAP_LESSONS);
  const recap = from('recap', worst);
  return recap.questions.length ? recap : recent;
}

/** "the study plan's lessons: the last 5 posted (3.1–4.1), and about one day in three a recap of the 12 older ones" (for /quiz-status). */
export function describePlanPool(posted: readonly string[], startLesson: string): string {
  const lessons = distinct(posted);
  if (!lessons.length) return `the study plan's first lesson (${startLesson}) until the plan posts`;
  const recent = lessons.slice(-RECENT_LESSONS);
  const range = recent.length > 1 ? `${recent[0]}–${recent.at(-1)}` : recent[0];
  const older = olderPostedLessons(lessons).length;
  const recap = older ? `, and about one day in ${RECAP_EVERY} a recap of the ${older} older ones it answered worst` : '';
  return `the study plan's lessons: the last ${recent.length} posted (${range})${recap}`;
}
