import { describe, expect, inject, it } from 'vitest';
import { StripeCardGateway, type CardGatewaySettings } from '../../src/payments/card-gateway';
import {
  PaymentUnavailableError,
  RefundRefusedError,
  type AuthorizationRequest,
  type RefundRequest,
} from '../../src/payments/provider';

// Runs against the local stand-in for Stripe's API started by the test stack (test/setup/card-gateway-stub.ts).
const gatewayUrl = () => inject('cardGatewayUrl');
const secretKey = () => inject('cardGatewaySecret');

const gateway = (settings: Partial<CardGatewaySettings> = {}) =>
  new StripeCardGateway({ baseUrl: gatewayUrl(), secretKey: secretKey(), ...settings });

const cardPayment = (token: string | undefined, changes: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  method: 'card',
  token,
  amount: 2599,
  currency: 'EUR',
  reference: `checkout-${crypto.randomUUID()}`,
  ...changes,
});

/** The PaymentIntent as the gateway holds it, read through the gateway's own API. */
async function paymentIntent(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${gatewayUrl()}/v1/payment_intents/${id}`, {
    headers: { authorization: `Bearer ${secretKey()}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** The refunds the gateway holds for one PaymentIntent, read through the gateway's own API. */
async function refundsOf(intentId: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${gatewayUrl()}/v1/refunds?payment_intent=${intentId}`, {
    headers: { authorization: `Bearer ${secretKey()}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, unknown>[] }).data;
}

/** What the stub received under one idempotency key, in order. */
async function callsWithKey(key: string): Promise<{ path: string; replayed: boolean; status: number }[]> {
  const response = await fetch(`${gatewayUrl()}/__stub/requests`);
  const calls: { path: string; idempotencyKey: string | null; replayed: boolean; status: number }[] =
    await response.json();
  return calls
    .filter((call) => call.idempotencyKey === key)
    .map(({ path, replayed, status }) => ({ path, replayed, status }));
}

async function authorizedReference(payment: AuthorizationRequest): Promise<string> {
  const authorization = await gateway().authorize(payment);
  if (authorization.status !== 'authorized')
    throw new Error(`expected an authorization, got ${JSON.stringify(authorization)}`);
  return authorization.providerReference;
}

const refundOf = (providerReference: string, changes: Partial<RefundRequest> = {}): RefundRequest => ({
  providerReference,
  amount: 1000,
  currency: 'EUR',
  reference: `refund-${crypto.randomUUID()}`,
  ...changes,
});

/** The RefundRefusedError a refund is expected to end in. */
async function refusal(refund: Promise<unknown>): Promise<RefundRefusedError> {
  const error: unknown = await refund.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RefundRefusedError);
  return error as RefundRefusedError;
}

