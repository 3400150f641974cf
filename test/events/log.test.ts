import { describe, expect, it } from 'vitest';
import { enqueueOutboxRows } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { STOCK_COMMIT_TOPIC } from '../../src/outbox/tasks';
import { api, uniqueId } from '../helpers/api';
import { priceDrop, readLog, readLogToEnd, writeEvents } from '../helpers/events';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

/** An event of the test's own to read the log after: everything the test writes next comes later. */
async function anchor() {
  const event = priceDrop(uniqueId('anchor'));
  await writeEvents([event]);
  return event.id;
}

const mine = (events: { stream: string }[], stream: string) => events.filter((event) => event.stream === stream);

describe('the event log', () => {
  it('lists events in order, page by page, each page continuing where `next` says', async () => {
    const after = await anchor();
    const customerId = uniqueId('cus');
    for (let batch = 0; batch < 3; batch += 1) {
      await writeEvents([
        priceDrop(customerId, `${customerId}:${batch}a`),
        priceDrop(customerId, `${customerId}:${batch}b`),
      ]);
    }

    const { events } = await readLogToEnd(after, 2);

    expect(mine(events, `customer:${customerId}`)).toMatchObject(
      ['0a', '0b', '1a', '1b', '2a', '2b'].map((suffix, index) => ({
        id: `${customerId}:${suffix}`,
        type: 'customer.price_drop',
        sequence: index + 1,
        data: { customerId, newAmount: 900 },
      })),
    );
    const page = await readLog(`?after=${after}&limit=1`);
    expect(page.body.events).toHaveLength(1);
    expect(page.body.next).toBe(page.body.events[0].id);
    expect(page.body.events[0]).toMatchObject({ occurredAt: expect.stringMatching(/Z$/) });
  });

  it('leaves tasks out', async () => {
    const after = await anchor();
    const taskId = uniqueId('task');
    await withDatabase((db) =>
      db
        .insert(outbox)
        .values({ id: taskId, topic: STOCK_COMMIT_TOPIC, payload: {}, processedAt: new Date().toISOString() }),
    );
    const event = priceDrop(uniqueId('cus'));
    await writeEvents([event]);

    const ids = (await readLogToEnd(after)).events.map((listed) => listed.id);
    expect(ids).toContain(event.id);
    expect(ids).not.toContain(taskId);
  });

  it('never skips an event whose transaction commits after later events are listed', async () => {
    const after = await anchor();
    const late = priceDrop(uniqueId('late'));
    const early = priceDrop(uniqueId('early'));
    let seenBeforeCommit: string[] = [];
    let cursor = after;
    await withDatabase((db) =>
      db.transaction(async (tx) => {
        await enqueueOutboxRows(tx, [late]);
        await writeEvents([early]);
        const read = await readLogToEnd(after);
        seenBeforeCommit = read.events.map((event) => event.id);
        cursor = read.next;
      }),
    );

    // Held back while the older transaction was open, rather than listed past it.
    expect(seenBeforeCommit).not.toContain(late.id);
    expect(seenBeforeCommit).not.toContain(early.id);
    const ids = (await readLogToEnd(cursor)).events.map((event) => event.id);
    expect(ids).toContain(late.id);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(early.id));
  });

  it('filters by type, and refuses a type that is not in the catalog', async () => {
    const after = await anchor();
    await writeEvents([priceDrop(uniqueId('cus'))]);

    const placed = await readLog(`?after=${after}&types=order.placed,order.shipped`);
    expect(placed.status).toBe(200);
    expect(
      placed.body.events.every((event: { type: string }) => ['order.placed', 'order.shipped'].includes(event.type)),
    ).toBe(true);
    const drops = await readLog(`?after=${after}&types=customer.price_drop`);
    expect(drops.body.events.length).toBeGreaterThan(0);
    expect(drops.body.events.every((event: { type: string }) => event.type === 'customer.price_drop')).toBe(true);

    const unknown = await readLog('?types=order.placed,stock.commit');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_failed');
  });

  it('refuses an `after` that is no event, and keeps the cursor when nothing is new', async () => {
    expect((await readLog(`?after=${uniqueId('nothing')}`)).status).toBe(400);
    const after = await anchor();
    const { next } = await readLogToEnd(after);
    const quiet = await readLog(`?after=${next}&types=loyalty.tier_changed`);
    expect(quiet.body).toEqual({ events: [], next });
  });

  it('answers ops only', async () => {
    expect((await api('/v1/admin/events')).status).toBe(401);
    expect((await api('/v1/admin/events', { token: await customerToken(uniqueId('cus')) })).status).toBe(403);
    expect((await api('/v1/admin/events', { token: await posAt(uniqueId('store')) })).status).toBe(403);
    expect((await api('/v1/admin/events?limit=1', { token: await opsToken() })).status).toBe(200);
  });
});
