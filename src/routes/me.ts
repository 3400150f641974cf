import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { changeProfile, showProfile } from '../customers/profile';
import { userOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { ProfileSchema, ProfileUpdateSchema } from '../schemas/customers';
import { defineRoute, jsonBody, jsonResponse } from './define';

const profileResponse = { 200: jsonResponse('The caller’s profile', ProfileSchema) };

const getProfile = defineRoute(['customer'], {
  operationId: 'getProfile',
  method: 'get',
  path: '/v1/me',
  tag: 'Customers',
  summary: 'The caller’s profile and marketing consent (empty for a customer Aisle has not seen yet)',
  description:
    'Checkout’s contact fills an empty email or phone, never one the customer set. Each consent says whether it is given, and when and on which channel it last changed.',
  responses: profileResponse,
  postgres: true,
});
const putProfile = defineRoute(['customer'], {
  operationId: 'updateProfile',
  method: 'put',
  path: '/v1/me',
  tag: 'Customers',
  summary: 'Change some of the caller’s profile: fields left out stay, `null` clears one',
  description:
    'A consent changed gets the time and the caller’s channel; one sent unchanged keeps its date. Emails are unique across customers whatever their case.',
  request: jsonBody(ProfileUpdateSchema),
  responses: profileResponse,
  problems: { email_in_use: 'Another customer already uses this email (in any case); nothing was changed.' },
  postgres: true,
});

/** The customer a `/v1/me` route acts for (the guard admitted customers only). */
export const customerOf = (c: Context<AppBindings>): string => userOf(c.var.principal).sub;

export const meRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getProfile, async (c) =>
    c.json(await timed(c, 'db', () => showProfile(c.var.database(), customerOf(c))), 200),
  )
  .openapi(putProfile, async (c) => {
    const update = c.req.valid('json');
    const context = { channel: c.var.channel };
    return c.json(await timed(c, 'db', () => changeProfile(c.var.database(), customerOf(c), update, context)), 200);
  });
