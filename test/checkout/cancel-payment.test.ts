import { eq } from 'drizzle-orm';
import { describe, expect, inject, it, vi } from 'vitest';
import { outbox, payments } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, runDispatcher } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

// Card payments go to the local stand-in for Stripe (test/setup/card-gateway-stub.ts).
const gatewayUrl = () => inject('cardGatewayUrl');

async function placeCardOrder() {
  const shop = await openShop({ units: 5 });
  const token = await customerToken(uniqueId('cus'));
  await device(token).add(shop.skus[0]!, 1);
  await device(token).fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment: { method: 'card', token: 'pm_card_visa' } });
  expect(placed.body.payment).toEqual({ method: 'card', status: 'authorized' });
  const [payment] = await withDatabase((db) => db.select().from(payments).where(eq(payments.orderId, placed.body.id)));
  return { token, order: placed.body, intentId: payment!.providerReference };
}

/** The PaymentIntent as the gateway holds it. */
async function paymentIntent(id: string): Promise<{ status: string; cancellation_reason: string | null }> {
  const response = await fetch(`${gatewayUrl()}/v1/payment_intents/${id}`, {
    headers: { authorization: `Bearer ${inject('cardGatewaySecret')}` },
  });
  return response.json();
}

const voidTask = (orderId: string) =>
  withDatabase(
    async (db) =>
      (
        await db
          .select()
          .from(outbox)
          .where(eq(outbox.id, `${orderId}:payment.void`))
      )[0],
  );

describe('cancelling a paid order', () => {
  it('voids the card authorization and shows the payment voided', async () => {
    const { token, order, intentId } = await placeCardOrder();

    const cancelled = await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token });

    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment: { method: 'card', status: 'voided' } });
    expect(await paymentIntent(intentId)).toMatchObject({ status: 'canceled' });
    expect((await api(`/v1/orders/${order.id}`, { token })).body.payment).toEqual({ method: 'card', status: 'voided' });
    // Written with the cancel, run at once and marked done without a dispatcher lease.
    await vi.waitFor(async () => {
      expect(await voidTask(order.id)).toMatchObject({ attempts: 0, processedAt: expect.anything() });
    });
  });

  it('leaves a void the gateway refused to the dispatcher, which retries it until done', async () => {
    const { token, order, intentId } = await placeCardOrder();
    await fetch(`${gatewayUrl()}/__stub/outage/cancel/${intentId}`, { method: 'POST' });

    const cancelled = await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token });

    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment: { status: 'authorized' } });
    expect(await paymentIntent(intentId)).toMatchObject({ status: 'requires_capture' });
    expect(await voidTask(order.id)).toMatchObject({ processedAt: null, dead: false });

    await runDispatcher();

    expect(await paymentIntent(intentId)).toMatchObject({ status: 'canceled' });
    expect((await api(`/v1/orders/${order.id}`, { token })).body.payment).toEqual({ method: 'card', status: 'voided' });
    expect(await voidTask(order.id)).toMatchObject({ attempts: 1, processedAt: expect.anything() });
  });
});
