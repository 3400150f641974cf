import { describe, expect, it } from 'vitest';
import { enqueueOutboxRows } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { TASK_HANDLERS } from '../../src/outbox/dispatcher';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';

const idsOf = (body: { entries: { id: string }[] }) => body.entries.map((entry) => entry.id);

describe('the pending outbox view, by kind', () => {
  it('shows a stuck stock task under kind=task even when hundreds of newer events are pending', async () => {
    const task = uniqueId('task');
    await withDatabase(async (db) => {
      // The task is old and unprocessed (available far in the future, so no dispatcher runs it)...
      await db.insert(outbox).values({
        id: task,
        topic: 'stock.commit',
        payload: { orderId: 'ord_stuck', holds: [] },
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        availableAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      // ...and a flood of newer order events sits on top of it.
      // (Through the events' own writer, so each is numbered in its stream as a real one is.)
      await enqueueOutboxRows(
        db,
        Array.from({ length: 120 }, (_, i) => {
          const orderId = uniqueId(`ord${i}`);
          return {
            id: `${orderId}:order.placed`,
            topic: 'order.placed',
            payload: { orderId, number: `AIS-${i}`, customerId: null, channel: 'web', total: 100, currency: 'USD' },
          };
        }),
      );
    });
    const ops = await opsToken();

    const flooded = await api('/v1/admin/outbox?state=pending&limit=100', { token: ops });
    expect(flooded.status).toBe(200);
    expect(idsOf(flooded.body)).not.toContain(task);

    const tasks = await api('/v1/admin/outbox?state=pending&kind=task&limit=100', { token: ops });
    expect(tasks.status).toBe(200);
    expect(idsOf(tasks.body)).toContain(task);
    // Other files' pending tasks (a checkout's wallet release, due later) may be listed too: all of them tasks.
    expect(tasks.body.entries.every((entry: { topic: string }) => entry.topic in TASK_HANDLERS)).toBe(true);

    const events = await api('/v1/admin/outbox?state=pending&kind=event&limit=100', { token: ops });
    expect(events.status).toBe(200);
    expect(events.body.entries).toHaveLength(100);
    expect(idsOf(events.body)).not.toContain(task);
    expect(events.body.entries.some((entry: { topic: string }) => entry.topic in TASK_HANDLERS)).toBe(false);
  });

  it('refuses an unknown kind', async () => {
    const res = await api('/v1/admin/outbox?state=pending&kind=everything', { token: await opsToken() });
    expect(res.status).toBe(400);
  });
});
