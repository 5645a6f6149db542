/**
 * The daily quiz's scoring rules, as pure functions so every number on a
 * leaderboard can be recomputed and explained. Documented for users in the
 * README and `/help scoring`.
 *
 * - A correct answer: 10 points. A wrong answer: 0, and it breaks the streak.
 * - The first three correct answers of a post: +3, +2, +1.
 * - Streak n = consecutive quiz days (days the tenant had a post) answered
 *   correctly. From n = 2 it adds +min(n − 1, 5). Days without a post don't
 *   break it; a quiz day without an answer does.
 */
export const SCORING = {
  correct: 10,
  speedBonus: [3, 2, 1] as const,
  streakBonusCap: 5,
} as const;

/** How many correct answers a post's podium holds: one per speed bonus. */
export const PODIUM_SIZE = SCORING.speedBonus.length;

export interface Points {
  base: number;
  speed: number;
  streak: number;
  total: number;
}

export interface ScoringInput {
  correct: boolean;
  /** 1-based position among the post's correct answers (ignored when wrong). */
  correctRank?: number;
  /** The user's streak including this answer. */
  streak: number;
  /** False when a correct answer on the same quiz day already earned today's streak bonus. */
  firstCorrectToday?: boolean;
}

export function scoreDailyAnswer(input: ScoringInput): Points {
  if (!input.correct) return { base: 0, speed: 0, streak: 0, total: 0 };
  const base = SCORING.correct;
  const speed = input.correctRank !== undefined ? (SCORING.speedBonus[input.correctRank - 1] ?? 0) : 0;
  const streak = input.firstCorrectToday === false || input.streak < 2 ? 0 : Math.min(input.streak - 1, SCORING.streakBonusCap);
  return { base, speed, streak, total: base + speed + streak };
}

/**
 * The streak after an answer. `previousQuizDayStreak` is the user's streak on
 * the tenant's previous quiz day, or undefined when they did not answer it
 * (which breaks the streak, as a wrong answer does).
 */
export function streakAfter(correct: boolean, previousQuizDayStreak: number | undefined): number {
  return correct ? (previousQuizDayStreak ?? 0) + 1 : 0;
}

export interface Ranked<T> {
  rank: number;
  entry: T;
}

/**
 * Standard competition ranking ("1, 2, 2, 4"): equal points share a rank.
 * Entries with equal points are listed in `tieOrder` order (earlier last
 * correct answer first) but keep the shared rank.
 */
export function competitionRanking<T>(entries: readonly T[], points: (e: T) => number, tieOrder: (a: T, b: T) => number): Ranked<T>[] {
  const sorted = [...entries].sort((a, b) => points(b) - points(a) || tieOrder(a, b));
  let rank = 0;
  return sorted.map((entry, index) => {
    if (index === 0 || points(entry) !== points(sorted[index - 1]!)) rank = index + 1;
    return { rank, entry };
  });
}
