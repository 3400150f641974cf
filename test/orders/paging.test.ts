import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

describe('a customer’s orders, a page at a time', () => {
  it('never skips an order created in the same millisecond as the last one of a page', async () => {
    const customerId = uniqueId('cus');
    // Postgres keeps microseconds; a cursor keeps milliseconds. Three orders a few microseconds apart.
    const ids = ['a', 'b', 'c'].map((suffix) => `ord_${uniqueId(suffix)}`);
    await withDatabase((db) =>
      db.insert(orders).values(
        ids.map((id, i) => ({
          id,
          number: `TEST-${id}`,
          customerId,
          channel: 'web' as const,
          status: 'placed' as const,
          fulfillmentType: 'ship' as const,
          currency: 'USD',
          subtotal: 100,
          discount: 0,
          total: 100,
          createdAt: sql`${`2026-11-30T10:00:00.1231${i}0Z`}::timestamptz`,
        })),
      ),
    );
    const token = await customerToken(customerId);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const query: string = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : '?limit=1';
      const res = await api(`/v1/orders${query}`, { token });
      expect(res.status).toBe(200);
      seen.push(...res.body.orders.map((order: { id: string }) => order.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }

    // Newest first; within one millisecond, by id, newest id first.
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toHaveLength(3);
  });
});
