import { OpenAPIHono } from '@hono/zod-openapi';
import { checkout } from '../checkout/saga';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { CheckoutBodySchema, IdempotencyHeaderSchema, OrderSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const postCheckout = defineRoute(['customer', 'guest'], {
  method: 'post',
  path: '/v1/checkout',
  tags: ['Checkout'],
  summary: 'Place the cart as an order: stock held and committed, payment authorized, idempotent by key',
  request: { headers: IdempotencyHeaderSchema, ...jsonBody(CheckoutBodySchema) },
  responses: {
    201: jsonResponse('The order', OrderSchema),
    402: { description: 'Payment declined; nothing held' },
    409: { description: '`out_of_stock` with every short line, or a coupon that reached its limit' },
    422: { description: 'Empty cart, missing address, unusable quote, or the key reused with another body' },
  },
});

export const checkoutRoutes = new OpenAPIHono<AppBindings>().openapi(postCheckout, async (c) => {
  const principal = c.var.principal;
  const caller =
    principal?.kind === 'user'
      ? {
          cartName: `customer:${principal.sub}`,
          customerId: principal.sub,
          customerGroup: principal.group,
          channel: c.var.channel,
        }
      : { cartName: `guest:${principal?.cartId ?? ''}`, customerId: null, customerGroup: null, channel: c.var.channel };
  const deps = {
    env: c.env,
    config: c.var.config,
    db: c.var.database(),
    waitUntil: (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise),
    fault: c.var.config.faultInjection ? (c.req.header('x-inject-fault') ?? null) : null,
  };
  const result = await timed(c, 'db', () =>
    checkout(deps, caller, c.req.valid('header')['idempotency-key'], c.req.valid('json')),
  );
  if (result.replayed) c.header('idempotent-replayed', 'true');
  if (result.status >= 400) c.header('content-type', 'application/problem+json');
  return c.body(
    JSON.stringify(result.body),
    result.status as 201,
    result.status >= 400 ? {} : { 'content-type': 'application/json' },
  );
});
