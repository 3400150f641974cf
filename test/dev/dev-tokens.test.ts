import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { api } from '../helpers/api';

/** The Worker under other settings than the suite's (which has ALLOW_TEST_PAYMENTS enabled). */
async function requestUnder(settings: Partial<Env>, body: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await createApp().fetch(
    new Request('https://aisle.test/v1/dev/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { ...env, ...settings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe('POST /v1/dev/tokens (the browser apps’ dev sign-in)', () => {
  it('signs a customer token the API accepts, with the default subject', async () => {
    const res = await api('/v1/dev/tokens', { method: 'POST', body: { role: 'customer' } });
    expect(res.status).toBe(201);
    const claims = decodeJwt(res.body.token);
    expect(claims).toMatchObject({ sub: 'cus_demo', role: 'customer' });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const cart = await api('/v1/cart', { token: res.body.token });
    expect(cart.status).toBe(200);
  });

  it('signs a till at its store and ops, each admitted where its role is', async () => {
    const till = await api('/v1/dev/tokens', {
      method: 'POST',
      body: { role: 'pos', sub: 'till_dev_1', loc: 'store-dev-1' },
    });
    expect(till.status).toBe(201);
    expect(decodeJwt(till.body.token)).toMatchObject({ sub: 'till_dev_1', role: 'pos', loc: 'store-dev-1' });
    const ops = await api('/v1/dev/tokens', { method: 'POST', body: { role: 'ops', grp: 'staff' } });
    expect(decodeJwt(ops.body.token)).toMatchObject({ sub: 'ops_demo', role: 'ops', grp: 'staff' });
    expect((await api('/v1/admin/outbox', { token: ops.body.token })).status).toBe(200);
    expect((await api('/v1/admin/outbox', { token: till.body.token })).status).toBe(403);
  });

  it('refuses a till token without its store, and an unknown role', async () => {
    const noStore = await api('/v1/dev/tokens', { method: 'POST', body: { role: 'pos' } });
    expect(noStore.status).toBe(400);
    expect(noStore.body.errors).toEqual([expect.objectContaining({ path: 'json.loc' })]);
    const unknownRole = await api('/v1/dev/tokens', { method: 'POST', body: { role: 'admin' } });
    expect(unknownRole.status).toBe(400);
  });

  it('is not there where test payments are disabled (production)', async () => {
    const res = await requestUnder({ ALLOW_TEST_PAYMENTS: 'disabled' }, { role: 'ops' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('is not there without an AUTH_SECRET (tokens come from the IdP’s JWKS)', async () => {
    const res = await requestUnder(
      { AUTH_SECRET: '', AUTH_JWKS_URL: 'https://idp.aisle.test/.well-known/jwks.json' },
      { role: 'customer' },
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('signs under the settings of an enabled environment too (the control for the two above)', async () => {
    const res = await requestUnder({ ALLOW_TEST_PAYMENTS: 'enabled' }, { role: 'ops' });
    expect(res.status).toBe(201);
  });
});
