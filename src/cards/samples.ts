import type { LeaderboardCard, ProgressCard, QuizDayResult, RevealCard, StatsCard } from '../core/cards.js';

/**
 * One card of each kind with fixed data: the pictures in the README (docs/cards/, made by
 * `npm run cards:sample`), the golden images the tests compare each drawing with, and the
 * benchmark's cards.
 */
const NAMES = ['Ana Petrova', 'Ben 🚀', 'Γιώργος', 'Zoë Ångström', 'Nguyễn Văn An', 'Олена', 'dev_ops', 'María José', 'Łukasz', 'Chidi'];

export const SAMPLE_LEADERBOARD: LeaderboardCard = {
  kind: 'leaderboard',
  title: 'People · this week',
  place: 'Cloud Study Group',
  rows: NAMES.map((name, i) => ({
    rank: i + 1,
    name,
    points: 96 - i * 9 - (i > 4 ? 3 : 0),
    detail: `${8 - Math.floor(i / 2)} right`,
    streak: Math.max(0, 7 - i),
  })),
  caller: { rank: 17, name: 'Sam', points: 8, detail: '1 right', streak: 1, you: true },
  footer: '31 people on the board',
};

/** Mostly right, now and then wrong or missed, in a fixed pattern. */
const RESULTS: QuizDayResult[] = ['right', 'right', 'wrong', 'right', 'right', 'missed', 'right'];

export const SAMPLE_STATS: StatsCard = {
  kind: 'stats',
  name: 'Ana Petrova',
  points: [
    { label: 'This week', base: 40, speed: 9, streak: 6 },
    { label: 'This month', base: 150, speed: 27, streak: 21 },
    { label: 'All time', base: 610, speed: 84, streak: 95 },
  ],
  accuracy: { correct: 61, answered: 78 },
  streak: { current: 4, best: 12 },
  rank: { rank: 1, of: 31 },
  // Twelve weeks of a Monday-to-Friday quiz, the first two before Ana joined, this week up to Wednesday.
  calendar: {
    days: Array.from({ length: 84 }, (_, i) => {
      const [week, weekday] = [Math.floor(i / 7), i % 7];
      if (week < 2 || weekday >= 5 || i >= 11 * 7 + 3) return undefined;
      return RESULTS[(i * 5 + week * 3) % RESULTS.length];
    }),
  },
};

export const SAMPLE_REVEAL: RevealCard = {
  kind: 'reveal',
  question: 'A Fargate task needs to pull its image from a private ECR repository and write logs to CloudWatch. Which role does ECS use for that?',
  choices: [
    { label: 'A', text: 'The task role', count: 7, correct: false },
    { label: 'B', text: 'The task execution role', count: 12, correct: true },
    { label: 'C', text: 'The EC2 instance profile', count: 2, correct: false },
    { label: 'D', text: 'The service-linked role for Auto Scaling', count: 1, correct: false },
  ],
};

/** A member a little past a third of the course: chapters 1–9 mastered, 10–12 under way, the plan at 14. */
export const SAMPLE_PROGRESS: ProgressCard = {
  kind: 'progress',
  name: 'Ana Petrova',
  lessonsDone: 41,
  lessonsTotal: 145,
  chapters: Array.from({ length: 33 }, (_, i) => {
    const number = i + 1;
    const lessons = 4 + (number % 3);
    if (number <= 9) return { number, state: 'mastered' as const, done: lessons, lessons };
    if (number <= 12) return { number, state: 'started' as const, done: Math.max(1, lessons - (number - 9) * 2), lessons };
    return { number, state: 'not-started' as const, done: 0, lessons };
  }),
  next: 10,
  plan: 14,
};

export const SAMPLE_CARDS = { leaderboard: SAMPLE_LEADERBOARD, stats: SAMPLE_STATS, reveal: SAMPLE_REVEAL, progress: SAMPLE_PROGRESS } as const;
