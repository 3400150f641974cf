import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from './client';
import { storeReservations } from './schema';

export type StoreReservationRecord = typeof storeReservations.$inferSelect;

export async function insertStoreReservation(
  db: Database,
  row: typeof storeReservations.$inferInsert,
): Promise<StoreReservationRecord> {
  const [created] = await db.insert(storeReservations).values(row).returning();
  if (!created) throw new Error('insert returned nothing');
  return created;
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
