import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/auth/guard';
import type { Access } from '../../src/auth/principal';
import { signGuestToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import type { AppBindings } from '../../src/http/context';
import { problemResponse } from '../../src/http/problem';
import { ApiError } from '../../src/lib/errors';
import { api } from '../helpers/api';
import { customerToken, opsToken, posToken, tokenFor } from '../helpers/tokens';

/** The real guard in front of a probe handler, for the roles whose routes arrive in later issues. */
function guardedProbe(access: Access) {
  const app = new Hono<AppBindings>();
  app.use(async (c, next) => {
    c.set('config', loadConfig(env));
    await next();
  });
  app.get('/probe', authorize(access), (c) => c.json({ principal: c.var.principal, channel: c.var.channel }));
  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(error, c);
    throw error;
  });
  return (token?: string, headers: Record<string, string> = {}) =>
    app.request('/probe', { headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers }, env);
}

const expired = (role: 'customer' | 'pos' | 'ops') => tokenFor({ role, sub: 'x', loc: 'store-1', expiresIn: -60 });
const wronglySigned = (role: 'customer' | 'pos' | 'ops') =>
  tokenFor({ role, sub: 'x', loc: 'store-1' }, 'not-the-real-secret');

describe.each([
  { role: 'customer' as const, valid: () => customerToken('cus_guard'), wrongRole: () => posToken('store-1') },
  { role: 'pos' as const, valid: () => posToken('store-1'), wrongRole: () => customerToken() },
  { role: 'ops' as const, valid: () => opsToken(), wrongRole: () => customerToken() },
])('a $role route', ({ role, valid, wrongRole }) => {
  const call = guardedProbe([role]);

  it('admits a valid token of that role', async () => {
    const res = await call(await valid());
    expect(res.status).toBe(200);
    expect((await res.json<{ principal: { role: string } }>()).principal.role).toBe(role);
  });

  it('answers 401 without a token, with a Bearer challenge', async () => {
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aisle"');
  });

  it.each([
    ['malformed', async () => 'not-a-jwt'],
    ['expired', () => expired(role)],
    ['wrongly signed', () => wronglySigned(role)],
  ])('answers 401 invalid_token for a %s token', async (_, token) => {
    const res = await call(await token());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await res.json()).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('answers 403 for a valid token of another role', async () => {
    const res = await call(await wrongRole());
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
  });
});

describe('a guest cart route', () => {
  const call = guardedProbe(['customer', 'guest']);

  it('admits the guest token minted by POST /v1/carts', async () => {
    const created = await api('/v1/carts', { method: 'POST' });
    expect(created.status).toBe(201);
    const res = await call(created.body.token);
    expect(await res.json()).toMatchObject({ principal: { kind: 'guest', cartId: created.body.cartId } });
  });

  it('refuses a guest token signed with another key', async () => {
    const res = await call(await signGuestToken('guest_forged', 'an-attacker-chosen-secret'));
    expect(res.status).toBe(401);
  });

  it('refuses a guest token on a customer-only route', async () => {
    const res = await guardedProbe(['customer'])(await signGuestToken('guest_x', env.SIGNING_SECRET));
    expect(res.status).toBe(403);
  });
});

describe('a public route', () => {
  const call = guardedProbe('public');

  it('needs no token and defaults to the web channel', async () => {
    expect(await (await call()).json()).toEqual({ principal: null, channel: 'web' });
  });

  it('still rejects a token that was sent and fails', async () => {
    expect((await call(await expired('customer'))).status).toBe(401);
  });

  it('takes the channel from X-Channel, except for pos tokens which are always pos', async () => {
    expect(await (await call(undefined, { 'x-channel': 'kiosk' })).json()).toMatchObject({ channel: 'kiosk' });
    expect(await (await call(await posToken('store-1'), { 'x-channel': 'web' })).json()).toMatchObject({
      channel: 'pos',
    });
  });

  it('rejects an unknown channel', async () => {
    const res = await call(undefined, { 'x-channel': 'fax' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a customer pretending to be a till through X-Channel: pos', async () => {
    const res = await call(await customerToken(), { 'x-channel': 'pos' });
    expect(res.status).toBe(400);
  });
});
