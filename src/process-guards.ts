import type { Logger } from './core/ports.js';
import { isConnectionLoss } from './db/connection-loss.js';

/**
 * The last resort, not the way failures are handled: a lost database session,
 * a platform outage or a bad request is an error value somewhere below and
 * never reaches here. What does is a bug; log it as such (structured, with the
 * stack) and exit, so the orchestrator starts a clean process.
 */
export function exitOnBugs(logger: Logger): void {
  const die = (kind: string) => (error: unknown) => {
    logger.error({ err: error }, `${kind}: this is a bug; exiting`);
    process.stderr.write(`studybot: ${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  };
  process.on('uncaughtException', die('uncaught exception'));
  const dieOnRejection = die('unhandled rejection');
  process.on('unhandledRejection', (error) => {
    // The driver rejects every query in flight on a session the server ended; one nobody awaits
    // any more (its caller already gave up) says only that the database went away, which the
    // code that does await its queries handles. Crashing for it would turn a blip into an outage.
    if (isConnectionLoss(error)) {
      logger.warn({ err: error }, 'database session lost under a query nobody awaits; carrying on');
      return;
    }
    dieOnRejection(error);
  });
}

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once. */
export function shutdownSignal(logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      process.once('SIGTERM', () => process.exit(1)).once('SIGINT', () => process.exit(1));
      resolve();
    };
    process.once('SIGTERM', stop).once('SIGINT', stop);
  });
}
