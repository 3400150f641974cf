import { and, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { TimeKey } from '../lib/cursor';

/**
 * The sort instant of a list paged by `(createdAt, id)`: `createdAt` cut to
 * the millisecond, in UTC. Postgres keeps microseconds and a cursor (a Date)
 * milliseconds, so both the order and the cut are on the millisecond:
 * otherwise an item a few microseconds older than the page's last, in the
 * same millisecond, would fall between two pages. Read in UTC because
 * date_trunc of a timestamptz depends on the session's time zone, which
 * keeps it out of an index; of a UTC timestamp it is immutable, so a list
 * can have an index on `(createdMs(createdAt), id)` to page along.
 */
export const createdMs = (createdAt: AnyColumn): SQL =>
  sql`date_trunc('milliseconds', ${createdAt} at time zone 'UTC')`;

// An instant as the UTC timestamp createdMs compares with.
const utc = (at: Date): SQL => sql`(${at.toISOString()}::timestamptz at time zone 'UTC')`;

/**
 * A page of a list newest first by `(createdAt, id)`, after `before` (the
 * last item of the previous page). The cut is one row comparison, not the
 * equivalent `or`, so that an index on the pair serves it in order.
 */
export function newestFirstAfter(createdAt: AnyColumn, id: AnyColumn, before: TimeKey | null) {
  const ms = createdMs(createdAt);
  const after = before ? sql`(${ms}, ${id}) < (${utc(before.createdAt)}, ${before.id})` : undefined;
  return { after, order: [desc(ms), desc(id)] as const };
}

/**
 * Items created in `[from, to)`, either end open when absent. A Date holds
 * whole milliseconds, so cutting `createdAt` to the millisecond first keeps
 * the same items and lets the list's index serve the window.
 */
export function createdWithin(createdAt: AnyColumn, from: Date | undefined, to: Date | undefined): SQL | undefined {
  const ms = createdMs(createdAt);
  return and(from && sql`${ms} >= ${utc(from)}`, to && sql`${ms} < ${utc(to)}`);
}
