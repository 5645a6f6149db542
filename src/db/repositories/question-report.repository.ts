import { and, eq, isNull, sql } from 'drizzle-orm';
import type { OpenReports, ReportStore, Resolution, ResolvedReports } from '../../quiz/ports.js';
import { resultRows, type Database } from '../client.js';
import { questionReports } from '../schema.js';

/** Timestamps from `db.execute` are Dates on one driver and strings on the other. */
const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/**
 * Members' reports of questions, per tenant. The partial unique index keeps one
 * open report per member per question; a resolution closes every open report
 * of the question in the tenant in one statement, and they stay as history.
 */
export class QuestionReportRepository implements ReportStore {
  constructor(private readonly db: Database) {}

  async report(input: { tenantId: string; userId: string; questionKey: string; note: string; at: Date }): Promise<{ id: number; updated: boolean }> {
    const [row] = await this.db
      .insert(questionReports)
      .values({ tenantId: input.tenantId, userId: input.userId, questionKey: input.questionKey, note: input.note, createdAt: input.at })
      .onConflictDoUpdate({
        target: [questionReports.tenantId, questionReports.questionKey, questionReports.userId],
        targetWhere: sql`${questionReports.resolvedAt} is null`,
        // A report sent again without a note (the console's button, an empty form) keeps the note it had.
        set: { note: sql`case when excluded.note = '' then question_reports.note else excluded.note end` },
      })
      // xmax is 0 on a row this statement inserted, and the updating transaction's id on one it updated.
      .returning({ id: questionReports.id, inserted: sql<boolean>`(xmax = 0)` });
    return { id: row!.id, updated: !row!.inserted };
  }

  async open(tenantId: string): Promise<OpenReports[]> {
    const result = await this.db.execute(sql`
      select r.id, r.question_key, r.user_id, coalesce(u.display_name, r.user_id) as display_name, r.note, r.created_at
      from question_reports r
      left join users u on u.tenant_id = r.tenant_id and u.id = r.user_id
      where r.tenant_id = ${tenantId} and r.resolved_at is null
      order by r.question_key, r.id`);
    const byQuestion = new Map<string, OpenReports>();
    type Row = { id: number | string; question_key: string; user_id: string; display_name: string; note: string; created_at: Date | string };
    for (const row of resultRows<Row>(result)) {
      const group = byQuestion.get(row.question_key) ?? { id: Number(row.id), questionKey: row.question_key, reports: [] };
      group.reports.push({ userId: row.user_id, displayName: row.display_name, note: row.note, at: toDate(row.created_at) });
      byQuestion.set(row.question_key, group);
    }
    return [...byQuestion.values()].sort((a, b) => b.reports.length - a.reports.length || a.id - b.id);
  }

  async resolved(tenantId: string, limit: number): Promise<ResolvedReports[]> {
    const result = await this.db.execute(sql`
      select min(r.id) as id, r.question_key, count(*)::int as members, r.resolution, r.resolution_note,
             coalesce(u.display_name, r.resolved_by) as resolved_by, r.resolved_at
      from question_reports r
      left join users u on u.tenant_id = r.tenant_id and u.id = r.resolved_by
      where r.tenant_id = ${tenantId} and r.resolved_at is not null
      group by r.question_key, r.resolved_at, r.resolution, r.resolution_note, r.resolved_by, u.display_name
      order by r.resolved_at desc, min(r.id) desc
      limit ${limit}`);
    type Row = {
      id: number | string;
      question_key: string;
      members: number;
      resolution: Resolution;
      resolution_note: string | null;
      resolved_by: string;
      resolved_at: Date | string;
    };
    return resultRows<Row>(result).map((row) => ({
      id: Number(row.id),
      questionKey: row.question_key,
      members: row.members,
      resolution: row.resolution,
      note: row.resolution_note,
      resolvedBy: row.resolved_by,
      resolvedAt: toDate(row.resolved_at),
    }));
  }

  async resolve(input: {
    tenantId: string;
    id: number;
    resolution: Resolution;
    note: string | null;
    by: string;
    at: Date;
  }): Promise<{ questionKey: string; members: number } | undefined> {
    // The report must be this tenant's and still open; then every open report of its question goes with it.
    const target = this.db
      .select({ questionKey: questionReports.questionKey })
      .from(questionReports)
      .where(and(eq(questionReports.tenantId, input.tenantId), eq(questionReports.id, input.id), isNull(questionReports.resolvedAt)));
    const rows = await this.db
      .update(questionReports)
      .set({ resolvedAt: input.at, resolution: input.resolution, resolutionNote: input.note, resolvedBy: input.by })
      .where(and(eq(questionReports.tenantId, input.tenantId), isNull(questionReports.resolvedAt), eq(questionReports.questionKey, sql`(${target})`)))
      .returning({ questionKey: questionReports.questionKey });
    return rows.length ? { questionKey: rows[0]!.questionKey, members: rows.length } : undefined;
  }

  async heldBack(tenantId: string, minMembers: number): Promise<Set<string>> {
    const rows = await this.db
      .select({ questionKey: questionReports.questionKey })
      .from(questionReports)
      .where(and(eq(questionReports.tenantId, tenantId), isNull(questionReports.resolvedAt)))
      .groupBy(questionReports.questionKey)
      .having(sql`count(*) >= ${minMembers}`);
    return new Set(rows.map((r) => r.questionKey));
  }
}
