import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Weekday } from '../../quiz/schedule-parse.js';
import { planPosts } from './plans.js';
import { tenants, users } from './tenancy.js';

/**
 * Daily quiz configuration, one row per study channel. `chapters` null means
 * the whole course; `days` holds weekday names ("mon".."sun").
 */
export const quizChannels = pgTable(
  'quiz_channels',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    channelName: text('channel_name'),
    time: text('time').notNull(),
    timezone: text('timezone').notNull(),
    days: text('days').array().$type<Weekday[]>().notNull(),
    chapters: integer('chapters').array(),
    windowMinutes: integer('window_minutes').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId] })],
);

/**
 * One row per posted daily question. The unique (tenant, channel, local date)
 * is the claim that makes a slot post exactly once across replicas; the reveal
 * is claimed by setting `revealed_at` where it is still null.
 */
export const quizPosts = pgTable(
  'quiz_posts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    questionKey: text('question_key').notNull(),
    /** Original choice indexes in the order shown as A–D, so everyone sees the same order. */
    choiceOrder: integer('choice_order').array().notNull(),
    /** Which pass through the channel's question pool this post belongs to. */
    cycle: integer('cycle').notNull().default(1),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** The platform's message id once delivered (null while only claimed). */
    messageId: text('message_id'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** Last delivery attempt: an undelivered post is retried (once per replica lease) while open. */
    deliveryAttemptAt: timestamp('delivery_attempt_at', { withTimezone: true }),
    revealedAt: timestamp('revealed_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.channelId], foreignColumns: [quizChannels.tenantId, quizChannels.channelId] }).onDelete('cascade'),
    uniqueIndex('quiz_posts_slot_uq').on(t.tenantId, t.channelId, t.localDate),
    index('quiz_posts_channel_question_idx').on(t.tenantId, t.channelId, t.cycle, t.questionKey),
    index('quiz_posts_open_idx')
      .on(t.closesAt)
      .where(sql`${t.revealedAt} is null`),
  ],
);

/**
 * The outbox: every message the quiz engine publishes on its own (a daily
 * post, the edit that closes it, the reveal reply) is a durable job here,
 * queued in the same transaction as the decision that calls for it. A job is
 * claimed by one replica at a time (`claimed_until`), retried with backoff
 * after a failure (`next_attempt_at`), and finished once sent or once it is
 * too late to matter. So a failed call, a crash or a SIGTERM between a claim
 * and the publish delays a message but never loses it, and a send whose
 * outcome is unknown is reconciled with the platform before it is repeated.
 * A job is about a quiz post (`post`, `close`, `reveal`) or a study plan's day
 * (`lesson`): exactly one of `post_id` and `plan_post_id` is set.
 */
export const quizDeliveries = pgTable(
  'quiz_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    /** The tenant's platform: each replica works the jobs of the platforms it can publish on. */
    platform: text('platform').notNull(),
    /** The quiz post a `post`, `close` or `reveal` job is about. */
    postId: bigint('post_id', { mode: 'number' }).references(() => quizPosts.id, { onDelete: 'cascade' }),
    /** The study plan's day a `lesson` job posts. */
    planPostId: bigint('plan_post_id', { mode: 'number' }).references(() => planPosts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['post', 'close', 'reveal', 'lesson'] }).notNull(),
    /** What the message needs besides the post: the reveal's tally and podium, fixed when the reveal was claimed. */
    payload: jsonb('payload'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A replica is sending it until then; a crash lets the claim lapse. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** sent, or abandoned (too late to matter). */
    outcome: text('outcome', { enum: ['sent', 'abandoned'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quiz_deliveries_once_uq').on(t.postId, t.kind),
    uniqueIndex('quiz_deliveries_lesson_once_uq')
      .on(t.planPostId)
      .where(sql`${t.planPostId} is not null`),
    check('quiz_deliveries_subject', sql`(${t.postId} is null) <> (${t.planPostId} is null)`),
    index('quiz_deliveries_due_idx')
      .on(t.platform, t.nextAttemptAt)
      .where(sql`${t.finishedAt} is null`),
  ],
);

/**
 * Daily quiz answers with their points broken down, so every board is a sum
 * and every total can be explained. One answer per user per post.
 */
export const dailyAnswers = pgTable(
  'daily_answers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => quizPosts.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** Index into the question's original choices. */
    choice: integer('choice').notNull(),
    correct: boolean('correct').notNull(),
    /** 1, 2, 3… among the post's correct answers; null when wrong. */
    correctRank: integer('correct_rank'),
    /** The user's streak after this answer (0 when wrong). */
    streak: integer('streak').notNull(),
    pointsBase: integer('points_base').notNull(),
    pointsSpeed: integer('points_speed').notNull(),
    pointsStreak: integer('points_streak').notNull(),
    points: integer('points').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    uniqueIndex('daily_answers_once_uq').on(t.postId, t.userId),
    // Today's streak bonus is paid once a day, whichever channel's post is answered right first:
    // a second answer claiming it on the same quiz day is refused by the index (ON CONFLICT DO
    // NOTHING), so such clicks need no lock and join the batched inserts (migration 0010).
    uniqueIndex('daily_answers_streak_bonus_once_uq')
      .on(t.tenantId, t.userId, t.localDate)
      .where(sql`${t.pointsStreak} > 0`),
    // Streaks, /stats and the board's streak probe: one user's answers in a tenant, by quiz day.
    // (The old period-scan index went with 0005: board_totals serves the boards, and every answer
    // is one index write cheaper.)
    index('daily_answers_user_idx').on(t.tenantId, t.userId, t.localDate),
  ],
);

/**
 * Leaderboard totals, maintained per answer so a board reads a few index
 * entries instead of summing the tenant's whole history. One row per user per
 * bucket: the ISO week (its Monday) and the month (its 1st) of the answer's
 * quiz day (`daily_answers.local_date`), plus one all-time bucket keyed
 * `1970-01-01`. The trigger `board_totals_add` (migration 0004) adds every
 * daily answer in the inserting transaction, so no writer can skip it (old
 * replicas during a rolling deploy included). Rows are never subtracted:
 * daily answers are append-only.
 */
export const boardTotals = pgTable(
  'board_totals',
  {
    tenantId: text('tenant_id').notNull(),
    period: text('period', { enum: ['week', 'month', 'all'] }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    points: integer('points').notNull(),
    correct: integer('correct').notNull(),
    answered: integer('answered').notNull(),
    /** The latest correct answer in the bucket: ties on points go to whoever got there first. */
    lastCorrectAt: timestamp('last_correct_at', { withTimezone: true }),
    /** `points` by part (migration 0009): /stats explains a total from the bucket alone. */
    pointsBase: integer('points_base').notNull().default(0),
    pointsSpeed: integer('points_speed').notNull().default(0),
    pointsStreak: integer('points_streak').notNull().default(0),
    /** The longest streak reached by an answer in the bucket. */
    bestStreak: integer('best_streak').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.period, t.periodStart, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    // Board order: the top N is an index scan + limit, a rank is a range count (points > mine).
    index('board_totals_rank_idx').on(t.tenantId, t.period, t.periodStart, t.points.desc().nullsFirst(), t.lastCorrectAt),
  ],
);

/**
 * node-cron run claims: one row per (task, slot). With several replicas each
 * scheduling the same jobs, only the replica that inserts the row runs it.
 */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    task: text('task').notNull(),
    slot: text('slot').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.task, t.slot] })],
);
