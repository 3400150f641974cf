import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { pricingContextOf } from '../http/pricing-context';
import { timed } from '../http/timing';
import { pricesFor, quoteBasket } from '../pricing/quotes';
import { skuListQuery } from '../schemas/common';
import { DEFAULT_CURRENCY } from '../domain/pricing';
import { CurrencySchema, PriceListSchema, QuoteRequestSchema, QuoteSchema } from '../schemas/pricing';
import { defineRoute, jsonBody, jsonResponse } from './define';

const getPrices = defineRoute('public', {
  operationId: 'listPrices',
  method: 'get',
  path: '/v1/prices',
  tag: 'Pricing',
  summary: "Each SKU's price for the caller's channel and customer group",
  request: {
    query: z.object({ skus: skuListQuery(100), currency: CurrencySchema.default(DEFAULT_CURRENCY) }),
  },
  responses: { 200: jsonResponse('Selected prices; SKUs without one are listed in `unpriced`', PriceListSchema) },
});

const createQuote = defineRoute('public', {
  operationId: 'createPriceQuote',
  method: 'post',
  path: '/v1/price-quotes',
  tag: 'Pricing',
  summary: 'Price a basket exactly as a cart would, with a signed quote checkout honours for 15 minutes',
  request: jsonBody(QuoteRequestSchema),
  responses: { 200: jsonResponse('The priced basket and its quote token', QuoteSchema) },
  problems: { unprocessable: 'A SKU in the basket has no price in that currency (`unpriced` lists them).' },
});

export const priceRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getPrices, async (c) => {
    const { skus, currency } = c.req.valid('query');
    return c.json(await timed(c, 'kv', () => pricesFor(c.env, skus, pricingContextOf(c, currency))), 200);
  })
  .openapi(createQuote, async (c) => {
    const { lines, coupons, currency = DEFAULT_CURRENCY } = c.req.valid('json');
    const context = pricingContextOf(c, currency);
    const quote = await timed(c, 'kv', () =>
      quoteBasket(c.env, c.var.config.signingSecret, { lines, coupons }, context),
    );
    return c.json(quote, 200);
  });
