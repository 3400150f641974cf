import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import { decodeJwt } from 'jose';
import type { CartOutcome, CartReply, CartViewer } from '../../durable-objects/cart/cart';
import { shopperNameOf, type Principal } from '../auth/principal';
import { InvalidTokenError, verifyBearerToken } from '../auth/tokens';
import type { AppBindings } from '../http/context';
import type { CartChange, CartView } from '../domain/cart';
import { ApiError } from '../lib/errors';
import { flowDeps } from '../http/flow-deps';
import { shopperOf } from '../http/shopper';
import { timed } from '../http/timing';
import { mergeGuestShopper } from '../shopper/merge';
import {
  AddItemBodySchema,
  CartSchema,
  CouponBodySchema,
  FulfillmentBodySchema,
  IfMatchHeaderSchema,
  MergeBodySchema,
  SetQuantityBodySchema,
} from '../schemas/cart';
import { SkuSchema } from '../schemas/common';
import { CouponCodeSchema } from '../schemas/pricing';
import { defineRoute, jsonBody, jsonResponse, type Problems } from './define';

const CART_OWNERS = ['customer', 'guest'] as const;
const STALE_VERSION = 'If-Match names an older version of the cart.';

/** Every cart write answers the cart, and refuses a stale If-Match. */
const cartWrite = (problems: Problems) => ({
  tag: 'Cart' as const,
  responses: { 200: jsonResponse('The cart, priced for the caller', CartSchema) },
  problems: { version_mismatch: STALE_VERSION, ...problems },
});

const getCart = defineRoute(CART_OWNERS, {
  operationId: 'getCart',
  method: 'get',
  path: '/v1/cart',
  tag: 'Cart',
  summary: "The caller's cart (empty if none yet)",
  responses: { 200: jsonResponse('The cart, priced for the caller', CartSchema) },
});
const addItem = defineRoute(CART_OWNERS, {
  ...cartWrite({
    unprocessable: 'Unknown or inactive SKU, a line over 999 units, or a cart already holding 200 lines.',
  }),
  operationId: 'addCartItem',
  method: 'post',
  path: '/v1/cart/items',
  summary: 'Add units of a SKU (adds to any quantity already there)',
  request: { headers: IfMatchHeaderSchema, ...jsonBody(AddItemBodySchema) },
});
const setQuantity = defineRoute(CART_OWNERS, {
  ...cartWrite({ unprocessable: 'Unknown or inactive SKU, or a cart already holding 200 lines.' }),
  operationId: 'setCartItemQuantity',
  method: 'put',
  path: '/v1/cart/items/{sku}',
  summary: "Set a line's quantity (0 removes it)",
  request: { params: z.object({ sku: SkuSchema }), headers: IfMatchHeaderSchema, ...jsonBody(SetQuantityBodySchema) },
});
const removeItem = defineRoute(CART_OWNERS, {
  ...cartWrite({ not_found: 'The SKU is not in the cart.' }),
  operationId: 'removeCartItem',
  method: 'delete',
  path: '/v1/cart/items/{sku}',
  summary: 'Remove a line',
  request: { params: z.object({ sku: SkuSchema }), headers: IfMatchHeaderSchema },
});
const addCoupon = defineRoute(CART_OWNERS, {
  ...cartWrite({ unprocessable: 'The coupon does not apply to this cart; `reason` says why.' }),
  operationId: 'addCartCoupon',
  method: 'post',
  path: '/v1/cart/coupons',
  summary: 'Apply a coupon; refused with the reason when it does not apply',
  request: { headers: IfMatchHeaderSchema, ...jsonBody(CouponBodySchema) },
});
const removeCoupon = defineRoute(CART_OWNERS, {
  ...cartWrite({ not_found: 'The coupon is not on the cart.' }),
  operationId: 'removeCartCoupon',
  method: 'delete',
  path: '/v1/cart/coupons/{code}',
  summary: 'Remove a coupon',
  request: { params: z.object({ code: CouponCodeSchema }), headers: IfMatchHeaderSchema },
});
const setFulfillment = defineRoute(CART_OWNERS, {
  ...cartWrite({ unprocessable: 'No location has this id, or it does not offer pickup or curbside.' }),
  operationId: 'setCartFulfillment',
  method: 'put',
  path: '/v1/cart/fulfillment',
  summary: 'Ship, or pick up / curbside at a store that offers it',
  request: { headers: IfMatchHeaderSchema, ...jsonBody(FulfillmentBodySchema) },
});
const merge = defineRoute(['customer'], {
  ...cartWrite({ unprocessable: '`guestToken` is not a valid guest cart token.' }),
  operationId: 'mergeGuestCart',
  method: 'post',
  path: '/v1/cart/merge',
  summary: "Fold a guest cart (by its token) into the customer's cart, with the guest's wish list and views",
  request: { headers: IfMatchHeaderSchema, ...jsonBody(MergeBodySchema) },
  // The merged wish list is indexed for price drops.
  postgres: true,
});
const live = defineRoute(CART_OWNERS, {
  operationId: 'watchCart',
  method: 'get',
  path: '/v1/cart/live',
  tag: 'Cart',
  summary:
    'WebSocket: `{ type: "cart", cart }` on connect and after every change from any device (token may be ?token=)',
  responses: { 101: { description: 'Switching to the WebSocket protocol' } },
  problems: { rate_limited: 'The cart owner already has the most open sockets allowed (10); close one first.' },
  websocket: true,
});

