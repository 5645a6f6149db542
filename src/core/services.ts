import type { CourseCatalog } from '../content/catalog.js';
import type { DailyQuiz } from '../quiz/daily-quiz.js';
import type { Leaderboards } from '../quiz/leaderboard.js';
import type { Reviews } from '../quiz/review.js';
import type { PracticeStore, ReportStore, StatsStore, TeamStore } from '../quiz/ports.js';
import type { CommandRegistry } from './registry.js';
import type { Clock, IdentityStore, LessonViewStore, Logger } from './ports.js';

/** The dependencies handed to every command through its context. */
export interface Services {
  course: CourseCatalog;
  clock: Clock;
  logger: Logger;
  identities: IdentityStore;
  lessonViews: LessonViewStore;
  quiz: DailyQuiz;
  leaderboards: Leaderboards;
  practice: PracticeStore;
  teams: TeamStore;
  stats: StatsStore;
  reviews: Reviews;
  /** Members' reports of questions they think are wrong. */
  reports: ReportStore;
  /** The registered commands, for /help. */
  commands: CommandRegistry;
}
