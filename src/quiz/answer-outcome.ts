import type { QuizPost } from './model.js';
import type { Points } from './scoring.js';

export interface StoredAnswer {
  choice: number;
  correct: boolean;
  correctRank: number | null;
  streak: number;
  points: number;
}

/** What recording a daily answer can lead to. */
export type AnswerOutcome =
  | { kind: 'recorded'; answer: StoredAnswer; points: Points; post: QuizPost }
  | { kind: 'already-answered'; answer: StoredAnswer; post: QuizPost }
  | { kind: 'closed'; post: QuizPost }
  | { kind: 'not-found' };
