import { sql, type SQL } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtOnce, type SqlValue } from '../../src/db/built-once.js';
import { resultRows } from '../../src/db/client.js';
import { createTestDatabase, driverName, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => database.drop());

/** A fragment as the repositories write them: it takes a value or the placeholder standing for it. */
const greeting = (name: SqlValue<string>): SQL => sql`'hello ' || ${name}::text`;

describe(`GIVEN a statement built once (${driverName})`, () => {
  it('WHEN it runs again with other values THEN each run answers for its own values, in fragments too, and the text was built the first time only', async () => {
    let builds = 0;
    const statement = builtOnce<'name' | 'times'>((value) => {
      builds += 1;
      return sql`select ${greeting(value('name'))} as greeting, ${value('times')}::int * 2 as doubled, ${'a constant'}::text as constant`;
    });
    const run = async (name: string, times: number) => resultRows(await statement(database.db, { name, times }));

    expect(await run('Ada', 2)).toEqual([{ greeting: 'hello Ada', doubled: 4, constant: 'a constant' }]);
    expect(await run('Linus', 21)).toEqual([{ greeting: 'hello Linus', doubled: 42, constant: 'a constant' }]);
    // Inside a transaction it runs on the transaction's connection: what the transaction wrote is there.
    const inTransaction = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table seen (name text) on commit drop`);
      await tx.execute(sql`insert into seen values ('Grace')`);
      return resultRows(await builtOnce<'name'>((value) => sql`select count(*)::int as n from seen where name = ${value('name')}`)(tx, { name: 'Grace' }));
    });
    expect(inTransaction).toEqual([{ n: 1 }]);
    expect(builds).toBe(1);
  });

  it('WHEN a value is missing THEN the run fails and names it, and nothing is sent', async () => {
    const statement = builtOnce<'name'>((value) => sql`select ${value('name')}::text as name`);
    await expect(statement(database.db, {} as { name: string })).rejects.toThrow(/placeholder "name"/);
  });
});
