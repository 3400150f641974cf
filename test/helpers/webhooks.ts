import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { expect, inject, onTestFinished } from 'vitest';
import { webhookDeliveries } from '../../src/db/schema';
import { sweepWebhooks } from '../../src/webhooks/delivery-run';
import { api, uniqueId } from './api';
import { device } from './carts';
import { checkoutWith, openShop, TEST_PAYMENT } from './checkout';
import { withDatabase } from './postgres';
import { customerToken, opsToken } from './tokens';
import type { ScriptedAnswer } from '../setup/webhook-script';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** A receiver outside workerd (test/setup/webhook-receiver.ts) answering with `answers` in turn, the last repeating. */
export async function openInbox(answers: ScriptedAnswer[] = [{ status: 200 }]) {
  const base = inject('webhookReceiverUrl');
  const response = await fetch(`${base}/inboxes`, { method: 'POST', body: JSON.stringify({ answers }) });
  const { id, url } = (await response.json()) as { id: string; url: string };
  const received = async () => {
    const inbox = await fetch(`${base}/inboxes/${id}`);
    return ((await inbox.json()) as { received: ReceivedWebhook[] }).received;
  };
  /** Waits (real time) until at least `count` requests of `webhookId` arrived; them. */
  const waitFor = async (webhookId: string, count = 1, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = (await received()).filter((request) => request.headers['webhook-id'] === webhookId);
      if (got.length >= count || Date.now() > deadline) return got;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { url, received, waitFor };
}

/** PUTs an endpoint as ops; its answer (with the secret when it was created). */
export async function putEndpoint(url: string, events: string[], id = uniqueId('wh')) {
  const response = await api(`/v1/admin/webhooks/${id}`, {
    method: 'PUT',
    token: await opsToken(),
    body: { url, events },
  });
  return { id, response };
}

/**
 * An endpoint for order.placed at a new inbox, deleted when the test ends:
 * every test file places orders, and an endpoint left behind would go on
 * receiving them all.
 */
export async function subscribedInbox(answers?: ScriptedAnswer[], events = ['order.placed']) {
  const inbox = await openInbox(answers);
  const { id, response } = await putEndpoint(inbox.url, events);
  expect(response.status).toBe(201);
  onTestFinished(async () => {
    await api(`/v1/admin/webhooks/${id}`, { method: 'DELETE', token: await opsToken() });
  });
  return { ...inbox, endpointId: id, secret: response.body.secret as string };
}

/** A web order placed through checkout; its id. */
export async function placeOrder(headers: { fault?: string } = {}): Promise<string> {
  const shop = await openShop();
  const cart = device(await customerToken(uniqueId('cus')));
  expect((await cart.add(shop.skus[0]!, 1)).status).toBe(200);
  await cart.fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(cart.token, { payment: TEST_PAYMENT }, headers);
  expect(placed.status).toBe(201);
  return placed.body.id as string;
}

/**
 * Standard Webhooks verification written here from the spec, apart from
 * src/lib/webhook-signing.ts: HMAC-SHA256 keyed with the bytes of the base64
 * part of the secret after `whsec_`, over `{webhook-id}.{webhook-timestamp}.{body}`,
 * compared with each space-separated `v1,` entry of webhook-signature.
 */
export async function hasValidSignature(secret: string, received: ReceivedWebhook): Promise<boolean> {
  const id = received.headers['webhook-id'];
  const timestamp = received.headers['webhook-timestamp'];
  const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${received.body}`);
  for (const entry of (received.headers['webhook-signature'] ?? '').split(' ')) {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) continue;
    const mac = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    if (await crypto.subtle.verify('HMAC', key, mac, signed)) return true;
  }
  return false;
}

/** The deliveries of one endpoint, straight from Postgres. */
export const deliveriesOf = (endpointId: string) =>
  withDatabase((db) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)));

/** Runs the webhook part of the cron, as the scheduled handler would. */
export const runWebhookSweep = () =>
  withDatabase((db) => sweepWebhooks({ db, signingSecret: env.SIGNING_SECRET, queue: env.EVENTS }));

/** The webhook-id of an order's order.placed event. */
export const placedEventId = (orderId: string) => `${orderId}:order.placed`;
