/**
 * Composition root: configuration, logger, app, then the console or the
 * platform adapters. `npm start` runs it with tsx; production runs
 * `node dist/src/main.js`.
 */
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { describeTarget, openDatabase } from './db/client.js';
import { exitOnBugs, shutdownSignal } from './process-guards.js';
import { SHUTDOWN_BUDGET_MS, shutdownStep } from './shutdown-step.js';
import { firstFailure, startPlatforms, stopPlatforms } from './platforms/lifecycle.js';
import { BUNDLED_CONTENT_CACHE } from './paths.js';
import type { App } from './app.js';
import type { AppContent } from './app-content.js';
import type { Logger, PlatformAdapter } from './core/ports.js';
import type { AdjustableClock } from './ops/test-clock.js';
import type { SlackAdapter } from './platforms/slack/slack.adapter.js';

const CONSOLE_TENANT = { id: 'console:local', platform: 'console', externalId: 'local', name: 'Local console' } as const;

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // The embedded database takes longest to start: set it going before loading the rest of the bot.
  const database = openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir, template: config.database.template },
  );
  database.catch(() => {}); // awaited (and reported) by createApp below
  const { loadAppContent } = await import('./app-content.js');
  const contentCache = { bundled: BUNDLED_CONTENT_CACHE, writable: path.join(config.dataDir, 'content-cache.json') };
  const content = loadAppContent(config.contentDir, contentCache);
  content.catch(() => {}); // awaited (and reported) below
  const [{ createApp }, { createLogger }] = await Promise.all([import('./app.js'), import('./logger.js')]);
  const logger = createLogger({ level: config.logLevel, pretty: config.console, secrets: config.secrets });
  exitOnBugs(logger);
  const testClock = config.testClock ? new (await import('./ops/test-clock.js')).AdjustableClock() : undefined;
  // The renderer loads Skia only when the first card is drawn.
  const cards = config.images ? new (await import('./cards/canvas-card-renderer.js')).CanvasCardRenderer() : undefined;
  const starting = createApp({
    clock: testClock,
    cards,
    contentDir: config.contentDir,
    content,
    quizTickSeconds: config.quizTickSeconds,
    rateLimit: config.rateLimit,
    database,
    logger,
  }).then((app) => {
    logger.info({ readyMs: Math.round(performance.now()), database: app.database.description }, 'ready');
    setImmediate(() => app.services.course.warmUp());
    return app;
  });
  starting.catch(() => {}); // awaited (and reported) by the service or the console below

  if (!config.console) {
    const code = await runService(config, await starting, logger, testClock);
    // Everything is closed: the process should now exit by itself. If a stray handle (a socket a
    // library forgot) keeps it alive, leave anyway rather than wait for the orchestrator's SIGKILL.
    // The timer is unref'd, so it never delays a normal exit.
    setTimeout(() => {
      // What kept it alive (e.g. TCPSocketWrap, Timeout) points at the library that left it open.
      logger.warn({ handles: process.getActiveResourcesInfo() }, 'still running 2 s after shutdown; exiting');
      process.exit(code);
    }, SHUTDOWN_BUDGET_MS.strayHandles).unref();
    return code;
  }
  return runConsole(config, await content, starting);
}

/**
 * The local console. Its prompt comes as soon as the course is loaded; the
 * embedded database opens meanwhile (most of a start), and whatever is typed
 * first waits for it.
 */
