import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Weekday } from '../../quiz/schedule-parse.js';
import { tenants, users } from './tenancy.js';

/**
 * A channel's study plan: it posts the course's lessons in order, `pace` a
 * study day. `next_lesson` is the next one to post (null once the course is
 * through); a claimed day moves it on in the same transaction, guarded by its
 * old value, so a skip or a goto racing a post cannot be lost or applied twice.
 * Replacing a plan deletes the old row, and its posts with it.
 */
export const studyPlans = pgTable(
  'study_plans',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    channelName: text('channel_name'),
    startLesson: text('start_lesson').notNull(),
    nextLesson: text('next_lesson'),
    pace: integer('pace').notNull(),
    time: text('time').notNull(),
    timezone: text('timezone').notNull(),
    days: text('days').array().$type<Weekday[]>().notNull(),
    status: text('status', { enum: ['active', 'paused'] })
      .notNull()
      .default('active'),
    startedBy: text('started_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId] }), check('study_plans_pace', sql`${t.pace} between 1 and 3`)],
);

/**
 * One row per study day a plan posted: the unique (tenant, channel, local
 * date) is the claim that posts a day once across replicas and restarts, as
 * `quiz_posts` does for the quiz. The message goes out through the outbox
 * (`quiz_deliveries`, kind `lesson`).
 */
export const planPosts = pgTable(
  'plan_posts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    /** The lessons posted that day, in course order. */
    lessonIds: text('lesson_ids').array().notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    /** The end of the study day: a post not delivered by then is given up (tomorrow brings the next). */
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    messageId: text('message_id'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.channelId], foreignColumns: [studyPlans.tenantId, studyPlans.channelId] }).onDelete('cascade'),
    uniqueIndex('plan_posts_day_uq').on(t.tenantId, t.channelId, t.localDate),
  ],
);

/** Lessons a member marked done (✅ Done): one row per lesson, deleted by Undo. */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.lessonId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
