import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from './client';
import { webhookEndpoints } from './schema';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export interface EndpointChange {
  id: string;
  url: string;
  events: string[];
  active: boolean;
}

/**
 * Creates the endpoint with `sealedSecret`, or updates its url, events and
 * active flag (the secret never changes); `created` tells which, so only a
 * creation shows the secret.
 */
export async function upsertEndpoint(
  db: Database,
  change: EndpointChange,
  sealedSecret: string,
): Promise<{ endpoint: WebhookEndpointRow; created: boolean }> {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ ...change, sealedSecret })
    .onConflictDoUpdate({
      target: webhookEndpoints.id,
      set: { url: change.url, events: change.events, active: change.active, updatedAt: sql`now()` },
    })
    // xmax is 0 only on the row version an insert wrote.
    .returning({ ...getTableColumns(webhookEndpoints), created: sql<boolean>`xmax = 0` });
  if (!row) throw new Error(`upsert of webhook endpoint ${change.id} returned nothing`);
  const { created, ...endpoint } = row;
  return { endpoint, created };
}

export async function findEndpoint(db: Database, id: string): Promise<WebhookEndpointRow | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

export async function listEndpoints(db: Database): Promise<WebhookEndpointRow[]> {
  return db.select().from(webhookEndpoints).orderBy(webhookEndpoints.id);
}

/** Removes the endpoint and its deliveries; false when there was none. */
export async function deleteEndpoint(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** A receiver answered 410 Gone: it asked not to be called again. */
export async function disableEndpoint(db: Database, id: string): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ active: false, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id));
}
