import { CourseCatalog } from './content/catalog.js';
import type { CacheFiles } from './content/cache.js';
import { loadAppContent, type AppContent } from './app-content.js';
import type { Course } from './content/model.js';
import { Bot } from './core/bot.js';
import { BufferedLessonViews, type BufferSettings } from './core/buffered-lesson-views.js';
import { RateLimiter, type RateLimitSettings } from './core/rate-limit.js';
import { systemClock, type Clock, type Logger } from './core/ports.js';
import type { CommandRegistry } from './core/registry.js';
import type { Services } from './core/services.js';
import { NO_CARDS, type CardRenderer } from './core/cards.js';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from './db/client.js';
import { IdentityRepository } from './db/repositories/identity.repository.js';
import { LessonViewRepository } from './db/repositories/lesson-view.repository.js';
import { DailyAnswerRepository } from './db/repositories/daily-answer.repository.js';
import { LeaderboardRepository } from './db/repositories/leaderboard.repository.js';
import { PracticeRepository } from './db/repositories/practice.repository.js';
import { QuestionReportRepository } from './db/repositories/question-report.repository.js';
import { ScheduleRunRepository } from './db/repositories/schedule-run.repository.js';
import { ReviewRepository } from './db/repositories/review.repository.js';
import { StatsRepository } from './db/repositories/stats.repository.js';
import { Reviews } from './quiz/review.js';
import { TeamRepository } from './db/repositories/team.repository.js';
import { QuizScheduler } from './quiz/scheduler.js';
import type { QuizStore } from './quiz/ports.js';
import { QuizPostRepository } from './db/repositories/quiz-post.repository.js';
import { QuizDeliveryRepository } from './db/repositories/quiz-delivery.repository.js';
import type { DeliverySettings } from './quiz/deliveries.js';
import type { Timers } from './quiz/reveal-timers.js';
import { DailyQuiz } from './quiz/daily-quiz.js';
import { Leaderboards } from './quiz/leaderboard.js';
import { LessonProgressRepository } from './db/repositories/lesson-progress.repository.js';
import { StudyPlanRepository } from './db/repositories/study-plan.repository.js';
import { planMessages } from './plans/plan-message.js';
import { CourseProgress } from './plans/progress.js';
import { StudyPlans } from './plans/study-plans.js';

export interface AppParts {
  /** Seconds between quiz catch-up ticks (default 60). */
  quizTickSeconds?: number;
  course: Course;
  registry: CommandRegistry;
  database: DatabaseHandle;
  logger: Logger;
  clock?: Clock;
  /** Outbox tuning (tests shorten the retry delays). */
  deliverySettings?: Partial<DeliverySettings>;
  /** Per-member rate limit (DEFAULT_RATE_LIMIT unless given). */
  rateLimit?: RateLimitSettings;
  /** Reveal timers (setTimeout on the clock unless given). */
  timers?: Timers;
  /** How lesson views are batched (DEFAULT_BUFFER_SETTINGS unless given). */
  lessonViewBuffer?: Partial<BufferSettings>;
  /** Draws cards (main.ts: Skia unless IMAGES=off); none unless given, so replies stay text. */
  cards?: CardRenderer;
}

export interface App {
  bot: Bot;
  services: Services;
  database: DatabaseHandle;
  /** Not started: main.ts starts it once adapters have registered their publishers. */
  scheduler: QuizScheduler;
  /** The quiz's posts and channels as stored: for the scheduler and tests; commands go through `services.quiz`. */
  quizStore: QuizStore;
  close(): Promise<void>;
}

/** Wires loaded parts into a Bot. The tests use it too, so they exercise production wiring. */
export function assembleApp(parts: AppParts): App {
  const { database } = parts;
  const course = new CourseCatalog(parts.course);
  const clock = parts.clock ?? systemClock;
  const quizStore = new QuizPostRepository(database.db);
  const reviews = new Reviews(new ReviewRepository(database.db));
  const reports = new QuestionReportRepository(database.db);
  const quiz = new DailyQuiz({
    course,
    store: quizStore,
    answers: new DailyAnswerRepository(database.db),
    deliveries: new QuizDeliveryRepository(database.db),
    reports,
    clock,
    logger: parts.logger,
    deliverySettings: parts.deliverySettings,
    timers: parts.timers,
    cards: parts.cards,
  });
  // Views are written after the reply, in batches (see buffered-lesson-views.ts).
  const lessonViews = new BufferedLessonViews(new LessonViewRepository(database.db), parts.logger, parts.lessonViewBuffer);
  const plans = followedPlans(quiz, new StudyPlanRepository(database.db), course, clock, parts.logger);
  const services: Services = {
    course,
    clock,
    logger: parts.logger,
    quiz,
    plans,
    progress: new CourseProgress(new LessonProgressRepository(database.db), course, clock),
    leaderboards: new Leaderboards(new LeaderboardRepository(database.db), quiz.channels),
    practice: new PracticeRepository(database.db),
    teams: new TeamRepository(database.db),
    stats: new StatsRepository(database.db),
    reviews,
    reports,
    identities: new IdentityRepository(database.db),
    lessonViews,
    cards: parts.cards ?? NO_CARDS,
    commands: parts.registry,
  };
  const scheduler = new QuizScheduler(services.quiz, quizStore, new ScheduleRunRepository(database.db), parts.logger, clock, parts.quizTickSeconds, plans);
  return {
    bot: new Bot(parts.registry, services, new RateLimiter(parts.rateLimit)),
    services,
    database,
    scheduler,
    quizStore,
    close: async () => {
      await scheduler.stop();
      services.quiz.stop();
      // Messages being sent get a moment to finish; the rest are retried by whichever replica runs next.
      await services.quiz.deliveries.stop(5_000);
      await lessonViews.close();
      await database.close();
    },
  };
}

/** Study plans on top of the quiz: their days go out through its outbox, and its daily pool follows them. */
function followedPlans(quiz: DailyQuiz, store: StudyPlanRepository, course: CourseCatalog, clock: Clock, logger: Logger): StudyPlans {
  const plans = new StudyPlans({ store, course, publishers: quiz.publishers, deliveries: quiz.deliveries, clock, logger });
  quiz.deliveries.serve(['lesson'], planMessages({ store, course }));
  quiz.channels.follow(plans);
  return plans;
}

export interface AppOptions {
  quizTickSeconds?: number;
  rateLimit?: RateLimitSettings;
  contentDir: string;
  /** Where the validated course may be cached between starts, and the one the build made (see content/cache.ts). */
  contentCache?: CacheFiles;
  /** The course and commands when the caller loads them itself (the console shows its prompt with them). */
  content?: Promise<AppContent>;
  /** A target to open, or a database that is already opening (main.ts starts it first). */
  database: DatabaseTarget | Promise<DatabaseHandle>;
  logger: Logger;
  clock?: Clock;
  cards?: CardRenderer;
}

export async function createApp(options: AppOptions): Promise<App> {
  // Independent: load them side by side. The database goes first because the
  // embedded one spends most of its start-up in WebAssembly and file reads,
  // which overlap with parsing the content on the main thread.
  const [database, { course, registry }] = await Promise.all([
    options.database instanceof Promise ? options.database : openDatabase(options.database),
    options.content ?? loadAppContent(options.contentDir, options.contentCache),
  ]);
  return assembleApp({
    course,
    registry,
    database,
    logger: options.logger,
    clock: options.clock,
    quizTickSeconds: options.quizTickSeconds,
    rateLimit: options.rateLimit,
    cards: options.cards,
  });
}
