import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { orders, outbox } from '../../src/db/schema';
import { LOST_ANNOUNCEMENT_FAULT } from '../../src/lib/announce';
import { attemptDeliveries } from '../../src/webhooks/delivery-run';
import { api } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';
import {
  deliveriesOf,
  hasValidSignature,
  placedEventId,
  placeOrder,
  runWebhookSweep,
  subscribedInbox,
} from '../helpers/webhooks';

const SECOND = 1_000;
const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

const deliveryOf = async (endpointId: string, orderId: string) =>
  (await deliveriesOf(endpointId)).find((row) => row.eventId === placedEventId(orderId));

/** Polls the delivery until `done` holds (real time). */
async function deliveryWhen(
  endpointId: string,
  orderId: string,
  done: (row: NonNullable<Awaited<ReturnType<typeof deliveryOf>>>) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await deliveryOf(endpointId, orderId);
    if ((row && done(row)) || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One attempt now, by this isolate's (possibly moved) clock, as the queue's consumer would run it. */
const attemptNow = (deliveryId: string) =>
  withDatabase((db) => attemptDeliveries({ db, signingSecret: env.SIGNING_SECRET, queue: env.EVENTS }, [deliveryId]));

const admin = async (path: string, method = 'GET') =>
  api(`/v1/admin/webhooks${path}`, { method, token: await opsToken() });

describe('webhook failures', () => {
  it('retries on the Standard Webhooks schedule, is dead after the 8th attempt, and a manual retry delivers it', async () => {
    const failing = Array.from({ length: 8 }, () => ({ status: 500, body: 'try later' }));
    const inbox = await subscribedInbox([...failing, { status: 200 }]);
    const orderId = await placeOrder();
    const eventId = placedEventId(orderId);
    // The first attempt at once, the second 5 s later, both by the queue.
    await inbox.waitFor(eventId, 2, 30_000);
    const second = await deliveryWhen(
      inbox.endpointId,
      orderId,
      (row) => row.attempts === 2 && row.nextAttemptAt !== null && Date.parse(row.nextAttemptAt) > Date.now() + 60_000,
    );
    expect(second).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastResponseStatus: 500,
      lastResponseExcerpt: 'try later',
    });

    // The rest, with the clock moved to each attempt's due time: 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    vi.useFakeTimers({ toFake: ['Date'] });
    let row = second!;
    for (const delay of [30 * 60 * SECOND, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]) {
      vi.setSystemTime(Date.parse(row.nextAttemptAt!));
      await attemptNow(row.id);
      row = (await deliveryOf(inbox.endpointId, orderId))!;
      expect(row.status).toBe('pending');
      // Never before the schedule's step, at most a tenth later (jitter).
      const waited = Date.parse(row.nextAttemptAt!) - Date.now();
      expect(waited).toBeGreaterThanOrEqual(delay);
      expect(waited).toBeLessThanOrEqual(delay * 1.1);
    }
    vi.setSystemTime(Date.parse(row.nextAttemptAt!));
    await attemptNow(row.id);
    vi.useRealTimers();
    const dead = await deliveryOf(inbox.endpointId, orderId);
    expect(dead).toMatchObject({ status: 'dead', attempts: 8, nextAttemptAt: null, lastResponseStatus: 500 });
    expect(await inbox.waitFor(eventId, 8)).toHaveLength(8);

    const listed = await admin(`/${inbox.endpointId}/deliveries?status=dead`);
    expect(listed.status).toBe(200);
    expect(listed.body.deliveries).toContainEqual(
      expect.objectContaining({ id: dead!.id, eventId, eventType: 'order.placed', status: 'dead', attempts: 8 }),
    );
    const pending = await admin(`/${inbox.endpointId}/deliveries?status=pending`);
    expect(pending.body.deliveries.map((d: { id: string }) => d.id)).not.toContain(dead!.id);

    const retried = await admin(`/${inbox.endpointId}/deliveries/${dead!.id}/retry`, 'POST');
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead!.id, status: 'pending', attempts: 0 });
    const [ninth] = (await inbox.waitFor(eventId, 9)).slice(8);
    expect(ninth!.headers['webhook-id']).toBe(eventId);
    expect(await hasValidSignature(inbox.secret, ninth!)).toBe(true);
    expect(await deliveryWhen(inbox.endpointId, orderId, (r) => r.status === 'delivered')).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
    // Delivered is final: retrying it is a conflict; an unknown delivery is not found.
    expect((await admin(`/${inbox.endpointId}/deliveries/${dead!.id}/retry`, 'POST')).status).toBe(409);
    expect((await admin(`/${inbox.endpointId}/deliveries/whd_unknown/retry`, 'POST')).status).toBe(404);
  });

  it('disables the endpoint when the receiver answers 410 Gone', async () => {
    const inbox = await subscribedInbox([{ status: 410 }]);
    const orderId = await placeOrder();
    await inbox.waitFor(placedEventId(orderId));
    expect(await deliveryWhen(inbox.endpointId, orderId, (row) => row.status === 'dead')).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastResponseStatus: 410,
      nextAttemptAt: null,
    });
    expect((await admin(`/${inbox.endpointId}`)).body.active).toBe(false);

    // The next event is fanned out to no one here.
    const later = await placeOrder();
    const fannedOut = async () => {
      const [event] = await withDatabase((db) =>
        db
          .select()
          .from(outbox)
          .where(eq(outbox.id, placedEventId(later))),
      );
      return event?.fannedOutAt ?? null;
    };
    const deadline = Date.now() + 10_000;
    while ((await fannedOut()) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await fannedOut()).not.toBeNull();
    expect(await deliveryOf(inbox.endpointId, later)).toBeUndefined();
  });

  it('waits as long as a Retry-After asks', async () => {
    const inbox = await subscribedInbox([{ status: 503, headers: { 'retry-after': '120' } }, { status: 200 }]);
    const orderId = await placeOrder();
    const [first] = await inbox.waitFor(placedEventId(orderId));
    const row = await deliveryWhen(
      inbox.endpointId,
      orderId,
      (r) =>
        r.lastResponseStatus === 503 &&
        r.attempts === 1 &&
        Date.parse(r.nextAttemptAt ?? '') > first!.receivedAt + 60_000,
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: 503 });
    // Not the schedule's 5 s: 120 s from the answer.
    expect(Date.parse(row!.nextAttemptAt!)).toBeGreaterThanOrEqual(first!.receivedAt + 119 * SECOND);
    expect(Date.parse(row!.nextAttemptAt!)).toBeLessThan(first!.receivedAt + 125 * SECOND);
  });

  it('times out a hanging receiver without holding up other endpoints; redirects and endless bodies do no harm', async () => {
    const hanging = await subscribedInbox([{ hang: true }]);
    const healthy = await subscribedInbox([{ status: 204 }]);
    const redirecting = await subscribedInbox([
      { status: 302, headers: { location: 'https://elsewhere.example.com/' } },
    ]);
    const endless = await subscribedInbox([{ status: 200, hugeBody: true }]);
    const orderId = await placeOrder();
    const eventId = placedEventId(orderId);
    const [order] = await withDatabase((db) => db.select().from(orders).where(eq(orders.id, orderId)));

    const [arrived] = await healthy.waitFor(eventId);
    // Well inside the hanging receiver's 10 s.
    expect(arrived!.receivedAt - new Date(order!.createdAt).getTime()).toBeLessThan(8 * SECOND);
    expect(await deliveryWhen(healthy.endpointId, orderId, (r) => r.status === 'delivered')).toMatchObject({
      status: 'delivered',
      lastResponseStatus: 204,
    });
    const endlessRow = await deliveryWhen(endless.endpointId, orderId, (r) => r.status === 'delivered');
    expect(endlessRow).toMatchObject({ status: 'delivered', lastResponseStatus: 200 });
    expect(new TextEncoder().encode(endlessRow!.lastResponseExcerpt ?? '').byteLength).toBeLessThanOrEqual(256);
    expect(
      await deliveryWhen(redirecting.endpointId, orderId, (r) => r.attempts >= 1 && r.lastResponseStatus !== null),
    ).toMatchObject({
      status: 'pending',
      lastResponseStatus: 302,
    });
    const timedOut = await deliveryWhen(hanging.endpointId, orderId, (r) => r.lastError !== null, 20_000);
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: null });
    expect(timedOut!.lastError).toMatch(/timed out/);
    expect(await hanging.waitFor(eventId)).toHaveLength(1);
  });

  it('the cron sweep delivers an event whose queue message was lost', async () => {
    const inbox = await subscribedInbox();
    const orderId = await placeOrder({ fault: LOST_ANNOUNCEMENT_FAULT });
    const eventId = placedEventId(orderId);
    // Nothing was announced: nothing arrives, the event is not fanned out.
    expect(await inbox.waitFor(eventId, 1, 1_500)).toHaveLength(0);
    const [event] = await withDatabase((db) => db.select().from(outbox).where(eq(outbox.id, eventId)));
    expect(event!.fannedOutAt).toBeNull();

    await runWebhookSweep();
    const [received] = await inbox.waitFor(eventId);
    expect(await hasValidSignature(inbox.secret, received!)).toBe(true);
    expect(JSON.parse(received!.body)).toMatchObject({ type: 'order.placed', data: { data: { orderId } } });
    expect(await deliveryOf(inbox.endpointId, orderId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});
