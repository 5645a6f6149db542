import { sql, type Placeholder, type Query, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';

/** Where a statement built once takes a value: in place of the value, in its fragments too. */
export type SqlValue<T> = T | Placeholder;

const dialect = new PgDialect();

/**
 * A hot statement whose SQL text drizzle builds once, on its first run, with a
 * named placeholder for each value; every run after binds the values alone.
 * Building the text anew walks every fragment and allocates its pieces each
 * time: about a tenth of the bot's CPU in a burst of `/stats`, and 28 KB of
 * garbage per board page (docs/PERFORMANCE.md). The text is the same as
 * before, so postgres.js finds the statement it prepared on the connection.
 *
 * `build` receives `value(name)` for each value and must use it only as a
 * value inside `sql` (its fragments may take `SqlValue`s): a placeholder is
 * not the value, so nothing may be computed from it.
 */
export function builtOnce<Name extends string>(
  build: (value: (name: Name) => Placeholder) => SQL,
): (db: Database, values: Record<Name, unknown>) => Promise<unknown> {
  let query: Query | undefined;
  return (db, values) => {
    query ??= dialect.sqlToQuery(build((name) => sql.placeholder(name)));
    return db._.session.prepareQuery(query, undefined, undefined, false).execute(values);
  };
}
