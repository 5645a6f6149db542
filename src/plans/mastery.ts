import type { CourseCatalog } from '../content/catalog.js';
import type { Chapter } from '../content/model.js';
import type { LastAnswer } from './ports.js';

/**
 * Where a member stands in each chapter. A chapter is mastered when every one
 * of its lessons is marked done and at least 80 % of the member's last answers
 * to its questions are right, over at least 3 questions: reading alone is not
 * mastery, and neither is one lucky answer.
 */
export const MASTERY = { accuracy: 0.8, minAnswers: 3 } as const;

export type ChapterState = 'mastered' | 'started' | 'not-started';

export interface ChapterProgress {
  chapter: Chapter;
  state: ChapterState;
  lessonsDone: number;
  /** Questions of the chapter the member answered, and how many of those last answers were right. */
  answered: number;
  correct: number;
}

export const chapterOfLesson = (lessonId: string): number => Number(lessonId.split('.')[0]);

export function chapterProgress(course: CourseCatalog, done: ReadonlySet<string>, lastAnswers: readonly LastAnswer[]): ChapterProgress[] {
  const answers = new Map<number, { answered: number; correct: number }>();
  for (const answer of lastAnswers) {
    const question = course.question(answer.questionKey);
    // An answer to a question since reworded or removed says nothing about the chapter as it is now.
    if (!question) continue;
    const tally = answers.get(chapterOfLesson(question.lessonId)) ?? { answered: 0, correct: 0 };
    tally.answered += 1;
    if (answer.correct) tally.correct += 1;
    answers.set(chapterOfLesson(question.lessonId), tally);
  }
  return course.allChapters.map((chapter) => {
    const lessonsDone = chapter.subchapters.filter((s) => done.has(s.id)).length;
    const { answered, correct } = answers.get(chapter.number) ?? { answered: 0, correct: 0 };
    const mastered = lessonsDone === chapter.subchapters.length && answered >= MASTERY.minAnswers && correct >= MASTERY.accuracy * answered;
    const state: ChapterState = mastered ? 'mastered' : lessonsDone || answered ? 'started' : 'not-started';
    return { chapter, state, lessonsDone, answered, correct };
  });
}

export const courseComplete = (chapters: readonly ChapterProgress[]): boolean => chapters.length > 0 && chapters.every((c) => c.state === 'mastered');

export const STATE_MARK: Record<ChapterState, string> = { mastered: '✓', started: '◐', 'not-started': '·' };
