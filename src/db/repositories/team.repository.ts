import { and, eq, sql } from 'drizzle-orm';
import { resultRows, type Database } from '../client.js';
import type { Period } from '../../quiz/leaderboard.js';
import type { TeamStore, TeamSummary } from '../../quiz/ports.js';
import { teamMembers, teams } from '../schema.js';

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
};

/** Teams per tenant; a user is in at most one team (team_members' primary key). */
export class TeamRepository implements TeamStore {
  constructor(private readonly db: Database) {}

  /** False when the tenant already has a team with that name (ignoring case). */
  async create(tenantId: string, name: string, createdBy: string): Promise<boolean> {
    try {
      await this.db.insert(teams).values({ tenantId, name, createdBy });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async find(tenantId: string, name: string): Promise<{ id: number; name: string } | undefined> {
    const [row] = await this.db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.tenantId, tenantId), sql`lower(${teams.name}) = lower(${name})`));
    return row;
  }

  async delete(tenantId: string, id: number): Promise<void> {
    await this.db.delete(teams).where(and(eq(teams.tenantId, tenantId), eq(teams.id, id)));
  }

  /** Joins (or moves to) a team; returns the team the user left, if any. */
  async join(tenantId: string, userId: string, teamId: number): Promise<string | undefined> {
    const previous = await this.teamOf(tenantId, userId);
    await this.db
      .insert(teamMembers)
      .values({ tenantId, userId, teamId })
      .onConflictDoUpdate({ target: [teamMembers.tenantId, teamMembers.userId], set: { teamId, joinedAt: sql`now()` } });
    return previous && previous.id !== teamId ? previous.name : undefined;
  }

  async leave(tenantId: string, userId: string): Promise<string | undefined> {
    const current = await this.teamOf(tenantId, userId);
    if (current) await this.db.delete(teamMembers).where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.userId, userId)));
    return current?.name;
  }

  async teamOf(tenantId: string, userId: string): Promise<{ id: number; name: string } | undefined> {
    const [row] = await this.db
      .select({ id: teams.id, name: teams.name })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.userId, userId)));
    return row;
  }

  /** Every team with its current members and their points in one board bucket (a primary-key probe per member). */
  async summaries(tenantId: string, period: Period, periodStart: string): Promise<TeamSummary[]> {
    const result = await this.db.execute(sql`
      select t.id, t.name, m.user_id, u.display_name, coalesce(b.points, 0)::int as points
      from teams t
      left join team_members m on m.team_id = t.id
      left join users u on u.tenant_id = m.tenant_id and u.id = m.user_id
      left join board_totals b on b.tenant_id = m.tenant_id and b.period = ${period} and b.period_start = ${periodStart}::date and b.user_id = m.user_id
      where t.tenant_id = ${tenantId}
      order by lower(t.name), u.display_name`);
    const byTeam = new Map<number, TeamSummary>();
    for (const row of resultRows<{ id: number | string; name: string; user_id: string | null; display_name: string | null; points: number }>(result)) {
      const id = Number(row.id);
      const team = byTeam.get(id) ?? { id, name: row.name, members: [], points: 0 };
      if (row.user_id) {
        team.members.push({ userId: row.user_id, displayName: row.display_name ?? row.user_id });
        team.points += row.points;
      }
      byTeam.set(id, team);
    }
    return [...byTeam.values()];
  }
}