async function runConsole(config: Config, { course, registry }: AppContent, starting: Promise<App>): Promise<number> {
  const [{ ConsoleAdapter }, { deferredBot }] = await Promise.all([
    import('./platforms/console/console.adapter.js'),
    import('./platforms/console/deferred-bot.js'),
  ]);
  const subchapters = course.chapters.flatMap((c) => c.subchapters);
  const written = subchapters.filter((sub) => sub.lesson);
  const questions = written.reduce((n, sub) => n + (sub.lesson?.questions.length ?? 0), 0);
  const cwdRelative = (p: string): string => (p.startsWith(process.cwd()) ? `./${path.relative(process.cwd(), p) || '.'}` : p);
  const databaseLine = config.database.kind === 'pglite' ? `embedded Postgres (PGlite) in ${cwdRelative(config.dataDir)}` : describeTarget(config.database);
  const interactive = Boolean(process.stdin.isTTY);
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env);
  process.stdout.write(
    [
      `studybot · ${course.title}`,
      `Database:  ${databaseLine}`,
      `Content:   ${written.length}/${subchapters.length} lessons, ${questions} questions`,
      `Platforms: none enabled (set DISCORD_TOKEN or SLACK_BOT_TOKEN to serve them) · local console`,
      `Ready in ${Math.round(performance.now())} ms. Type /help or /lesson 17.3${interactive ? '; exit to leave' : ''}.`,
      '',
      '',
    ].join('\n'),
  );
  const bot = starting.then((app) => app.bot);
  bot.catch(() => {}); // a failed start is reported once, below
  const adapter = new ConsoleAdapter({
    bot: deferredBot(registry, bot),
    input: process.stdin,
    output: process.stdout,
    interactive,
    style: { color, width: Math.min(process.stdout.columns || 80, 100) },
    cardsDir: config.images ? path.join(config.dataDir, 'cards') : undefined,
    invocation: {
      tenant: CONSOLE_TENANT,
      user: { id: 'console-user', displayName: 'You', isAdmin: true },
      channel: { id: 'console', name: 'console' },
    },
  });
  // Listen before anything else starts: a signal right after "Ready" still closes in order.
  const stop = (): void => adapter.close();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  let failed: unknown;
  const scheduled = starting.then(
    async (app) => {
      app.services.quiz.publishers.register('console', adapter.publisher());
      await app.scheduler.start();
    },
    (error: unknown) => {
      // The database could not open: nothing typed can be answered, so say why and leave.
      failed = error;
      adapter.close();
    },
  );
  await adapter.run();
  await scheduled;
  if (failed !== undefined) throw failed;
  await (await starting).close();
  return 0;
}

/** Service mode: the platform adapters until SIGTERM or SIGINT (a second signal exits at once). */
async function runService(config: Config, app: App, logger: Logger, testClock?: AdjustableClock): Promise<number> {
  // Listen first: a SIGTERM during start-up (an ECS deploy) must still shut down in order.
  const signalled = shutdownSignal(logger);
  const [{ Metrics }, { keepConnectionsOpenForLoadBalancers, opsRoutes, startOpsServer }] = await Promise.all([
    import('./ops/metrics.js'),
    import('./ops/http.js'),
  ]);
  const metrics = new Metrics();
  const quiz = app.services.quiz;
  metrics.quizCounters = () => ({ ...quiz.counters, failedAttempts: quiz.deliveries.counters.failedAttempts, abandoned: quiz.deliveries.counters.abandoned });
  app.bot.observe(metrics.observer(logger));
  /** The platforms that started: the ones /readyz checks and shutdown stops. */
  const platforms: PlatformAdapter[] = [];
  const routes = opsRoutes(metrics, () => [
    {
      name: 'database',
      check: () =>
        app.database.ping().then(
          () => true,
          () => {
            metrics.databaseErrors.inc();
            return false;
          },
        ),
    },
    // Discord may run twice (HTTP and a gateway during a migration): the second is the gateway.
    ...platforms.map((p, i) => ({ name: platforms.findIndex((q) => q.name === p.name) < i ? `${p.name}-gateway` : p.name, check: () => p.isReady() })),
  ]);
  if (testClock) routes.push((await import('./ops/test-clock.js')).testClockRoute(testClock));
  let opsServer: Server | undefined;
  const shutdown = () => stopService(app, platforms, opsServer, logger);
  try {
    let slack: SlackAdapter | undefined;
    const configured: PlatformAdapter[] = [];
    if (config.discord?.publicKey) {
      // Interactions over HTTP: every replica serves, and every replica posts (the database's claims keep posts single).
      const { DiscordHttpInteractions } = await import('./platforms/discord/http-interactions.js');
      const http = new DiscordHttpInteractions({
        ...config.discord,
        publicKey: config.discord.publicKey,
        bot: app.bot,
        logger: logger.child({ platform: 'discord' }),
      });
      routes.push(http.route());
      configured.push(http);
    }
    if (config.discord?.gateway) {
      const [{ DiscordGateway }, { PostgresLease, soleLease }, { PostgresShardCoordination, soleShardCoordination }] = await Promise.all([
        import('./platforms/discord/gateway.js'),
        import('./db/lease.js'),
        import('./db/shard-coordination.js'),
      ]);
      // With a shared Postgres, replicas elect a holder per gateway session; the embedded database means one process.
      const { database } = config;
      const coordination =
        database.kind === 'postgres'
          ? { lease: new PostgresLease(database.url, DISCORD_LEASE_KEY, logger), shards: () => new PostgresShardCoordination(database.url, logger) }
          : { lease: soleLease, shards: soleShardCoordination };
      configured.push(new DiscordGateway(app, config.discord, coordination, logger, { publishes: !config.discord.publicKey }));
    }
    if (config.slack) {
      const { SlackAdapter } = await import('./platforms/slack/slack.adapter.js');
      slack = new SlackAdapter({ ...config.slack, port: config.port, bot: app.bot, logger: logger.child({ platform: 'slack' }), customRoutes: routes });
      configured.push(slack);
    }
    await startPlatforms(configured, quiz.publishers, platforms);
    // Slack's HTTP receiver already serves the routes on PORT; otherwise they get their own server.
    const boltServer = slack?.ownsPort ? slack.httpServer : undefined;
    if (boltServer) keepConnectionsOpenForLoadBalancers(boltServer);
    opsServer = boltServer ?? (await startOpsServer(config.port, routes));
  } catch (error) {
    logger.error({ err: (error as Error).cause ?? error }, (error as Error).message);
    process.stderr.write(`${(error as Error).message}\n`);
    await shutdown();
    return 1;
  }
  logger.info({ platforms: platforms.map((p) => p.name), port: config.port }, 'studybot is running');
  // The first catch-up reads the database, which may be in trouble right now: a signal meanwhile must still be heard.
  app.scheduler.start().catch((error: unknown) => logger.error({ err: error }, 'the quiz scheduler did not start'));
  let code = 0;
  try {
    await Promise.race([signalled, firstFailure(platforms)]);
  } catch (error) {
    // A refused token: no retry can fix it, so say it plainly and stop.
    logger.error((error as Error).message);
    process.stderr.write(`${(error as Error).message}\n`);
    code = 1;
  }
  return (await shutdown()) ? code : 1;
}

