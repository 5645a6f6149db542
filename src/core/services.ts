import type { CourseCatalog } from '../content/catalog.js';
import type { CommandRegistry } from './registry.js';
import type { Clock, IdentityRepository, LessonViewRepository, Logger } from './ports.js';

/** The dependencies handed to every command through its context. */
export interface Services {
  course: CourseCatalog;
  clock: Clock;
  logger: Logger;
  identities: IdentityRepository;
  lessonViews: LessonViewRepository;
  /** The registered commands, for /help. */
  commands: CommandRegistry;
}
