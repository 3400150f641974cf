import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { priceBasket, selectPrices } from '../domain/pricing';
import { ApiError } from '../lib/errors';
import { pricingContextOf } from '../http/pricing-context';
import { timed } from '../http/timing';
import { quoteClaimsOf, signQuote } from '../quotes/quote-token';
import { PricingReadModel } from '../read-model/pricing';
import { skuListQuery } from '../schemas/common';
import { CurrencySchema, DEFAULT_CURRENCY, PriceListSchema, QuoteRequestSchema, QuoteSchema } from '../schemas/pricing';
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
    const context = pricingContextOf(c, currency);
    const catalog = await timed(c, 'kv', () => new PricingReadModel(c.env.READ_MODEL).current());
    const { prices, unpriced } = selectPrices(catalog.priceIndex, skus, context);
    return c.json({ currency, channel: context.channel, prices, unpriced }, 200);
  })
  .openapi(createQuote, async (c) => {
    const { lines, coupons, currency = DEFAULT_CURRENCY } = c.req.valid('json');
    const context = pricingContextOf(c, currency);
    const catalog = await timed(c, 'kv', () => new PricingReadModel(c.env.READ_MODEL).current());
    const basket = priceBasket({
      lines,
      coupons,
      context,
      priceIndex: catalog.priceIndex,
      promotions: catalog.promotions,
    });
    if (basket.unpriced.length > 0) {
      throw new ApiError('unprocessable', `No ${currency} price for: ${basket.unpriced.join(', ')}.`, {
        extensions: { unpriced: basket.unpriced },
      });
    }
    const { token, expiresAt } = await signQuote(
      quoteClaimsOf(basket, context.customerGroup),
      c.var.config.signingSecret,
    );
    const { unpriced: _none, ...priced } = basket;
    return c.json({ ...priced, quoteToken: token, expiresAt }, 200);
  });
