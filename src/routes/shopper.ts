import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { flowDeps } from '../http/flow-deps';
import { shopperOf } from '../http/shopper';
import { timed } from '../http/timing';
import { SkuSchema } from '../schemas/common';
import { RecentlyViewedSchema, ViewBodySchema, WishlistQuerySchema, WishlistSchema } from '../schemas/shopper';
import { recentlyViewed, recordView } from '../shopper/views';
import { renderWishlist, unwishSku, wishSku } from '../shopper/wishlist';
import { defineRoute, jsonBody, jsonResponse } from './define';

const SHOPPERS = ['customer', 'guest'] as const;
const wishlistAnswer = { 200: jsonResponse('The wish list, priced for the caller', WishlistSchema) };
const itemParams = { params: z.object({ sku: SkuSchema }) };

const getWishlist = defineRoute(SHOPPERS, {
  operationId: 'getWishlist',
  method: 'get',
  path: '/v1/wishlist',
  tag: 'Shopper',
  summary: "The caller's wish list, priced for their channel and group, with live availability",
  description: 'From the shopper’s Durable Object, the edge read model and the availability mirror; never Postgres.',
  request: { query: WishlistQuerySchema },
  responses: wishlistAnswer,
  problems: { unprocessable: 'No location has this `locationId`.' },
});
const wishItem = defineRoute(SHOPPERS, {
  operationId: 'addWishlistItem',
  method: 'put',
  path: '/v1/wishlist/items/{sku}',
  tag: 'Shopper',
  summary: 'Wish for a SKU (idempotent); a customer is told when its price drops',
  request: itemParams,
  responses: wishlistAnswer,
  problems: {
    unprocessable: 'Unknown or inactive SKU.',
    wishlist_full: 'The wish list already holds 200 items.',
  },
  postgres: true,
});
const unwishItem = defineRoute(SHOPPERS, {
  operationId: 'removeWishlistItem',
  method: 'delete',
  path: '/v1/wishlist/items/{sku}',
  tag: 'Shopper',
  summary: 'Stop wishing for a SKU',
  request: itemParams,
  responses: wishlistAnswer,
  problems: { not_found: 'The SKU is not on the wish list.' },
  postgres: true,
});
const recordProductView = defineRoute(SHOPPERS, {
  operationId: 'recordProductView',
  method: 'post',
  path: '/v1/me/views',
  tag: 'Shopper',
  summary: 'Record a product view on any channel',
  request: jsonBody(ViewBodySchema),
  responses: { 204: { description: 'Recorded' } },
  problems: { unprocessable: 'Unknown or inactive SKU.' },
});
const listRecentlyViewed = defineRoute(SHOPPERS, {
  operationId: 'listRecentlyViewed',
  method: 'get',
  path: '/v1/me/recently-viewed',
  tag: 'Shopper',
  summary: 'The 20 products viewed last, newest first, each once',
  responses: { 200: jsonResponse('Recently viewed products', RecentlyViewedSchema) },
});

export const shopperRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getWishlist, async (c) => {
    const { locationId } = c.req.valid('query');
    const shopper = shopperOf(c);
    return c.json(await timed(c, 'do', () => renderWishlist(c.env, shopper.name, { ...shopper, locationId })), 200);
  })
  .openapi(wishItem, async (c) =>
    c.json(await timed(c, 'do', () => wishSku(flowDeps(c), shopperOf(c), c.req.valid('param').sku)), 200),
  )
  .openapi(unwishItem, async (c) =>
    c.json(await timed(c, 'do', () => unwishSku(flowDeps(c), shopperOf(c), c.req.valid('param').sku)), 200),
  )
  .openapi(recordProductView, async (c) => {
    await timed(c, 'do', () => recordView(c.env, shopperOf(c).name, c.req.valid('json').sku));
    return c.body(null, 204);
  })
  .openapi(listRecentlyViewed, async (c) =>
    c.json(await timed(c, 'do', () => recentlyViewed(c.env, shopperOf(c).name)), 200),
  );
