import { and, desc, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { TimeKey } from '../lib/cursor';

/**
 * A page of a list newest first by `(createdAt, id)`, after `before` (the
 * last item of the previous page). Postgres keeps microseconds and a cursor
 * (a Date) milliseconds, so both the order and the cut are on the
 * millisecond: otherwise an item a few microseconds older than the page's
 * last, in the same millisecond, would fall between two pages.
 */
export function newestFirstAfter(createdAt: AnyColumn, id: AnyColumn, before: TimeKey | null) {
  const createdMs = sql`date_trunc('milliseconds', ${createdAt})`;
  const cut = before ? sql`${before.createdAt.toISOString()}::timestamptz` : null;
  const after: SQL | undefined =
    before && cut ? or(sql`${createdMs} < ${cut}`, and(sql`${createdMs} = ${cut}`, lt(id, before.id))) : undefined;
  return { after, order: [desc(createdMs), desc(id)] as const };
}
