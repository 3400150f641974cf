import { sql } from 'drizzle-orm';
import { customers } from '../../src/db/schema';
import { BACK_IN_STOCK_NOTIFY_TOPIC } from '../../src/domain/back-in-stock';
import { TASK_HANDLERS } from '../../src/outbox/dispatcher';
import { env } from 'cloudflare:workers';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

/** A customer with a token and, unless told otherwise, a contact in the customers table. */
export async function shopper(contact: { email?: string; phone?: string } | null = {}) {
  const id = uniqueId('cus');
  if (contact) {
    const email = contact.email ?? `${id}@example.test`;
    await withDatabase((db) => db.insert(customers).values({ id, email, phone: contact.phone ?? null }));
  }
  const token = await customerToken(id);
  return {
    id,
    token,
    subscribe: (sku: string, locationId?: string) =>
      api('/v1/back-in-stock', { method: 'POST', token, body: { sku, ...(locationId && { locationId }) } }),
    list: () => api('/v1/back-in-stock', { token }),
    remove: (subscriptionId: string) => api(`/v1/back-in-stock/${subscriptionId}`, { method: 'DELETE', token }),
  };
}
export type Shopper = Awaited<ReturnType<typeof shopper>>;

type TaskRow = { id: string; payload: Record<string, unknown> };

/** The notify tasks the SKU's transitions queued in the outbox, oldest first. */
export async function notifyTasksOf(sku: string): Promise<TaskRow[]> {
  return withDatabase(
    async (db) =>
      (
        await db.execute<TaskRow>(
          sql`select id, payload from outbox where topic = ${BACK_IN_STOCK_NOTIFY_TOPIC} and payload->>'sku' = ${sku} order by created_at, id`,
        )
      ).rows,
  );
}

/**
 * Runs one notify task's handler, as the dispatcher would. Tests call it
 * directly rather than run the shared dispatcher, which other test files may
 * be running at the same time (and so may have leased the task).
 */
export function runNotifyTask(task: TaskRow): Promise<unknown> {
  const handler = TASK_HANDLERS[BACK_IN_STOCK_NOTIFY_TOPIC];
  if (!handler) throw new Error('no notify handler');
  return withDatabase((db) => handler({ env, db }, task.payload));
}

type EventRow = { id: string; payload: Record<string, unknown> };

/** The customer.back_in_stock events naming the customer. */
export async function noticesTo(customerId: string): Promise<EventRow[]> {
  return withDatabase(
    async (db) =>
      (
        await db.execute<EventRow>(
          sql`select id, payload from outbox where topic = 'customer.back_in_stock' and payload->>'customerId' = ${customerId} order by id`,
        )
      ).rows,
  );
}
