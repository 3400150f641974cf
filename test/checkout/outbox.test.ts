import { eq, inArray } from 'drizzle-orm';
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { outbox } from '../../src/db/schema';
import { OUTBOX_TASK_RETRY } from '../../src/domain/delivery';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken } from '../helpers/tokens';
import { runDispatcher } from '../helpers/checkout';

const taskFor = (id: string) =>
  withDatabase(async (db) => (await db.select().from(outbox).where(eq(outbox.id, id)))[0]);

describe('the outbox dispatcher', () => {
  it('retries a failing task with backoff, then parks it as dead where ops can see and revive it', async () => {
    const id = uniqueId('task');
    // A commit for a hold no StockDO knows: it can never succeed.
    await withDatabase((db) =>
      db.insert(outbox).values({
        id,
        topic: 'stock.commit',
        payload: { orderId: 'ord_ghost', holds: [{ sku: uniqueId('GHOST'), holdId: 'nope' }] },
      }),
    );
    await runDispatcher();
    const retried = await taskFor(id);
    expect(retried).toMatchObject({
      attempts: 1,
      dead: false,
      processedAt: null,
      lastError: expect.stringContaining('does not exist'),
    });
    expect(Date.parse(`${retried?.availableAt}`)).toBeGreaterThan(Date.now());

    await withDatabase((db) =>
      db
        .update(outbox)
        .set({ attempts: OUTBOX_TASK_RETRY.maxAttempts - 1, availableAt: new Date(0).toISOString() })
        .where(eq(outbox.id, id)),
    );
    await runDispatcher();
    expect(await taskFor(id)).toMatchObject({ dead: true, attempts: OUTBOX_TASK_RETRY.maxAttempts });

    const ops = await opsToken();
    const dead = await api('/v1/admin/outbox?state=dead', { token: ops });
    expect(dead.body.entries.map((entry: { id: string }) => entry.id)).toContain(id);
    expect((await api('/v1/admin/outbox', { token: await customerToken() })).status).toBe(403);

    const revived = await api(`/v1/admin/outbox/${encodeURIComponent(id)}/retry`, { method: 'POST', token: ops });
    expect(revived.body).toMatchObject({ id, dead: false, attempts: 0 });
  });

  it('is run by the cron trigger', async () => {
    const id = uniqueId('task');
    await withDatabase((db) =>
      db.insert(outbox).values({ id, topic: 'stock.commit', payload: { orderId: 'ord_ghost', holds: [] } }),
    );
    const context = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, context);
    await waitOnExecutionContext(context);
    expect(await taskFor(id)).toMatchObject({ attempts: 1, processedAt: expect.anything() });
  });

  it('drains more than one batch in a cron run', async () => {
    // 120 recommendations publishes (of SKUs no order paired: each writes an empty list), three batches of 50 at most.
    const ids = Array.from({ length: 120 }, () => uniqueId('task'));
    await withDatabase((db) =>
      db.insert(outbox).values(
        ids.map((id) => ({
          id,
          topic: 'recommendations.publish',
          payload: { orderId: id, skus: [uniqueId('NEVER-PAIRED'), uniqueId('NEVER-PAIRED')] },
        })),
      ),
    );
    const context = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, context);
    await waitOnExecutionContext(context);
    const rows = await withDatabase((db) =>
      db.select({ processedAt: outbox.processedAt }).from(outbox).where(inArray(outbox.id, ids)),
    );
    expect(rows.filter((row) => row.processedAt === null)).toEqual([]);
  });
});
