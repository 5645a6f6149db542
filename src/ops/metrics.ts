import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InteractionRecord } from '../core/bot.js';
import type { Logger } from '../core/ports.js';

export interface QuizCounters {
  posted: number;
  revealed: number;
  failedAttempts: number;
  abandoned: number;
}

/**
 * Prometheus metrics and the per-interaction log line. Labels are bounded:
 * platform, kind, command (or command:action) and outcome, never a tenant or a user.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly interactions = new Counter({
    name: 'studybot_interactions_total',
    help: 'Interactions handled, by platform, kind, command and outcome',
    labelNames: ['platform', 'kind', 'command', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'studybot_interaction_duration_seconds',
    help: 'Time the core took to answer an interaction',
    labelNames: ['platform', 'kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  /** Read at scrape time from the quiz engine's own counters. */
  quizCounters: () => QuizCounters = () => ({ posted: 0, revealed: 0, failedAttempts: 0, abandoned: 0 });
  readonly databaseErrors = new Counter({ name: 'studybot_database_errors_total', help: 'Failed readiness pings to the database', registers: [this.registry] });

  constructor() {
    const current = () => this.quizCounters();
    const counter = (name: string, help: string, read: (c: QuizCounters) => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read(current()));
        },
      });
    counter('studybot_quiz_posts_total', 'Daily quiz posts delivered by this process', (c) => c.posted);
    counter('studybot_quiz_reveals_total', 'Daily quiz reveals claimed by this process', (c) => c.revealed);
    counter('studybot_quiz_delivery_failures_total', 'Failed attempts to deliver a quiz message (each is retried)', (c) => c.failedAttempts);
    counter('studybot_quiz_deliveries_abandoned_total', 'Quiz messages given up because it was too late to deliver them', (c) => c.abandoned);
    // Event-loop lag, heap and RSS, GC: the process health a small Fargate task needs watched.
    collectDefaultMetrics({ register: this.registry, prefix: 'studybot_' });
  }

  /** The Bot's observer: one metric update and one log line per interaction. */
  observer(logger: Logger) {
    return (r: InteractionRecord): void => {
      this.interactions.inc({ platform: r.platform, kind: r.kind, command: r.name, outcome: r.outcome });
      this.latency.observe({ platform: r.platform, kind: r.kind }, r.ms / 1000);
      if (r.kind !== 'autocomplete' || r.outcome !== 'ok') {
        logger.info(
          { platform: r.platform, tenant: r.tenant, kind: r.kind, command: r.name, outcome: r.outcome, ms: Math.round(r.ms * 10) / 10 },
          'interaction',
        );
      }
    };
  }
}
