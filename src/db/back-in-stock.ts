import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import {
  CUSTOMER_BACK_IN_STOCK_TOPIC,
  customerBackInStockEventId,
  type BackInStockNotice,
} from '../domain/back-in-stock';
import type { Database } from './client';
import { outboxWrites, toAnnounce } from './outbox';
import { backInStockSubscriptions, customers, locations, products } from './schema';

export type SubscriptionRecord = typeof backInStockSubscriptions.$inferSelect;

export interface SubscriptionRequest {
  customerId: string;
  sku: string;
  locationId: string | null;
  createdAt: Date;
}

export type SubscribeOutcome =
  | { ok: true; created: boolean; subscription: SubscriptionRecord }
  | { ok: false; reason: 'unknown_sku' | 'unknown_location' | 'limit_reached' };

const samePlace = (locationId: string | null) =>
  locationId === null
    ? isNull(backInStockSubscriptions.locationId)
    : eq(backInStockSubscriptions.locationId, locationId);

/**
 * Adds a waiting subscription, or finds the customer's waiting one for the
 * same SKU and place. The customer's subscriptions are serialized by a
 * transaction-scoped advisory lock (there may be no customers row to lock),
 * so two concurrent requests can neither both pass the cap nor both insert.
 */
export async function subscribeWithinCap(
  db: Database,
  request: SubscriptionRequest,
  id: string,
  cap: number,
): Promise<SubscribeOutcome> {
  return db.transaction(async (tx) => {
    const [product] = await tx.select({ active: products.active }).from(products).where(eq(products.sku, request.sku));
    if (!product?.active) return { ok: false, reason: 'unknown_sku' };
    if (request.locationId !== null) {
      const [location] = await tx
        .select({ id: locations.id })
        .from(locations)
        .where(eq(locations.id, request.locationId));
      if (!location) return { ok: false, reason: 'unknown_location' };
    }
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`back-in-stock:${request.customerId}`}))`);
    const waiting = and(
      eq(backInStockSubscriptions.customerId, request.customerId),
      eq(backInStockSubscriptions.status, 'waiting'),
    );
    const [existing] = await tx
      .select()
      .from(backInStockSubscriptions)
      .where(and(waiting, eq(backInStockSubscriptions.sku, request.sku), samePlace(request.locationId)));
    if (existing) return { ok: true, created: false, subscription: existing };
    const [{ waitingCount } = { waitingCount: 0 }] = await tx
      .select({ waitingCount: count() })
      .from(backInStockSubscriptions)
      .where(waiting);
    if (waitingCount >= cap) return { ok: false, reason: 'limit_reached' };
    const [created] = await tx
      .insert(backInStockSubscriptions)
      .values({ id, ...request })
      .returning();
    if (!created) throw new Error(`subscription ${id} was not inserted`);
    return { ok: true, created: true, subscription: created };
  });
}

/** A customer's subscriptions, oldest first. */
export async function subscriptionsOf(db: Database, customerId: string): Promise<SubscriptionRecord[]> {
  return db
    .select()
    .from(backInStockSubscriptions)
    .where(eq(backInStockSubscriptions.customerId, customerId))
    .orderBy(asc(backInStockSubscriptions.createdAt), asc(backInStockSubscriptions.id));
}

/** Deletes one of the customer's subscriptions; null when there is none of theirs with that id. */
export async function deleteSubscription(
  db: Database,
  customerId: string,
  id: string,
): Promise<SubscriptionRecord | null> {
  const [deleted] = await db
    .delete(backInStockSubscriptions)
    .where(and(eq(backInStockSubscriptions.id, id), eq(backInStockSubscriptions.customerId, customerId)))
    .returning();
  return deleted ?? null;
}

/**
 * The fan-out of one back-in-stock transition, in one statement (so one
 * transaction): every waiting subscription of that SKU and place becomes
 * `notified`, and each one flipped gets its `customer.back_in_stock` event
 * with the customer's contact. The update's `status = 'waiting'` is
 * re-checked on a row another notify task changed concurrently (Postgres
 * re-evaluates it after that task commits), so a subscription is flipped by
 * one task only; its event id is its own, so even a replay inserts nothing
 * twice. Only subscriptions made by the transition's time are notified
 * (BackInStockNotice). Returns the subscriptions it notified and the ids of
 * their events to announce: all but those no endpoint takes, which are
 * written settled (outboxWrites).
 */
export async function notifyWaiting(
  db: Database,
  notice: BackInStockNotice,
): Promise<{ notified: string[]; toAnnounce: string[] }> {
  const place = notice.locationId === null ? sql`s.location_id is null` : sql`s.location_id = ${notice.locationId}`;
  // customerBackInStockEventId(f.id), in SQL; streamed by customer as eventStream would.
  const noticeEvents = sql`
    select f.id || ${`:${CUSTOMER_BACK_IN_STOCK_TOPIC}`} as id, ${CUSTOMER_BACK_IN_STOCK_TOPIC}::text as topic,
      jsonb_build_object(
        'subscriptionId', f.id, 'customerId', f.customer_id, 'sku', f.sku, 'locationId', f.location_id,
        'email', c.email, 'phone', c.phone, 'transitionEventId', ${notice.eventId}::text) as payload,
      null::timestamptz as created_at, null::timestamptz as available_at,
      'customer:' || f.customer_id as stream, row_number() over (order by f.id) as ord
    from flipped f left join ${customers} c on c.id = f.customer_id`;
  const notices = outboxWrites('notices', noticeEvents);
  const result = await db.execute<{ notified: string[]; settled: string[] }>(sql`
    with flipped as (
      update ${backInStockSubscriptions} s
      set status = 'notified', notified_at = now(), notified_by = ${notice.eventId}
      where s.sku = ${notice.sku} and ${place} and s.status = 'waiting'
        and s.created_at <= ${notice.occurredAt}::timestamptz
      returning s.id, s.customer_id, s.sku, s.location_id
    ), ${sql.join(notices.writes, sql`, `)}
    select array(select id from flipped) as notified, ${notices.settled} as settled`);
  const { notified = [], settled = [] } = result.rows[0] ?? {};
  const events = notified.map((id) => ({ id: customerBackInStockEventId(id) }));
  return { notified, toAnnounce: toAnnounce(events, settled).map((event) => event.id) };
}
