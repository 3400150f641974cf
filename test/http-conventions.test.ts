import { describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { opsToken } from './helpers/tokens';

describe('HTTP conventions', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const res = await api('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'not_found',
      title: 'Not found',
      status: 404,
      type: expect.stringContaining('not_found'),
    });
  });

  it('gives every response a request id and Server-Timing, echoing a caller-supplied id', async () => {
    const res = await api('/healthz', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(res.headers.get('server-timing')).toMatch(/total;dur=/);
    const generated = await api('/v1/nothing-here');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.instance).toBe(`urn:request:${generated.headers.get('x-request-id')}`);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const title = 'x'.repeat(1024 * 1024);
    const res = await api('/v1/admin/products', {
      method: 'PUT',
      token: await opsToken(),
      body: { products: [{ sku: 'BIG-1', title }] },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const res = await api('/v1/admin/products', {
      method: 'PUT',
      token: await opsToken(),
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
