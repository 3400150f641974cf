import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { customers } from './schema';

/** The customer group Aisle last saw the customer in (their token's `grp` at checkout), or null. */
export async function customerGroupOf(db: Database, customerId: string): Promise<string | null> {
  const [row] = await db.select({ group: customers.customerGroup }).from(customers).where(eq(customers.id, customerId));
  return row?.group ?? null;
}