describe('card gateway (Stripe PaymentIntents)', () => {
  describe('authorize', () => {
    it('holds the amount on the card for a later capture', async () => {
      const payment = cardPayment('pm_card_visa');

      const authorization = await gateway().authorize(payment);

      expect(authorization).toMatchObject({ status: 'authorized', provider: 'stripe', amount: 2599 });
      const id = authorization.status === 'authorized' ? authorization.providerReference : '';
      expect(await paymentIntent(id)).toMatchObject({
        status: 'requires_capture',
        capture_method: 'manual',
        amount: 2599,
        currency: 'eur',
        metadata: { aisle_reference: payment.reference },
      });
    });

    it('declines a card the issuer refuses, with Stripe’s error code as the reason', async () => {
      expect(await gateway().authorize(cardPayment('pm_card_chargeDeclined'))).toEqual({
        status: 'declined',
        provider: 'stripe',
        reason: 'card_declined',
      });
    });

    it('declines a token that names no payment method instead of reporting an outage', async () => {
      expect(await gateway().authorize(cardPayment('pm_not_a_real_token'))).toEqual({
        status: 'declined',
        provider: 'stripe',
        reason: 'invalid_payment_method',
      });
    });

    it('declines a card payment without a token without calling the gateway', async () => {
      const payment = cardPayment(undefined);

      expect(await gateway().authorize(payment)).toMatchObject({
        status: 'declined',
        reason: 'payment_method_missing',
      });
      expect(await callsWithKey(payment.reference)).toEqual([]);
    });
  });

  describe('idempotency', () => {
    it('answers a retry with the same reference with the same authorization, replayed by the gateway', async () => {
      const payment = cardPayment('pm_card_visa');

      const first = await gateway().authorize(payment);
      const retry = await gateway().authorize(payment);

      expect(retry).toEqual(first);
      expect(await callsWithKey(payment.reference)).toEqual([
        { path: '/v1/payment_intents', replayed: false, status: 200 },
        { path: '/v1/payment_intents', replayed: true, status: 200 },
      ]);
    });

    it('refuses a reference reused for a different amount, leaving the first authorization as it was', async () => {
      const payment = cardPayment('pm_card_visa');
      const id = await authorizedReference(payment);

      await expect(gateway().authorize({ ...payment, amount: 100 })).rejects.toThrow(/idempotency_error/);
      expect(await paymentIntent(id)).toMatchObject({ status: 'requires_capture', amount: 2599 });
    });

    it('does not report a voided authorization as live when its reference is retried', async () => {
      const payment = cardPayment('pm_card_visa');
      await gateway().voidAuthorization(await authorizedReference(payment));

      const retry = gateway().authorize(payment);

      await expect(retry).rejects.toThrow(PaymentUnavailableError);
      await expect(retry).rejects.toThrow(/voided/);
    });
  });

  describe('outages', () => {
    it('reports a gateway server error as unavailable', async () => {
      const failure = gateway().authorize(cardPayment('pm_card_gateway_down'));

      await expect(failure).rejects.toThrow(PaymentUnavailableError);
      await expect(failure).rejects.toThrow(/HTTP 500 api_error/);
    });

    it('reports an unreachable gateway as unavailable', async () => {
      // Port 1 on loopback: nothing listens there, so the connection is refused.
      const failure = gateway({ baseUrl: 'http://127.0.0.1:1' }).authorize(cardPayment('pm_card_visa'));

      await expect(failure).rejects.toThrow(PaymentUnavailableError);
      await expect(failure).rejects.toThrow(/unreachable/);
    });

    it('gives up on a gateway slower than the timeout and reports it unavailable', async () => {
      const startedAt = Date.now();

      const failure = gateway({ timeoutMs: 300 }).authorize(cardPayment('pm_card_gateway_slow'));

      await expect(failure).rejects.toThrow(PaymentUnavailableError);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    });

    it('reports a rejected secret key as unavailable, naming the setting to fix', async () => {
      const failure = gateway({ secretKey: 'sk_test_wrong' }).authorize(cardPayment('pm_card_visa'));

      await expect(failure).rejects.toThrow(PaymentUnavailableError);
      await expect(failure).rejects.toThrow(/HTTP 401.*PAYMENT_GATEWAY_SECRET/);
    });
  });

  describe('void', () => {
    it('cancels the PaymentIntent, releasing the held amount', async () => {
      const id = await authorizedReference(cardPayment('pm_card_visa'));

      await gateway().voidAuthorization(id);

      expect(await paymentIntent(id)).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    });

    it('treats voiding an already voided authorization as done', async () => {
      const id = await authorizedReference(cardPayment('pm_card_visa'));
      await gateway().voidAuthorization(id);

      await expect(gateway().voidAuthorization(id)).resolves.toBeUndefined();
      expect(await paymentIntent(id)).toMatchObject({ status: 'canceled' });
    });

    it('reports a reference the gateway does not know instead of pretending it was released', async () => {
      await expect(gateway().voidAuthorization('pi_unknown')).rejects.toThrow(/HTTP 404.*resource_missing/);
    });
  });

  describe('refund', () => {
    it('refunds part of a payment, under our refund id as Idempotency-Key and metadata', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      const request = refundOf(intentId);

      const refund = await gateway().refund(request);

      expect(refund).toEqual({ provider: 'stripe', providerReference: expect.stringMatching(/^re_/), amount: 1000 });
      expect(await refundsOf(intentId)).toEqual([
        expect.objectContaining({
          id: refund.providerReference,
          payment_intent: intentId,
          amount: 1000,
          metadata: { reference: request.reference },
        }),
      ]);
      expect(await callsWithKey(request.reference)).toEqual([{ path: '/v1/refunds', replayed: false, status: 200 }]);
    });

    it('refunds once when retried with the same reference, the retry replayed by the gateway', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      const request = refundOf(intentId);

      const first = await gateway().refund(request);
      const retry = await gateway().refund(request);

      expect(retry).toEqual(first);
      expect(await refundsOf(intentId)).toHaveLength(1);
      expect(await callsWithKey(request.reference)).toEqual([
        { path: '/v1/refunds', replayed: false, status: 200 },
        { path: '/v1/refunds', replayed: true, status: 200 },
      ]);
    });

    it('refuses to refund more than is left of the payment, with Stripe’s code', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      await gateway().refund(refundOf(intentId, { amount: 2000 }));

      const error = await refusal(gateway().refund(refundOf(intentId, { amount: 600 })));

      expect(error.code).toBe('amount_too_large');
      expect(await refundsOf(intentId)).toEqual([expect.objectContaining({ amount: 2000 })]);
    });

    it('refuses to refund a payment already refunded in full', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      await gateway().refund(refundOf(intentId, { amount: 2599 }));

      expect((await refusal(gateway().refund(refundOf(intentId, { amount: 1 })))).code).toBe('charge_already_refunded');
    });

    it('refuses a payment the gateway does not know and a reference reused for another amount', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      const request = refundOf(intentId);
      await gateway().refund(request);

      expect((await refusal(gateway().refund(refundOf('pi_unknown')))).code).toBe('resource_missing');
      expect((await refusal(gateway().refund({ ...request, amount: 500 }))).code).toBe('idempotency_error');
      expect(await refundsOf(intentId)).toEqual([expect.objectContaining({ amount: 1000 })]);
    });

    it('reports a gateway server error as unavailable, and refunds once when retried', async () => {
      const intentId = await authorizedReference(cardPayment('pm_card_visa'));
      const request = refundOf(intentId);
      await fetch(`${gatewayUrl()}/__stub/outage/refund/${intentId}`, { method: 'POST' });

      await expect(gateway().refund(request)).rejects.toThrow(PaymentUnavailableError);
      const retry = await gateway().refund(request);

      expect(retry).toMatchObject({ provider: 'stripe', amount: 1000 });
      expect(await refundsOf(intentId)).toEqual([expect.objectContaining({ id: retry.providerReference })]);
      expect(await callsWithKey(request.reference)).toEqual([
        { path: '/v1/refunds', replayed: false, status: 500 },
        { path: '/v1/refunds', replayed: false, status: 200 },
      ]);
    });

    it('reports an unreachable gateway as unavailable', async () => {
      const failure = gateway({ baseUrl: 'http://127.0.0.1:1' }).refund(refundOf('pi_anything'));

      await expect(failure).rejects.toThrow(PaymentUnavailableError);
      await expect(failure).rejects.toThrow(/unreachable/);
    });
  });
});
