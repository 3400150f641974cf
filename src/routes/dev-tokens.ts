import { OpenAPIHono } from '@hono/zod-openapi';
import { DEV_TOKEN_SECONDS, signDevToken } from '../auth/dev-token';
import type { AppBindings } from '../http/context';
import { ApiError } from '../lib/errors';
import { DevTokenBodySchema, DevTokenSchema } from '../schemas/dev-tokens';
import { defineRoute, jsonBody, jsonResponse } from './define';

const DEFAULT_SUBJECT_PREFIX = { customer: 'cus', pos: 'pos', ops: 'ops' } as const;

const createDevToken = defineRoute('public', {
  operationId: 'createDevToken',
  method: 'post',
  path: '/v1/dev/tokens',
  tag: 'Dev',
  summary: 'Development and staging only: a token for any role, for the browser apps’ sign-in',
  description:
    'Exists only where `ALLOW_TEST_PAYMENTS` is enabled and an `AUTH_SECRET` is configured; production takes its tokens from the identity provider (docs/apps.md).',
  request: jsonBody(DevTokenBodySchema),
  responses: { 201: jsonResponse('A token signed with `AUTH_SECRET`', DevTokenSchema) },
  problems: { not_found: 'Dev sign-in is off here (`ALLOW_TEST_PAYMENTS` disabled, or no `AUTH_SECRET`).' },
});

export const devTokenRoutes = new OpenAPIHono<AppBindings>().openapi(createDevToken, async (c) => {
  const { payments, auth } = c.var.config;
  // Off is indistinguishable from absent: production does not advertise that the route exists elsewhere.
  if (!payments.testPaymentsEnabled || !auth.hsSecret)
    throw new ApiError('not_found', 'No route for POST /v1/dev/tokens.');
  const { role, sub, loc, grp } = c.req.valid('json');
  const token = await signDevToken(
    { role, sub: sub ?? `${DEFAULT_SUBJECT_PREFIX[role]}_demo`, loc, grp },
    auth.hsSecret,
  );
  const expiresAt = new Date(Date.now() + DEV_TOKEN_SECONDS * 1000).toISOString();
  return c.json({ token, expiresAt }, 201);
});
