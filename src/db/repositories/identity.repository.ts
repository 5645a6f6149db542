import { and, eq, sql } from 'drizzle-orm';
import type { Actor, Tenant } from '../../core/command.js';
import type { IdentityStore } from '../../core/ports.js';
import type { Database } from '../client.js';
import { tenants, users } from '../schema.js';

/**
 * Upserts tenant and user rows. A small in-process memo skips the round trip
 * when nothing changed, because this runs before every interaction.
 */
export class IdentityRepository implements IdentityStore {
  private readonly known = new Map<string, string>();
  private readonly knownTenants = new Set<string>();
  private static readonly MEMO_LIMIT = 10_000;

  constructor(private readonly db: Database) {}

  async ensure(tenant: Tenant, actor: Actor): Promise<void> {
    const memoKey = `${tenant.id}\u0000${actor.id}`;
    if (this.known.get(memoKey) === actor.displayName) return;
    // The tenant row never changes once written: one insert per process is enough.
    if (!this.knownTenants.has(tenant.id)) {
      await this.db
        .insert(tenants)
        .values({ id: tenant.id, platform: tenant.platform, externalId: tenant.externalId, name: tenant.name ?? null })
        .onConflictDoNothing();
      if (this.knownTenants.size >= IdentityRepository.MEMO_LIMIT) this.knownTenants.clear();
      this.knownTenants.add(tenant.id);
    }
    await this.db
      .insert(users)
      .values({ tenantId: tenant.id, id: actor.id, displayName: actor.displayName })
      .onConflictDoUpdate({
        target: [users.tenantId, users.id],
        set: { displayName: actor.displayName, updatedAt: sql`now()` },
        setWhere: sql`${users.displayName} is distinct from excluded.display_name`,
      });
    if (this.known.size >= IdentityRepository.MEMO_LIMIT) this.known.clear();
    this.known.set(memoKey, actor.displayName);
  }

  async displayName(tenantId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ name: users.displayName })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
    return row?.name;
  }
}
