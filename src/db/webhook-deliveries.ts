import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { DeliveryStatus } from '../domain/webhooks';
import type { TimeKey } from '../lib/cursor';
import type { Database } from './client';
import { EVENT_COLUMNS, type EventRow } from './event-log';
import { newestFirstAfter } from './paging';
import { outbox, webhookDeliveries, webhookEndpoints } from './schema';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

// Deliveries are due by the Worker's clock (`now`, epoch ms), passed in, so a test that moves its clock moves
// the schedule; a claimed delivery is hidden this long, longer than an attempt's 10 s timeout.
const CLAIM_LEASE_MS = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Endpoint `w` takes the event: it is active, was there before the event happened, and subscribes to its type. */
export const endpointTakes = (event: { topic: SQL; createdAt: SQL }) =>
  sql`w.active and w.created_at <= ${event.createdAt} and ('*' = any(w.events) or ${event.topic} = any(w.events))`;
const takesE = endpointTakes({ topic: sql`e.topic`, createdAt: sql`e.created_at` });

/**
 * Creates one delivery per matching active endpoint for each event not yet
 * fanned out (the named ones, or, for the cron's sweep, the oldest `limit`),
 * and marks those events fanned out, in one statement. An endpoint receives
 * the events that happened after it was created. Idempotent: an event is
 * fanned out once (skip locked, and the mark), and (endpoint, event) is unique.
 */
export async function fanOutEvents(
  db: Database,
  types: readonly string[],
  scope: { ids: readonly string[] } | { limit: number },
  now: number,
): Promise<string[]> {
  const which =
    'ids' in scope
      ? sql`id = any(${sql.param([...scope.ids])}::text[])`
      : sql`true order by created_at limit ${scope.limit}`;
  const result = await db.execute<{ id: string }>(sql`
    with events as (
      select id, topic, created_at from outbox
      where fanned_out_at is null and topic = any(${sql.param([...types])}::text[]) and ${which}
      for update skip locked
    ), marked as (
      update outbox set fanned_out_at = now() where id in (select id from events)
    )
    insert into webhook_deliveries (id, endpoint_id, event_id, event_type, next_attempt_at)
    select 'whd_' || substr(md5(w.id || '|' || e.id), 1, 24), w.id, e.id, e.topic, ${iso(now)}::timestamptz
    from events e
    join webhook_endpoints w on ${takesE}
    on conflict (endpoint_id, event_id) do nothing
    returning id`);
  return result.rows.map((row) => row.id);
}

/** Pending deliveries due at `now`: of the named events, or the oldest `limit` (the cron's sweep). */
export async function dueDeliveryIds(
  db: Database,
  scope: { eventIds: readonly string[] } | { limit: number },
  now: number,
): Promise<string[]> {
  const due = and(eq(webhookDeliveries.status, 'pending'), sql`${webhookDeliveries.nextAttemptAt} <= ${iso(now)}`);
  const query = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries);
  const rows =
    'eventIds' in scope
      ? await query.where(and(due, sql`${webhookDeliveries.eventId} = any(${sql.param([...scope.eventIds])}::text[])`))
      : await query.where(due).orderBy(webhookDeliveries.nextAttemptAt).limit(scope.limit);
  return rows.map((row) => row.id);
}

export interface ClaimedDelivery {
  id: string;
  eventId: string;
  /** Attempts started, this one included. */
  attempts: number;
  endpoint: { id: string; url: string; active: boolean; sealedSecret: string };
  /** The event as the outbox holds it now; null if it is gone. */
  event: EventRow | null;
}

/**
 * Takes a due delivery for one attempt: counts the attempt and hides it for
 * the lease, atomically, so a queue message and the cron's sweep never send
 * it at once. Null when it is not due (someone else has it, or it is done).
 */
export async function claimDelivery(db: Database, id: string, now: number): Promise<ClaimedDelivery | null> {
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: iso(now + CLAIM_LEASE_MS) })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.status, 'pending'),
        sql`${webhookDeliveries.nextAttemptAt} <= ${iso(now)}`,
      ),
    )
    .returning({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      attempts: webhookDeliveries.attempts,
      endpointId: webhookDeliveries.endpointId,
    });
  if (!claimed) return null;
  const [endpoint] = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      active: webhookEndpoints.active,
      sealedSecret: webhookEndpoints.sealedSecret,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, claimed.endpointId));
  const [event] = await db.select(EVENT_COLUMNS).from(outbox).where(eq(outbox.id, claimed.eventId));
  if (!endpoint) return null;
  return { id: claimed.id, eventId: claimed.eventId, attempts: claimed.attempts, endpoint, event: event ?? null };
}

/** What an attempt left on the delivery's record. */
export interface AttemptRecord {
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

export async function recordAttempt(db: Database, id: string, record: AttemptRecord, now: number): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: record.status,
      nextAttemptAt: record.nextAttemptAt === null ? null : iso(record.nextAttemptAt),
      lastResponseStatus: record.responseStatus,
      lastResponseExcerpt: record.responseExcerpt,
      lastError: record.error,
      deliveredAt: record.status === 'delivered' ? iso(now) : null,
    })
    .where(eq(webhookDeliveries.id, id));
}

export interface DeliveryPage {
  endpointId: string;
  status: DeliveryStatus | undefined;
  before: TimeKey | null;
  limit: number;
}

/** An endpoint's deliveries newest first, one more than `limit` so the caller knows if there is a next page. */
export async function listDeliveries(db: Database, page: DeliveryPage): Promise<WebhookDeliveryRow[]> {
  const { after, order } = newestFirstAfter(webhookDeliveries.createdAt, webhookDeliveries.id, page.before);
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, page.endpointId),
        page.status ? eq(webhookDeliveries.status, page.status) : undefined,
        after,
      ),
    )
    .orderBy(...order)
    .limit(page.limit + 1);
}

export async function findDelivery(db: Database, endpointId: string, id: string): Promise<WebhookDeliveryRow | null> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

/**
 * Makes a pending or dead delivery due at `now` with a fresh schedule (ops
 * fixed the receiver); a delivered one is left alone. Null when there is none to revive.
 */
export async function reviveDelivery(db: Database, endpointId: string, id: string, now: number) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: iso(now), lastError: null })
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.id, id),
        sql`${webhookDeliveries.status} <> 'delivered'`,
      ),
    )
    .returning(getTableColumns(webhookDeliveries));
  return row ?? null;
}
