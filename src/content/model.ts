/** The course as the bot knows it: the full outline, with lessons where written. */

export interface Question {
  /** Stable key: lesson id + a hash of the question text (see `questionKey`). */
  key: string;
  lessonId: string;
  question: string;
  choices: [string, string, string, string];
  /** Index (0–3) of the correct choice. */
  answer: number;
  explanation: string;
  difficulty: 1 | 2 | 3;
}

export interface Lesson {
  body: string;
  /** Official documentation the lesson was checked against (https links). */
  sources: string[];
  /** The month it was last checked against its sources (YYYY-MM). */
  reviewed: string;
  keywords: string[];
  remember: string[];
  questions: Question[];
  file: string;
  words: number;
}

export interface Subchapter {
  id: string;
  chapter: number;
  title: string;
  /** Undefined while the lesson is not written yet. */
  lesson?: Lesson;
}

export interface Chapter {
  number: number;
  title: string;
  overview?: string;
  subchapters: Subchapter[];
}

export interface Course {
  title: string;
  chapters: Chapter[];
}
