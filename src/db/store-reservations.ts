import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { reservationCapBreach, type ReservationCapBreach, type ReservationCaps } from '../domain/orders';
import type { Database, Transaction } from './client';
import { storeReservations } from './schema';

export type StoreReservationRecord = typeof storeReservations.$inferSelect;

export type CappedInsert =
  { ok: true; reservation: StoreReservationRecord } | { ok: false; breach: ReservationCapBreach };

/**
 * Records the reservation only if it fits the customer's caps. The customer's
 * advisory lock serialises their concurrent reservations, so two requests can
 * never both count the same room under a cap.
 */
export async function insertStoreReservationWithinCaps(
  db: Database,
  caps: ReservationCaps,
  row: typeof storeReservations.$inferInsert,
): Promise<CappedInsert> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`aisle:reservations:${row.customerId}`}))`);
    const active = await customerActiveItems(tx, row.customerId);
    const breach = reservationCapBreach(caps, active, row.items);
    if (breach) return { ok: false as const, breach };
    const [created] = await tx.insert(storeReservations).values(row).returning();
    if (!created) throw new Error('insert returned nothing');
    return { ok: true as const, reservation: created };
  });
}

/** The items of each reservation the customer holds now (held and not yet expired). */
export async function customerActiveItems(
  db: Database | Transaction,
  customerId: string,
): Promise<StoreReservationRecord['items'][]> {
  const rows = await db
    .select({ items: storeReservations.items })
    .from(storeReservations)
    .where(
      and(
        eq(storeReservations.customerId, customerId),
        eq(storeReservations.status, 'held'),
        gt(storeReservations.expiresAt, sql`now()`),
      ),
    );
  return rows.map(({ items }) => items);
}

export async function findStoreReservation(db: Database, id: string): Promise<StoreReservationRecord | null> {
  const [row] = await db.select().from(storeReservations).where(eq(storeReservations.id, id));
  return row ?? null;
}

/** Reservations a store must keep aside now: held and not yet expired. */
export async function activeStoreReservations(db: Database, locationId: string): Promise<StoreReservationRecord[]> {
  return db
    .select()
    .from(storeReservations)
    .where(
      and(
        eq(storeReservations.locationId, locationId),
        eq(storeReservations.status, 'held'),
        gt(storeReservations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(storeReservations.createdAt));
}

export async function cancelStoreReservation(db: Database, id: string): Promise<StoreReservationRecord | null> {
  const [row] = await db
    .update(storeReservations)
    .set({ status: 'cancelled', updatedAt: sql`now()` })
    .where(and(eq(storeReservations.id, id), eq(storeReservations.status, 'held')))
    .returning();
  return row ?? null;
}
