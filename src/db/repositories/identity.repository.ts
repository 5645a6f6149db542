import { and, eq, sql } from 'drizzle-orm';
import type { Actor, Tenant } from '../../core/command.js';
import type { IdentityStore } from '../../core/ports.js';
import { unnestRows } from '../array-literal.js';
import type { Database } from '../client.js';
import { tenants, users } from '../schema.js';
import { StatementBatcher } from '../statement-batcher.js';

interface Identity {
  tenant: Tenant;
  actor: Actor;
}

/**
 * Upserts tenant and user rows. A small in-process memo skips the round trip
 * when nothing changed, because this runs before every interaction; members
 * the memo does not know yet (a fresh replica, a crowd of new members on a
 * daily post) are upserted together, one statement for everyone who arrived
 * while the previous one was out.
 */
export class IdentityRepository implements IdentityStore {
  private readonly known = new Map<string, string>();
  private readonly knownTenants = new Set<string>();
  private static readonly MEMO_LIMIT = 10_000;
  private readonly upserts = new StatementBatcher<Identity, void>({
    run: (identities) => this.upsert(identities),
    key: ({ tenant, actor }) => memoKey(tenant, actor),
    maxBatch: 256,
    maxInFlight: 1,
  });

  constructor(private readonly db: Database) {}

  async ensure(tenant: Tenant, actor: Actor): Promise<void> {
    const key = memoKey(tenant, actor);
    if (this.known.get(key) === actor.displayName) return;
    await this.upserts.submit({ tenant, actor });
    if (this.known.size >= IdentityRepository.MEMO_LIMIT) this.known.clear();
    this.known.set(key, actor.displayName);
  }

  private async upsert(identities: readonly Identity[]): Promise<void[]> {
    // The tenant row never changes once written: one insert per process is enough.
    const newTenants = new Map(identities.filter(({ tenant }) => !this.knownTenants.has(tenant.id)).map(({ tenant }) => [tenant.id, tenant]));
    if (newTenants.size) {
      await this.db
        .insert(tenants)
        .values([...newTenants.values()].map((t) => ({ id: t.id, platform: t.platform, externalId: t.externalId, name: t.name ?? null })))
        .onConflictDoNothing();
      if (this.knownTenants.size + newTenants.size > IdentityRepository.MEMO_LIMIT) this.knownTenants.clear();
      for (const id of newTenants.keys()) this.knownTenants.add(id);
    }
    // One array per column, unnested into rows: the same statement for any number of members.
    await this.db.execute(sql`
      insert into users (tenant_id, id, display_name)
      select * from ${unnestRows(identities, [
        [({ tenant }) => tenant.id, 'text'],
        [({ actor }) => actor.id, 'text'],
        [({ actor }) => actor.displayName, 'text'],
      ])}
      on conflict (tenant_id, id) do update set display_name = excluded.display_name, updated_at = now()
      where users.display_name is distinct from excluded.display_name`);
    return identities.map(() => undefined);
  }

  async displayName(tenantId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ name: users.displayName })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
    return row?.name;
  }
}

const memoKey = (tenant: Tenant, actor: Actor): string => `${tenant.id}\u0000${actor.id}`;
