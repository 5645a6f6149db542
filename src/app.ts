import type { Logger as PinoLogger } from 'pino';
import { CourseCatalog } from './content/catalog.js';
import { loadCourse } from './content/loader.js';
import { Bot } from './core/bot.js';
import { loadCommands } from './core/command-loader.js';
import { systemClock, type Clock, type Logger } from './core/ports.js';
import type { Services } from './core/services.js';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from './db/client.js';
import { PostgresIdentityRepository } from './db/repositories/identity.repository.js';
import { PostgresLessonViewRepository } from './db/repositories/lesson-view.repository.js';

export interface AppOptions {
  contentDir: string;
  database: DatabaseTarget;
  logger: PinoLogger | Logger;
  clock?: Clock;
}

export interface App {
  bot: Bot;
  services: Services;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Wires content, commands and the database into a Bot. Shared by main.ts and
 * the tests, so what the tests exercise is what production runs.
 */
export async function createApp(options: AppOptions): Promise<App> {
  // Independent: load them side by side. The database goes first because the
  // embedded one spends most of its start-up in WebAssembly and file reads,
  // which overlap with parsing the content on the main thread.
  const [database, course, registry] = await Promise.all([
    openDatabase(options.database),
    loadCourse(options.contentDir),
    loadCommands(),
  ]);
  const services: Services = {
    course: new CourseCatalog(course),
    clock: options.clock ?? systemClock,
    logger: options.logger as Logger,
    identities: new PostgresIdentityRepository(database.db),
    lessonViews: new PostgresLessonViewRepository(database.db),
    commands: registry,
  };
  return { bot: new Bot(registry, services), services, database, close: () => database.close() };
}
