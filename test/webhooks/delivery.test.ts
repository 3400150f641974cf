import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema';
import { api } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';
import { deliveriesOf, hasValidSignature, placedEventId, placeOrder, subscribedInbox } from '../helpers/webhooks';

describe('webhook delivery through the EVENTS queue', () => {
  it('delivers a placed order within seconds of its commit, signed per Standard Webhooks', async () => {
    const inbox = await subscribedInbox();
    const orderId = await placeOrder();
    const [received] = await inbox.waitFor(placedEventId(orderId));
    expect(received).toBeDefined();
    const body = JSON.parse(received!.body);
    expect(body).toMatchObject({
      type: 'order.placed',
      data: { type: 'order.placed', sequence: 1, stream: `order:${orderId}`, data: { orderId } },
    });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    expect(received!.headers['webhook-id']).toBe(`${orderId}:order.placed`);
    expect(Math.abs(Number(received!.headers['webhook-timestamp']) * 1000 - Date.now())).toBeLessThan(60_000);
    expect(await hasValidSignature(inbox.secret, received!)).toBe(true);
    // A signature under another secret, or over another body, does not pass.
    expect(await hasValidSignature('whsec_' + btoa('another secret of 32 bytes......'), received!)).toBe(false);
    expect(await hasValidSignature(inbox.secret, { ...received!, body: received!.body + ' ' })).toBe(false);

    // Latency, commit to receipt: measured here, asserted only as a sanity bound (the bench measures it).
    const [order] = await withDatabase((db) => db.select().from(orders).where(eq(orders.id, orderId)));
    const latencyMs = received!.receivedAt - new Date(order!.createdAt).getTime();
    console.info(`webhook latency, order commit to receiver: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(15_000);
    const delivery = (await deliveriesOf(inbox.endpointId)).find((row) => row.eventId === placedEventId(orderId));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastResponseStatus: 200 });
  });

  it('retries a failed delivery with the same webhook-id, signed again', async () => {
    const inbox = await subscribedInbox([{ status: 500, body: 'try later' }, { status: 200 }]);
    const orderId = await placeOrder();
    const [first, second] = await inbox.waitFor(placedEventId(orderId), 2, 30_000);
    expect(second).toBeDefined();
    expect(first!.headers['webhook-id']).toBe(`${orderId}:order.placed`);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(await hasValidSignature(inbox.secret, second!)).toBe(true);
    // The schedule's first retry is 5 s after the failure.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(4_500);
    const delivery = (await deliveriesOf(inbox.endpointId)).find((row) => row.eventId === placedEventId(orderId));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastResponseStatus: 200 });
  });

  it('lists an endpoint’s deliveries newest first, a page at a time, by status', async () => {
    const inbox = await subscribedInbox();
    const first = await placeOrder();
    await inbox.waitFor(placedEventId(first));
    const second = await placeOrder();
    await inbox.waitFor(placedEventId(second));
    const token = await opsToken();
    const page = (query: string) => api(`/v1/admin/webhooks/${inbox.endpointId}/deliveries?${query}`, { token });
    // Other files' orders may reach this endpoint too; ours are the two we wait for.
    const ours = (list: { eventId: string }[]) =>
      list.map((d) => d.eventId).filter((id) => [placedEventId(first), placedEventId(second)].includes(id));
    const all = await page('limit=100');
    expect(ours(all.body.deliveries)).toEqual([placedEventId(second), placedEventId(first)]);
    const delivered = await page('status=delivered&limit=100');
    expect(ours(delivered.body.deliveries)).toEqual([placedEventId(second), placedEventId(first)]);
    const latest = delivered.body.deliveries.find((d: { eventId: string }) => d.eventId === placedEventId(second));
    expect(latest).toMatchObject({ status: 'delivered', attempts: 1, lastResponseStatus: 200 });
    expect(latest.deliveredAt).not.toBeNull();

    const one = await page('limit=1');
    expect(one.body.deliveries).toHaveLength(1);
    expect(one.body.nextCursor).toEqual(expect.any(String));
    const rest = await page(`limit=100&cursor=${encodeURIComponent(one.body.nextCursor)}`);
    const ids = [...one.body.deliveries, ...rest.body.deliveries].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.body.deliveries.map((d: { id: string }) => d.id));
    expect(ours((await page('status=dead')).body.deliveries)).toEqual([]);
    expect((await page('cursor=not-ours')).status).toBe(400);
  });
});
