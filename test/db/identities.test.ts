import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityRepository } from '../../src/db/repositories/identity.repository.js';
import { tenants, users } from '../../src/db/schema.js';
import { createTestDatabase, driverName, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let identities: IdentityRepository;
beforeEach(async () => {
  database = await createTestDatabase();
  identities = new IdentityRepository(database.db);
});
afterEach(async () => database.drop());

const server = (n: number) => ({ id: `discord:guild-${n}`, platform: 'discord' as const, externalId: `guild-${n}`, name: `Server ${n}` });
const member = (id: string, displayName: string) => ({ id, displayName, isAdmin: false });

const storedMembers = () =>
  database.db.select({ tenantId: users.tenantId, id: users.id, name: users.displayName }).from(users).orderBy(asc(users.tenantId), asc(users.id));

describe(`members and servers as the bot first meets them (${driverName})`, () => {
  it('GIVEN 60 members of two servers, new to the bot, whose first clicks arrive at once THEN each is stored under their own server with their name', async () => {
    const arrivals = Array.from({ length: 60 }, (_, i) => ({ tenant: server(i % 2), user: member(`u${String(i).padStart(2, '0')}`, `Learner ${i}`) }));
    await Promise.all(arrivals.map(({ tenant, user }) => identities.ensure(tenant, user)));
    expect(await storedMembers()).toEqual(
      arrivals
        .map(({ tenant, user }) => ({ tenantId: tenant.id, id: user.id, name: user.displayName }))
        .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.id.localeCompare(b.id)),
    );
    expect((await database.db.select({ id: tenants.id, name: tenants.name }).from(tenants).orderBy(asc(tenants.id))).map((t) => t.name)).toEqual([
      'Server 0',
      'Server 1',
    ]);
  });

  it('GIVEN members whose names hold what means something to the database (quotes, backslashes, braces, commas, NULL, emoji, RTL) arriving at once THEN each name is stored exactly as given', async () => {
    const names = ['say "hi"', 'back\\slash\\', '{braces},commas', 'NULL', 'null', '', '🦊🦊', '\u202Eevil', "O'Brien", ' padded '];
    const tenant = server(3);
    await Promise.all(names.map((name, i) => identities.ensure(tenant, member(`odd-${i}`, name))));
    const stored = new Map((await storedMembers()).map((row) => [row.id, row.name]));
    expect(names.map((_, i) => stored.get(`odd-${i}`))).toEqual(names);
  });

  it('GIVEN a member who renames themselves while their previous interaction is still being stored THEN neither fails and the newer name is kept', async () => {
    const tenant = server(1);
    await Promise.all([
      identities.ensure(tenant, member('ana', 'Ana')),
      identities.ensure(tenant, member('ana', 'Ana B.')),
      identities.ensure(tenant, member('bo', 'Bo')),
    ]);
    expect(await storedMembers()).toEqual([
      { tenantId: tenant.id, id: 'ana', name: 'Ana B.' },
      { tenantId: tenant.id, id: 'bo', name: 'Bo' },
    ]);
  });

  it('GIVEN the same member in two servers THEN they are two members, each with the name that server knows', async () => {
    await Promise.all([identities.ensure(server(1), member('kim', 'Kim')), identities.ensure(server(2), member('kim', 'Kimberly'))]);
    expect((await storedMembers()).map((m) => [m.tenantId, m.name])).toEqual([
      ['discord:guild-1', 'Kim'],
      ['discord:guild-2', 'Kimberly'],
    ]);
  });
});
