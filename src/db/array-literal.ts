import { sql, type SQL } from 'drizzle-orm';

/** An element of a Postgres array literal: null is SQL NULL. */
export type ArrayElement = string | number | boolean | null;

/**
 * A Postgres array literal (`{"a","b",NULL}`), passed as one text parameter
 * and cast to the column's array type (`${arrayLiteral(ids)}::bigint[]`).
 *
 * Batched statements pass each column this way and `unnest` them: one
 * parameter per column rather than one per value, so the driver binds a
 * handful of parameters and the query builder walks a handful of chunks
 * however many rows a batch holds, and the statement's text is the same for
 * every batch size (Postgres parses and plans it once per connection). A
 * literal rather than a JavaScript array, because postgres.js only serializes
 * arrays whose type it was told, and both drivers take a string as it is.
 *
 * Every element is quoted, so no value (`NULL`, a comma, a brace) can be read
 * as anything but itself; inside quotes only `"` and `\` are escaped.
 */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    literal += value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${literal}}`;
}

/** The element types batched statements use (a fixed list: the name goes into the statement's text). */
export type ArrayElementType = 'text' | 'bigint' | 'int' | 'boolean' | 'timestamptz' | 'jsonb';

/** A column of a batch: what each item holds in it, and its type. */
export type BatchColumn<T> = readonly [value: (item: T) => ArrayElement, type: ArrayElementType];

/**
 * The rows of a batch as `unnest(col1, col2, …)`, each column one array
 * parameter, for `select * from ${unnestRows(…)}` (columns in order).
 */
export const unnestRows = <T>(items: readonly T[], columns: ReadonlyArray<BatchColumn<T>>): SQL =>
  sql`unnest(${sql.join(
    columns.map(([value, type]) => sql`${arrayLiteral(items.map(value))}::${sql.raw(type)}[]`),
    sql`, `,
  )})`;
