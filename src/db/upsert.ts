import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * The `set` clause of an upsert that replaces `fields` with the incoming row's
 * values (Postgres' `excluded` pseudo-row) and stamps `updatedAt`.
 */
export function replaceOnConflict<T extends PgTable>(table: T, fields: readonly (keyof T['_']['columns'] & string)[]) {
  const columns = getTableColumns(table);
  const set: Record<string, SQL> = { updatedAt: sql`now()` };
  for (const field of fields) {
    const column = columns[field];
    if (column) set[field] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}