function cartName(principal: Principal | null): string {
  const name = shopperNameOf(principal);
  if (name === null) throw new ApiError('unauthorized', 'A cart needs a customer or guest cart token.');
  return name;
}

function viewerOf(c: Context<AppBindings>): CartViewer {
  const principal = c.var.principal;
  return { channel: c.var.channel, group: principal?.kind === 'user' ? principal.group : null };
}

/** When the (already verified) token of this request expires, in ms; the cart's feed closes the socket then. */
function tokenExpiresAt(c: Context<AppBindings>): number | null {
  const header = c.req.header('authorization');
  const token = header ? header.replace(/^Bearer\s+/i, '') : c.req.query('token');
  if (!token) return null;
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp * 1000 : null;
}

const cartOf = (c: Context<AppBindings>) => c.env.CART.getByName(cartName(c.var.principal));

function expectedVersion(ifMatch: string | undefined): number | undefined {
  return ifMatch === undefined ? undefined : Number(ifMatch.replace(/\D/g, ''));
}

function respond(c: Context<AppBindings>, outcome: CartOutcome) {
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail, { extensions: outcome.extensions });
  return sendCart(c, outcome.cart);
}

/** The CartDO's reply sent as it came (already JSON), typed as the cart every cart route answers. */
function sendCart(c: Context<AppBindings>, cart: CartReply) {
  c.header('etag', `"${cart.version}"`);
  const response = c.body(cart.json, 200, { 'content-type': 'application/json' });
  return response as unknown as TypedResponse<CartView, 200, 'json'>;
}

async function changeCart(c: Context<AppBindings>, change: CartChange, ifMatch: string | undefined) {
  const options = { viewer: viewerOf(c), expectedVersion: expectedVersion(ifMatch) };
  return respond(c, await timed(c, 'do', () => cartOf(c).change(change, options)));
}

async function guestCartOf(c: Context<AppBindings>, guestToken: string): Promise<string> {
  try {
    const principal = await verifyBearerToken(guestToken, c.var.config.auth, c.var.config.signingSecret);
    if (principal.kind === 'guest') return cartName(principal);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
  }
  throw new ApiError('unprocessable', 'guestToken is not a valid guest cart token.', {
    extensions: { errors: [{ path: 'json.guestToken', message: 'not a valid guest cart token' }] },
  });
}

export const cartRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getCart, async (c) => sendCart(c, await timed(c, 'do', () => cartOf(c).reply(viewerOf(c)))))
  .openapi(addItem, async (c) => {
    const { sku, quantity } = c.req.valid('json');
    return changeCart(
      c,
      { kind: 'add_item', sku, quantity, channel: c.var.channel },
      c.req.valid('header')['if-match'],
    );
  })
  .openapi(setQuantity, async (c) => {
    const { sku } = c.req.valid('param');
    const { quantity } = c.req.valid('json');
    return changeCart(
      c,
      { kind: 'set_quantity', sku, quantity, channel: c.var.channel },
      c.req.valid('header')['if-match'],
    );
  })
  .openapi(removeItem, async (c) =>
    changeCart(c, { kind: 'remove_item', sku: c.req.valid('param').sku }, c.req.valid('header')['if-match']),
  )
  .openapi(addCoupon, async (c) => {
    const options = { viewer: viewerOf(c), expectedVersion: expectedVersion(c.req.valid('header')['if-match']) };
    const { code } = c.req.valid('json');
    return respond(c, await timed(c, 'do', () => cartOf(c).addCoupon(code, options)));
  })
  .openapi(removeCoupon, async (c) =>
    changeCart(c, { kind: 'remove_coupon', code: c.req.valid('param').code }, c.req.valid('header')['if-match']),
  )
  .openapi(setFulfillment, async (c) => {
    const { type, locationId } = c.req.valid('json');
    const fulfillment = { type, locationId: type === 'ship' ? null : (locationId ?? null) };
    return changeCart(c, { kind: 'set_fulfillment', fulfillment }, c.req.valid('header')['if-match']);
  })
  .openapi(merge, async (c) => {
    const guestCart = await guestCartOf(c, c.req.valid('json').guestToken);
    const options = { viewer: viewerOf(c), expectedVersion: expectedVersion(c.req.valid('header')['if-match']) };
    const merged = await timed(c, 'do', () => mergeGuestShopper(flowDeps(c), guestCart, options, shopperOf(c)));
    return respond(c, merged);
  })
  .openapi(live, async (c) => {
    const headers = new Headers(c.req.raw.headers);
    headers.set('x-cart-viewer', JSON.stringify(viewerOf(c)));
    const expiresAt = tokenExpiresAt(c);
    if (expiresAt !== null) headers.set('x-token-expires-at', String(expiresAt));
    const response = await cartOf(c).fetch(new Request(c.req.raw, { headers }));
    if (response.status === 429) {
      throw new ApiError('rate_limited', 'This cart has the most open sockets allowed; close one first.', {
        headers: { 'retry-after': '30' },
      });
    }
    return response;
  });
