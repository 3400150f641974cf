import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

// Inactive throughout: these endpoints are never sent anything.
const RECEIVER = 'https://hooks.example.com/aisle';
const admin = async (path: string, method = 'GET', body?: unknown) =>
  api(`/v1/admin/webhooks${path}`, { method, token: await opsToken(), body });

describe('webhook endpoints', () => {
  it('shows the signing secret once, on creation, and updates without it', async () => {
    const id = uniqueId('wh');
    const created = await admin(`/${id}`, 'PUT', { url: RECEIVER, events: ['order.placed'], active: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, url: RECEIVER, events: ['order.placed'], active: false });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(created.body.secret.slice('whsec_'.length))).toHaveLength(32);

    const updated = await admin(`/${id}`, 'PUT', { url: `${RECEIVER}/v2`, events: ['*', '*'], active: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, url: `${RECEIVER}/v2`, events: ['*'], active: false });
    expect(updated.body).not.toHaveProperty('secret');

    const read = await admin(`/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(updated.body);
    const listed = await admin('');
    expect(listed.body.endpoints).toContainEqual(updated.body);
  });

  it('stores the secret sealed: the raw row holds neither it nor its key bytes', async () => {
    const id = uniqueId('wh');
    const created = await admin(`/${id}`, 'PUT', { url: RECEIVER, events: ['order.placed'], active: false });
    const secret: string = created.body.secret;
    const [row] = await withDatabase((db) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)));
    expect(row!.sealedSecret).toMatch(/^v1\./);
    expect(row!.sealedSecret).not.toContain(secret.slice('whsec_'.length));
    expect(JSON.stringify(row)).not.toContain(secret.slice('whsec_'.length, 20));
  });

  it('deletes an endpoint; then it is unknown', async () => {
    const id = uniqueId('wh');
    await admin(`/${id}`, 'PUT', { url: RECEIVER, events: ['*'], active: false });
    expect((await admin(`/${id}`, 'DELETE')).status).toBe(204);
    expect((await admin(`/${id}`)).status).toBe(404);
    expect((await admin(`/${id}`, 'DELETE')).status).toBe(404);
    expect((await admin(`/${id}/deliveries`)).status).toBe(404);
  });

  it.each([
    ['plain http to another host', { url: 'http://hooks.example.com/aisle' }],
    ['another scheme', { url: 'ftp://hooks.example.com/aisle' }],
    ['credentials in the URL', { url: 'https://user:secret@hooks.example.com/aisle' }],
    ['a relative URL', { url: '/hooks' }],
    ['a URL past 2000 characters', { url: `https://hooks.example.com/${'a'.repeat(2000)}` }],
    ['an unknown event type', { events: ['order.exploded'] }],
    ['no events', { events: [] }],
  ])('refuses %s', async (_, change) => {
    const body = { url: RECEIVER, events: ['order.placed'], active: false, ...change };
    const response = await admin(`/${uniqueId('wh')}`, 'PUT', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('accepts plain http to localhost and 127.0.0.1 where test payments are enabled', async () => {
    for (const url of ['http://localhost:8787/hooks', 'http://127.0.0.1:9/hooks']) {
      const put = await admin(`/${uniqueId('wh')}`, 'PUT', { url, events: ['order.placed'], active: false });
      expect(put.status, url).toBe(201);
    }
  });

  it('is for ops only', async () => {
    const id = uniqueId('wh');
    const body = { url: RECEIVER, events: ['*'], active: false };
    for (const token of [await customerToken(uniqueId('cus')), await posAt(uniqueId('store'))]) {
      expect((await api(`/v1/admin/webhooks/${id}`, { method: 'PUT', token, body })).status).toBe(403);
      expect((await api('/v1/admin/webhooks', { token })).status).toBe(403);
      expect((await api(`/v1/admin/webhooks/${id}/deliveries`, { token })).status).toBe(403);
      expect((await api(`/v1/admin/webhooks/${id}/deliveries/whd_x/retry`, { method: 'POST', token })).status).toBe(
        403,
      );
    }
    expect((await api(`/v1/admin/webhooks/${id}`, { method: 'PUT', body })).status).toBe(401);
    expect((await api('/v1/admin/webhooks')).status).toBe(401);
    expect((await admin(`/${id}`)).status).toBe(404);
  });
});
