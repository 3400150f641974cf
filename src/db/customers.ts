import { eq, sql } from 'drizzle-orm';
import type { LookupMethod } from '../domain/customers';
import type { Database, Transaction } from './client';
import { customerLookups, customers } from './schema';

export type CustomerRow = typeof customers.$inferSelect;

/** The customer group Aisle last saw the customer in (their token's `grp` at checkout), or null. */
export async function customerGroupOf(db: Database, customerId: string): Promise<string | null> {
  const [row] = await db.select({ group: customers.customerGroup }).from(customers).where(eq(customers.id, customerId));
  return row?.group ?? null;
}

/**
 * The customer's profile, created empty if Aisle never saw them, in one
 * statement: the insert answers the new row, the select the existing one
 * (a CTE's insert is invisible to its sibling select, so exactly one answers).
 * Creating it on first read gives the profile a stable `createdAt` from then on.
 */
export async function ensureCustomer(db: Database | Transaction, id: string): Promise<CustomerRow> {
  const created = db.insert(customers).values({ id }).onConflictDoNothing({ target: customers.id }).returning();
  // Both halves list the columns in the schema's order (`returning()`, `select()`), not the table's.
  const existing = db.select().from(customers).where(eq(customers.id, id));
  const result = await db.execute(
    sql`with created as (${created.getSQL()}) select * from created union all ${existing.getSQL()}`,
  );
  const [row] = result.rows;
  if (!row) throw new Error(`customer ${id} was neither created nor found`);
  return rowOf(row);
}

/** The profile row, held until the transaction ends, so a read-change-write of consents never loses an answer. */
export async function lockCustomer(tx: Transaction, id: string): Promise<CustomerRow> {
  await tx.insert(customers).values({ id }).onConflictDoNothing({ target: customers.id });
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
  if (!row) throw new Error(`customer ${id} vanished under its lock`);
  return row;
}

/** Another customer already has this email (in any case); the caller's transaction is rolled back. */
export class EmailInUse extends Error {
  constructor() {
    super('the email belongs to another customer');
    this.name = 'EmailInUse';
  }
}

export type ProfileChange = Partial<Pick<CustomerRow, 'name' | 'email' | 'phone' | 'marketingConsent'>>;

/**
 * Writes the change; the unique email index decides between two customers
 * claiming one email at once (the second waits for the first and fails),
 * which becomes EmailInUse.
 */
export async function updateCustomer(tx: Transaction, id: string, change: ProfileChange): Promise<CustomerRow> {
  try {
    const [row] = await tx
      .update(customers)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(customers.id, id))
      .returning();
    if (!row) throw new Error(`customer ${id} vanished under its lock`);
    return row;
  } catch (error) {
    if (violates(error, 'customers_email_idx')) throw new EmailInUse();
    throw error;
  }
}

/** Whether `error` (or a cause) is Postgres refusing a row for the unique index `index`. */
function violates(error: unknown, index: string): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === index) return true;
  }
  return false;
}

export const findCustomer = async (db: Database, id: string): Promise<CustomerRow | null> =>
  (await db.select().from(customers).where(eq(customers.id, id)))[0] ?? null;

/** Customers by email (any case; at most one, the index is unique) or by E.164 phone (a household may share one). */
export function findCustomersBy(
  db: Database,
  query: { email: string } | { phone: string },
  limit: number,
): Promise<CustomerRow[]> {
  const where =
    'email' in query ? sql`lower(${customers.email}) = lower(${query.email})` : eq(customers.phone, query.phone);
  return db.select().from(customers).where(where).orderBy(customers.id).limit(limit);
}

export interface CustomerLookup {
  id: string;
  actorSub: string;
  actorRole: string;
  locationId: string | null;
  method: LookupMethod;
  customerIds: string[];
}

export async function recordLookup(db: Database, lookup: CustomerLookup): Promise<void> {
  await db.insert(customerLookups).values(lookup);
}

/** A row of `select *` from customers, with drizzle's names and types. */
function rowOf(raw: Record<string, unknown>): CustomerRow {
  return {
    id: raw.id as string,
    name: (raw.name as string | null) ?? null,
    email: (raw.email as string | null) ?? null,
    phone: (raw.phone as string | null) ?? null,
    marketingConsent: (raw.marketing_consent as CustomerRow['marketingConsent'] | null) ?? {},
    customerGroup: (raw.customer_group as string | null) ?? null,
    createdAt: new Date(raw.created_at as string).toISOString(),
    updatedAt: new Date(raw.updated_at as string).toISOString(),
  };
}
