import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendLedgerBatches } from '../../src/db/inventory';
import { outbox } from '../../src/db/schema';
import { uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { drainLedger, stockedSku } from '../helpers/stock';
import { subscribedInbox } from '../helpers/webhooks';

describe('stock transitions and the webhook endpoints that take them', () => {
  it("reach an endpoint that subscribes to them, through the StockDO's shipment", async () => {
    const inbox = await subscribedInbox(undefined, ['inventory.low_stock']);
    const { sku, stock } = await stockedSku({ L1: 8 });
    await stock.sell({ saleId: 'pos-low', locationId: 'L1', quantity: 4 });
    await drainLedger(stock);

    const [received] = await inbox.waitFor(`${sku}/sale/pos-low:low_stock`);
    expect(JSON.parse(received!.body)).toMatchObject({
      type: 'inventory.low_stock',
      data: { data: { sku, locationId: 'L1', available: 4 } },
    });
  });

  it('are settled in the shipment when no endpoint takes them, and only the taken ones are answered to announce', async () => {
    await subscribedInbox(undefined, ['inventory.low_stock']);
    const sku = uniqueId('SKU-SETTLE');
    // After the endpoint was created, as every shipped event is for an endpoint that takes it.
    const createdAt = new Date().toISOString();
    const payload = { sku, locationId: 'L1', available: 0, movementId: 'm1', occurredAt: createdAt };
    const taken = { id: `${sku}/m1:low_stock`, topic: 'inventory.low_stock', payload, createdAt };
    // A whole oversold payload: test/events/catalog.test.ts validates every event in the outbox.
    const oversold = { ...payload, shortfall: 1, quantity: 1, onHand: -1, reserved: 0, orderId: null };
    const untaken = { id: `${sku}/m1:oversold`, topic: 'inventory.oversold', payload: oversold, createdAt };

    const toAnnounce = await withDatabase((db) =>
      appendLedgerBatches(db, [{ movements: [], events: [taken, untaken] }]),
    );
    expect(toAnnounce.map((batch) => batch.map((row) => row.id))).toEqual([[taken.id]]);

    const rows = await withDatabase((db) =>
      db
        .select({ id: outbox.id, fannedOutAt: outbox.fannedOutAt })
        .from(outbox)
        .where(inArray(outbox.id, [taken.id, untaken.id])),
    );
    const fannedOut = Object.fromEntries(rows.map((row) => [row.id, row.fannedOutAt !== null]));
    // The taken one waits for its announcement's fan-out; the other needs none.
    expect(fannedOut).toEqual({ [taken.id]: false, [untaken.id]: true });
  });
});
