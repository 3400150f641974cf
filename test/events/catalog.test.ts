import { runDurableObjectAlarm } from 'cloudflare:test';
import { isNotNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema';
import { EVENT_TYPES, isEventType } from '../../src/domain/events';
import { eventEnvelope } from '../../src/outbox/event-envelope';
import { TASK_HANDLERS } from '../../src/outbox/dispatcher';
import { eventSchema } from '../../src/schemas/events';
import { api, uniqueId } from '../helpers/api';
import { cartOf, device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { advanceClock } from '../helpers/clock';
import { collectedOrder } from '../helpers/events';
import { withDatabase } from '../helpers/postgres';
import { customerToken, posAt } from '../helpers/tokens';

/** Some of every kind of writer: an order's life, a cancel, a return, a till sale, an abandoned cart. */
async function produceEvents() {
  const shop = await openShop({ units: 10 });
  const sku = shop.skus[0]!;
  const { id } = await collectedOrder(shop, { quantity: 2 });
  const returned = await api(`/v1/orders/${id}/returns`, {
    method: 'POST',
    token: await posAt(shop.storeId),
    body: { returnId: uniqueId('ret'), lines: [{ sku, quantity: 2, disposition: 'restock' }] },
  });
  expect(returned.status).toBe(201);
  const token = await customerToken(uniqueId('cus'));
  await device(token).add(sku, 1);
  await device(token).fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT });
  expect((await api(`/v1/orders/${placed.body.id}/cancel`, { method: 'POST', token })).status).toBe(200);

  const idle = uniqueId('idle');
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    await device(await customerToken(idle)).add(sku, 1);
    advanceClock(3600_000 + 1000);
    expect(await runDurableObjectAlarm(cartOf(`customer:${idle}`))).toBe(true);
  } finally {
    vi.useRealTimers();
  }
}

describe('the event catalog', () => {
  it('documents every event type under the OpenAPI document’s webhooks', async () => {
    const doc = (await api('/openapi.json')).body;
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    const placed = doc.webhooks['order.placed'].post.requestBody.content['application/json'].schema;
    expect(placed.properties.data.properties).toHaveProperty('sequence');
  });

  it('has a schema for every event the code writes, and every event written validates against it', async () => {
    await produceEvents();

    const rows = await withDatabase((db) => db.select().from(outbox));
    const tasks = new Set(Object.keys(TASK_HANDLERS));
    const unknown = rows.filter((row) => !tasks.has(row.topic) && !isEventType(row.topic)).map((row) => row.topic);
    expect(unknown).toEqual([]);
    const events = await withDatabase((db) => db.select().from(outbox).where(isNotNull(outbox.stream)));
    const types = new Set(events.map((event) => event.topic));
    for (const type of ['order.placed', 'order.picked_up', 'order.returned', 'order.cancelled', 'cart.abandoned']) {
      expect(types).toContain(type);
    }
    for (const row of events) {
      const envelope = eventEnvelope(row);
      const parsed = eventSchema(envelope.type).safeParse(envelope);
      expect(parsed.error?.issues ?? [], `${row.id}`).toEqual([]);
    }
  });

  it('gives every event, and no task, a stream and a sequence', async () => {
    const rows = await withDatabase((db) => db.select().from(outbox));
    for (const row of rows) {
      const isEvent = isEventType(row.topic);
      expect(row.stream !== null, row.id).toBe(isEvent);
      expect(row.sequence !== null, row.id).toBe(isEvent);
    }
  });
});
