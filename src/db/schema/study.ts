import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants, users } from './tenancy.js';

/** Teams per tenant; names unique ignoring case. One team per user (team_members primary key). */
export const teams = pgTable(
  'teams',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    index('team_members_team_idx').on(t.teamId),
  ],
);

/** A user's spaced-repetition card for one question (FSRS state as JSON). */
export const reviewCards = pgTable(
  'review_cards',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    questionKey: text('question_key').notNull(),
    due: timestamp('due', { withTimezone: true }).notNull(),
    state: jsonb('state').notNull(),
    reviews: integer('reviews').notNull().default(0),
    lapses: integer('lapses').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.questionKey] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    index('review_cards_due_idx').on(t.tenantId, t.userId, t.due),
  ],
);

/** Practice and review answers: no points, but they count for accuracy and mastery. */
export const practiceAnswers = pgTable(
  'practice_answers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    questionKey: text('question_key').notNull(),
    kind: text('kind').notNull(),
    correct: boolean('correct').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    index('practice_answers_user_idx').on(t.tenantId, t.userId),
  ],
);

/**
 * Members' reports of questions they think are wrong, with a plain-text note.
 * One open report per member per question (the partial unique index: a second
 * report updates the note). An admin resolves every open report of a question
 * in a tenant at once (same `resolved_at`, resolution and note), which keeps
 * them as history; a question with open reports from three or more members is
 * left out of that tenant's daily quiz until then.
 */
export const questionReports = pgTable(
  'question_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    questionKey: text('question_key').notNull(),
    /** The member who reported it. */
    userId: text('user_id').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** `fixed` (in the content) or `stands` (the question is right). */
    resolution: text('resolution', { enum: ['fixed', 'stands'] }),
    resolutionNote: text('resolution_note'),
    /** The admin who resolved it. */
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    // One open report per member per question; it also serves the open reports of a tenant, by question.
    uniqueIndex('question_reports_open_uq')
      .on(t.tenantId, t.questionKey, t.userId)
      .where(sql`${t.resolvedAt} is null`),
    index('question_reports_resolved_idx')
      .on(t.tenantId, t.resolvedAt)
      .where(sql`${t.resolvedAt} is not null`),
    check('question_reports_note_length', sql`char_length(${t.note}) <= 300`),
    check('question_reports_resolution_note_length', sql`char_length(${t.resolutionNote}) <= 300`),
    check('question_reports_resolved', sql`(${t.resolvedAt} is null) = (${t.resolution} is null) and (${t.resolvedAt} is null) = (${t.resolvedBy} is null)`),
  ],
);

/**
 * How many of a member's answers (daily, practice and review) fell in each
 * chapter, and how many were right: /stats's mastery without reading the
 * member's history. Kept by the triggers `member_chapter_totals_daily` and
 * `member_chapter_totals_practice` (migration 0009) in the inserting
 * transaction, like board_totals; answers are append-only, so rows only grow.
 */
export const memberChapterTotals = pgTable(
  'member_chapter_totals',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    chapter: integer('chapter').notNull(),
    answered: integer('answered').notNull(),
    correct: integer('correct').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.chapter] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
