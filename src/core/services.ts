import type { CourseCatalog } from '../content/catalog.js';
import type { DailyQuiz } from '../quiz/daily-quiz.js';
import type { Leaderboards } from '../quiz/leaderboard.js';
import type { Reviews } from '../quiz/review.js';
import type { PracticeStore, ReportStore, StatsStore, TeamStore } from '../quiz/ports.js';
import type { CourseProgress } from '../plans/progress.js';
import type { StudyPlans } from '../plans/study-plans.js';
import type { CardRenderer } from './cards.js';
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
  /** Channels' study plans: the course posted lesson by lesson. */
  plans: StudyPlans;
  /** Members' lessons done and chapters mastered. */
  progress: CourseProgress;
  leaderboards: Leaderboards;
  practice: PracticeStore;
  teams: TeamStore;
  stats: StatsStore;
  reviews: Reviews;
  /** Members' reports of questions they think are wrong. */
  reports: ReportStore;
  /** Draws the cards replies ask for (NO_CARDS when pictures are off). */
  cards: CardRenderer;
  /** The registered commands, for /help. */
  commands: CommandRegistry;
}
