import type { QuizStore } from '../../src/quiz/ports.js';
import { pino } from 'pino';
import { assembleApp } from '../../src/app.js';
import { loadCourse } from '../../src/content/loader.js';
import type { Course } from '../../src/content/model.js';
import type { Bot, Invocation } from '../../src/core/bot.js';
import { loadCommands } from '../../src/core/command-loader.js';
import type { Clock } from '../../src/core/ports.js';
import type { Timers } from '../../src/quiz/reveal-timers.js';
import type { Services } from '../../src/core/services.js';
import { DEFAULT_CONTENT_DIR } from '../../src/paths.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { RecordingPublisher } from './recording-publisher.js';
import type { CardRenderer } from '../../src/core/cards.js';
import type { Reply } from '../../src/core/reply.js';
import type { DeliverySettings } from '../../src/quiz/deliveries.js';
import type { RateLimitSettings } from '../../src/core/rate-limit.js';

let course: Promise<Course> | undefined;
/** The real course, loaded once per test file. */
export const realCourse = (): Promise<Course> => (course ??= loadCourse(DEFAULT_CONTENT_DIR));

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-26T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Reveal timers the test fires by hand: `fireDue()` runs those whose instant has come on the fake clock. */
export class ManualTimers implements Timers {
  private readonly pending: Array<{ when: Date; run: () => void; cancelled: boolean }> = [];
  constructor(private readonly clock: Clock) {}
  at(when: Date, run: () => void): () => void {
    const entry = { when, run, cancelled: false };
    this.pending.push(entry);
    return () => void (entry.cancelled = true);
  }
  get waiting(): number {
    return this.pending.filter((e) => !e.cancelled).length;
  }
  fireDue(): number {
    const due = this.pending.filter((e) => !e.cancelled && e.when.getTime() <= this.clock.now().getTime());
    for (const entry of due) this.pending.splice(this.pending.indexOf(entry), 1);
    due.forEach((e) => e.run());
    return due.length;
  }
}

export interface TestApp {
  bot: Bot;
  services: Services;
  database: TestDatabase;
  clock: FakeClock;
  timers: ManualTimers;
  /** The quiz's posts and channels as stored, to arrange and inspect what a test needs. */
  quizStore: QuizStore;
  close(): Promise<void>;
}

/** Production wiring (assembleApp) on a private test database and a fake clock. */
/**
 * Property tests send hundreds of commands as one member in a second: they get a limit no test
 * reaches, unless a test asks for the production one (`rateLimit: DEFAULT_RATE_LIMIT`).
 */
const TEST_RATE_LIMIT: RateLimitSettings = { burst: 1_000_000, perSecond: 1_000_000, maxMembers: 1_000 };

export async function createTestApp(
  options: { deliverySettings?: Partial<DeliverySettings>; rateLimit?: RateLimitSettings; cards?: CardRenderer } = {},
): Promise<TestApp> {
  const [database, loaded, registry] = await Promise.all([createTestDatabase(), realCourse(), loadCommands()]);
  const clock = new FakeClock();
  const timers = new ManualTimers(clock);
  const app = assembleApp({
    course: loaded,
    registry,
    database,
    clock,
    timers,
    logger: pino({ level: 'silent' }),
    deliverySettings: options.deliverySettings,
    rateLimit: options.rateLimit ?? TEST_RATE_LIMIT,
    cards: options.cards,
  });
  // app.close stops the scheduler and the outbox and closes the database; drop then gives an
  // embedded one back to the pool, or drops the server's throwaway database (without it, every
  // test of test/db on the server left its database behind).
  const close = async () => {
    await app.close();
    await database.drop();
  };
  return { bot: app.bot, services: app.services, database, clock, timers, quizStore: app.quizStore, close };
}

export function invocation(overrides: { tenant?: string; user?: string; name?: string; admin?: boolean } = {}): Invocation {
  const tenant = overrides.tenant ?? 'guild-1';
  return {
    tenant: { id: `discord:${tenant}`, platform: 'discord', externalId: tenant },
    user: { id: overrides.user ?? 'user-1', displayName: overrides.name ?? 'Ada', isAdmin: overrides.admin ?? false },
    channel: { id: 'channel-1', name: 'study' },
  };
}

/** Discord quiz posts of `app` go to a recorder instead of a platform: what the channel would show. */
export function recordQuizPosts(app: TestApp): RecordingPublisher {
  const channel = new RecordingPublisher();
  app.services.quiz.publishers.register('discord', channel);
  return channel;
}

/** Clicks the button labelled `label` under `reply`, as `who` would. */
export function pressButton(bot: Bot, reply: Reply, label: string, who: Invocation) {
  const button = (reply.buttons ?? []).flat().find((b) => b.label === label);
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(reply.buttons)}`);
  return bot.action({ ...who, actionId: button.action });
}
