import { eq } from 'drizzle-orm';
import { orders, outbox } from '../../src/db/schema';
import { api, uniqueId, type ApiResponse } from './api';
import { withDatabase } from './postgres';

export interface SaleLine {
  sku: string;
  quantity: number;
  unitAmount?: number;
  overrideReason?: string;
}

/** A sale as a till sends it: rung up now, paid `payments` (cash for `amount` by default). */
export function saleOf(lines: SaleLine[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    saleId: uniqueId('sale'),
    occurredAt: new Date().toISOString(),
    lines,
    payments: [],
    ...fields,
  };
}

export const cash = (amount: number) => ({ tender: 'cash', amount });
export const card = (amount: number, reference = 'AUTH-1') => ({ tender: 'card', amount, reference });

export function postSale(token: string, sale: unknown, options: { fault?: string } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = options.fault ? { 'x-inject-fault': options.fault } : {};
  return api('/v1/pos/sales', { method: 'POST', token, body: sale, headers });
}

export const syncSales = (token: string, sales: unknown[]) =>
  api('/v1/pos/sales/sync', { method: 'POST', token, body: { sales } });

/** The orders recorded for a till's saleId at a store, straight from Postgres. */
export const ordersOfSale = (locationId: string, saleId: string) =>
  withDatabase((db) =>
    db
      .select({ id: orders.id, locationId: orders.locationId })
      .from(orders)
      .where(eq(orders.saleId, saleId))
      .then((rows) => rows.filter((row) => row.locationId === locationId)),
  );

/** Outbox rows of a topic whose payload names the order. */
export const outboxFor = (topic: string, orderId: string) =>
  withDatabase(async (db) =>
    (await db.select().from(outbox).where(eq(outbox.topic, topic))).filter(
      (row) => (row.payload as { orderId?: string }).orderId === orderId,
    ),
  );
