import { describe, expect, it } from 'vitest';
import { api } from './helpers/api';

describe('health', () => {
  it('reports the Worker alive', async () => {
    const res = await api('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('is ready when Postgres answers', async () => {
    const res = await api('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, postgres: 'up' });
    expect(res.headers.get('server-timing')).toMatch(/db;dur=/);
  });
});