/**
 * The one shutdown sequence, after a signal, a platform's fatal failure or a
 * failed start. In order: no new quiz work, let running interactions and the
 * messages being sent finish (10 s at most), disconnect the platforms, then
 * the ops server and the database. Every step has a budget (SHUTDOWN_BUDGET_MS,
 * inside ECS's 30 s stopTimeout): one that cannot finish, as on a database
 * gone silent, is logged and passed. False when a step failed or overran.
 */
async function stopService(app: App, platforms: readonly PlatformAdapter[], opsServer: Server | undefined, logger: Logger): Promise<boolean> {
  const scheduler = await shutdownStep(logger, 'the quiz scheduler', () => app.scheduler.stop(), SHUTDOWN_BUDGET_MS.scheduler);
  app.services.quiz.stop();
  const [drained] = await Promise.all([app.bot.drain(SHUTDOWN_BUDGET_MS.drain), app.services.quiz.deliveries.stop(SHUTDOWN_BUDGET_MS.drain)]);
  if (!drained) {
    logger.warn('interactions still running after 10 s; telling their members to try again, and shutting down');
    app.bot.abandon();
  }
  const stopped = await shutdownStep(logger, 'the platforms', () => stopPlatforms(platforms, logger), SHUTDOWN_BUDGET_MS.platforms);
  const closed = await shutdownStep(
    logger,
    'the ops server',
    () => new Promise<void>((resolve) => (opsServer?.listening ? opsServer.close(() => resolve()) : resolve())),
    SHUTDOWN_BUDGET_MS.opsServer,
  );
  const released = await shutdownStep(logger, 'the database', () => app.close(), SHUTDOWN_BUDGET_MS.database);
  return scheduler && stopped && closed && released;
}

/** The advisory lock id for the Discord gateway lease ("discord" in ASCII); sharded gateways use one per shard (shard-coordination.ts). */
const DISCORD_LEASE_KEY = 0x646973636f7264n;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Content and command definition errors are written for people: print them as they are.
    if (error instanceof Error && (error.name === 'ContentError' || error.name === 'CommandDefinitionError')) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`studybot failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
