import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enqueueOutboxRows, type OutboxRow } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';
import { subscribedInbox } from '../helpers/webhooks';

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
    const payload = { sku, locationId: 'L1', available: 0, movementId: 'm1' };
    const event = (id: string, topic: string, createdAt?: string): OutboxRow => ({
      id: `${sku}/${id}`,
      topic,
      payload,
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
    const oversold: OutboxRow = { id: `${sku}/off`, topic: 'inventory.oversold', payload: { sku, shortfall: 1 } };
    expect(await withDatabase((db) => enqueueOutboxRows(db, [oversold]))).toEqual([]);
    expect(await fannedOut([oversold.id])).toEqual({ [oversold.id]: true });
  });
});
