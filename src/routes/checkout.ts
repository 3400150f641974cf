import { OpenAPIHono } from '@hono/zod-openapi';
import { shopperNameOf } from '../auth/principal';
import { checkout } from '../checkout/saga';
import type { AppBindings } from '../http/context';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { CheckoutBodySchema, IdempotencyHeaderSchema, OrderSchema, type OrderView } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const postCheckout = defineRoute(['customer', 'guest'], {
  operationId: 'checkoutCart',
  method: 'post',
  path: '/v1/checkout',
  tag: 'Checkout',
  summary: 'Place the cart as an order: stock held and committed, payment authorized, idempotent by key',
  description:
    'A repeat with the same `Idempotency-Key` and body answers what the first answered (`Idempotent-Replayed: true`), problems included.',
  request: { headers: IdempotencyHeaderSchema, ...jsonBody(CheckoutBodySchema) },
  responses: { 201: jsonResponse('The order', OrderSchema) },
  problems: {
    payment_declined: 'The payment was declined; nothing is held.',
    out_of_stock: 'Some lines cannot be covered (`shortages` lists each); nothing is held.',
    conflict:
      'A promotion reached its usage limit, a checkout with this key is still running (see `Retry-After`), the cart changed while this key was being retried, or a failed attempt with this key already gave its wallet spend back.',
    checkout_in_progress:
      'Another checkout (another `Idempotency-Key`) is running on this cart (see `Retry-After`); nothing is held for this one.',
    cart_already_ordered: 'The cart, as it stands, has already been ordered (`orderId` names the order).',
    insufficient_points: 'The wallet holds fewer than `loyaltyPoints` (`balance`); nothing is held or charged.',
    insufficient_store_credit: 'The wallet holds less than `storeCredit`; nothing is held or charged.',
    unprocessable:
      'Points and store credit worth more than the total, or asked by a guest; empty cart, a line no longer sold (`inactive` lists them), no shipping address for a shipped order, no store for pickup or curbside, an unusable quote, a line without a price, or a payment method that is not enabled.',
    idempotency_key_reused: 'The `Idempotency-Key` was used with another body.',
    unavailable: 'Also when the payment gateway is unreachable.',
  },
  postgres: true,
});

export const checkoutRoutes = new OpenAPIHono<AppBindings>().openapi(postCheckout, async (c) => {
  const principal = c.var.principal;
  const cartName = shopperNameOf(principal);
  if (cartName === null) throw new Error('a caller other than a shopper got past the checkout guard');
  const customer = principal?.kind === 'user' ? principal : null;
  const caller = {
    cartName,
    customerId: customer?.sub ?? null,
    customerGroup: customer?.group ?? null,
    channel: c.var.channel,
  };
  const result = await timed(c, 'db', () =>
    checkout(flowDeps(c), caller, c.req.valid('header')['idempotency-key'], c.req.valid('json')),
  );
  if (result.replayed) c.header('idempotent-replayed', 'true');
  // The stored answer, an order or a problem, exactly as it was first given.
  const contentType = result.status >= 400 ? 'application/problem+json' : 'application/json';
  return c.json(result.body as OrderView, result.status as 201, { 'Content-Type': contentType });
});
