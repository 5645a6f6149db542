import type { Logger } from './core/ports.js';
import { withTimeout } from './core/timeout.js';

/** What each shutdown step may take (ms): together within ECS's stopTimeout (30 s, deploy/terraform/ecs.tf). */
export const SHUTDOWN_BUDGET_MS = {
  scheduler: 2_000,
  /** In-flight interactions and outgoing quiz messages, side by side. */
  drain: 10_000,
  platforms: 4_000,
  opsServer: 1_000,
  database: 6_000,
  /** After the steps, a handle left open by one given up on: the process exits anyway. */
  strayHandles: 2_000,
} as const;

/** The longest a shutdown can take, every step given up on. */
export const SHUTDOWN_WORST_CASE_MS = Object.values(SHUTDOWN_BUDGET_MS).reduce((sum, ms) => sum + ms, 0);

/**
 * One step of the shutdown, given at most `budgetMs`. A step still waiting
 * after that (a query on a database gone silent, a socket that never closes)
 * is logged by name and left behind, so that the steps after it still run
 * and the process exits before the orchestrator's SIGKILL (ECS: stopTimeout,
 * 30 s). False when the step failed (rejected, or resolved false) or was given up on.
 */
export async function shutdownStep(logger: Logger, step: string, work: () => Promise<unknown>, budgetMs: number): Promise<boolean> {
  const started = Date.now();
  try {
    const done = (await withTimeout(work(), budgetMs)) !== false;
    logger.info({ step, ms: Date.now() - started }, `shutdown: ${step} ${done ? 'done' : 'failed'}`);
    return done;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') logger.warn({ step, waitedMs: Date.now() - started }, `shutdown: gave up waiting on ${step}`);
    else logger.error({ err: error, step }, `shutdown: ${step} failed`);
    return false;
  }
}
