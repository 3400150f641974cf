import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { customers } from './schema';

// What a reminder may write to: the profile's e-mail and phone, or null when
// neither is known (a guest cart, a customer Aisle has no contact for).
const contact = sql`(select case when c.email is null and c.phone is null then null
    else jsonb_build_object('email', c.email, 'phone', c.phone) end
  from ${customers} c where c.id = r.payload->>'customerId')`;

/**
 * A cart's events (cart.abandoned) into the outbox, each with its owner's
 * contact read from the profile by the same statement: the cart's object
 * never holds the contact, and a customer erased before the event lands
 * gets none. Answers those to announce (enqueueOutboxRows).
 */
export function enqueueCartEvents(db: Database, rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
  return enqueueOutboxRows(db, rows, sql`r.payload || jsonb_build_object('contact', ${contact})`);
}
