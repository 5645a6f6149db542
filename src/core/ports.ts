import type { Actor, Tenant } from './command.js';

/**
 * What the core needs from the outside world. Implementations live in src/db
 * (Postgres through drizzle) and in tests; the core only sees these shapes.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

type LogFn = (objOrMsg: object | string, msg?: string) => void;

/** The subset of pino the core uses, so tests can pass any compatible logger. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

export interface IdentityRepository {
  /** Creates or refreshes the tenant and the user (display name) before they act. */
  ensure(tenant: Tenant, actor: Actor): Promise<void>;
}

export interface LessonViewRepository {
  record(tenantId: string, userId: string, lessonId: string, at: Date): Promise<void>;
  /** Distinct lessons this user opened in this tenant. */
  countDistinct(tenantId: string, userId: string): Promise<number>;
}
