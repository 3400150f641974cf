import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enqueueOutboxRows, type OutboxRow } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';
import { subscribedInbox } from '../helpers/webhooks';

// Payloads as the StockDO writes them: test/events/catalog.test.ts validates every event in the outbox.
const occurredAt = () => new Date().toISOString();
const lowStock = (sku: string, movementId: string) => ({
  sku,
  locationId: 'L1',
  available: 2,
  status: 'low_stock',
  lowStockThreshold: 5,
  movementId,
  occurredAt: occurredAt(),
});
const oversold = (sku: string, movementId: string) => ({
  sku,
  locationId: 'L1',
  shortfall: 1,
  quantity: 1,
  onHand: -1,
  reserved: 0,
  orderId: null,
  movementId,
  occurredAt: occurredAt(),
});

const fannedOut = (ids: string[]) =>
  withDatabase(async (db) =>
    Object.fromEntries(
      (await db.select({ id: outbox.id, at: outbox.fannedOutAt }).from(outbox).where(inArray(outbox.id, ids))).map(
        (row) => [row.id, row.at !== null],
      ),
    ),
  );

describe('events no webhook endpoint takes are written already fanned out', () => {
  it('answers only the taken events and the tasks to announce, whatever the order they came in', async () => {
    // Deleted when the test ends (subscribedInbox).
    await subscribedInbox(undefined, ['inventory.low_stock']);
    const sku = uniqueId('SKU-W');
    const event = (id: string, topic: string, createdAt?: string): OutboxRow => ({
      id: `${sku}/${id}`,
      topic,
      payload: topic === 'inventory.oversold' ? oversold(sku, id) : lowStock(sku, id),
      ...(createdAt && { createdAt }),
    });
    const untaken = event('oversold', 'inventory.oversold');
    const taken = event('low', 'inventory.low_stock');
    // Of a subscribed type, but from before the endpoint existed: it never takes that one.
    const before = event('low-before', 'inventory.low_stock', new Date(Date.now() - 3_600_000).toISOString());
    // A task is never fanned out (available later, so no dispatcher runs it meanwhile).
    const task: OutboxRow = {
      id: uniqueId('task'),
      topic: 'stock.commit',
      payload: { orderId: 'ord_settle', holds: [] },
      availableAt: new Date(Date.now() + 3_600_000).toISOString(),
    };

    const announce = await withDatabase((db) => enqueueOutboxRows(db, [untaken, taken, task, before]));

    expect(announce.map((row) => row.id)).toEqual([taken.id, task.id]);
    expect(await fannedOut([untaken.id, taken.id, task.id, before.id])).toEqual({
      [untaken.id]: true,
      [taken.id]: false,
      [task.id]: false,
      [before.id]: true,
    });

    // A repeat writes nothing and answers them all: the taken one's fan-out, if it ran, finds it done.
    const again = await withDatabase((db) => enqueueOutboxRows(db, [untaken, taken]));
    expect(again.map((row) => row.id)).toEqual([untaken.id, taken.id]);
  });

  it('an inactive endpoint takes nothing, even one subscribed to every type', async () => {
    const id = uniqueId('wh');
    const put = await api(`/v1/admin/webhooks/${id}`, {
      method: 'PUT',
      token: await opsToken(),
      body: { url: 'https://hooks.example.com/aisle', events: ['*'], active: false },
    });
    expect(put.status).toBe(201);
    const sku = uniqueId('SKU-OFF');
    const event: OutboxRow = { id: `${sku}/off`, topic: 'inventory.oversold', payload: oversold(sku, 'off') };
    expect(await withDatabase((db) => enqueueOutboxRows(db, [event]))).toEqual([]);
    expect(await fannedOut([event.id])).toEqual({ [event.id]: true });
  });
});
