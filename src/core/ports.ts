import type { QuizPublisher } from '../quiz/ports.js';
import type { Actor, Platform, Tenant } from './command.js';

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

export interface IdentityStore {
  /** Creates or refreshes the tenant and the user (display name) before they act. */
  ensure(tenant: Tenant, actor: Actor): Promise<void>;
  /** The name a member of the tenant was last seen with (undefined for someone the bot never met). */
  displayName(tenantId: string, userId: string): Promise<string | undefined>;
}

export interface LessonViewStore {
  record(tenantId: string, userId: string, lessonId: string, at: Date): Promise<void>;
  /** Distinct lessons this user opened in this tenant. */
  countDistinct(tenantId: string, userId: string): Promise<number>;
  /** Resolves once every view recorded so far is written (or has failed to be, for now): a read of the table after it sees them. */
  written(): Promise<void>;
}

/**
 * A chat platform as the composition root runs it (src/main.ts): started in
 * turn, asked for readiness, stopped in the one shutdown sequence. Adapters in
 * src/platforms/<name>/ implement it; the core never sees the platform itself.
 */
export interface PlatformAdapter {
  readonly name: Platform;
  /** Connects and starts serving (a standby: starts waiting its turn). Rejects when the platform cannot start. */
  start(): Promise<void>;
  /** Disconnects. Called once interactions have drained, also after a failed start. */
  stop(): Promise<void>;
  /** For /readyz: connected, or not, or `'standby'` (ready, while another replica holds the connection). */
  isReady(): boolean | 'standby';
  /**
   * How the quiz engine posts on this platform on its own, registered once the
   * platform has started. Absent where publishing changes hands at run time
   * (Discord's leadership registers the leader's publisher itself).
   */
  publisher?(): QuizPublisher;
  /**
   * Rejects when the platform fails for good after it started (a token that
   * Discord refuses on a later takeover): no retry can fix that, so the
   * process stops. Never resolves.
   */
  failure?(): Promise<never>;
}
