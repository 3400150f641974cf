import { OpenAPIHono, z } from '@hono/zod-openapi';
import { signGuestToken } from '../auth/tokens';
import type { AppBindings } from '../http/context';
import { defineRoute, jsonResponse } from './define';

const createGuestCart = defineRoute('public', {
  operationId: 'createGuestCart',
  method: 'post',
  path: '/v1/carts',
  tag: 'Cart',
  summary: 'Start a guest cart: returns its id and the bearer token that opens it',
  responses: {
    201: jsonResponse(
      'A new guest cart',
      z.object({ cartId: z.string(), token: z.string().describe('Bearer token for the /v1/cart routes') }),
    ),
  },
});

export const guestCartRoutes = new OpenAPIHono<AppBindings>().openapi(createGuestCart, async (c) => {
  // The cart itself comes into being on its first write; the id is unguessable, the token is the key.
  const cartId = crypto.randomUUID().replaceAll('-', '');
  const token = await signGuestToken(cartId, c.var.config.signingSecret);
  return c.json({ cartId, token }, 201);
});
