import { OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppBindings } from '../http/context';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { defineRoute, jsonResponse } from './define';

// Long enough for a cold Neon compute to wake, short enough for a load balancer probe.
const READINESS_TIMEOUT_MS = 3000;

const healthz = defineRoute('public', {
  operationId: 'getHealth',
  method: 'get',
  path: '/healthz',
  tag: 'Health',
  summary: 'The Worker is up',
  responses: { 200: jsonResponse('Alive', z.object({ ok: z.literal(true) })) },
});

const readyz = defineRoute('public', {
  operationId: 'getReadiness',
  method: 'get',
  path: '/readyz',
  tag: 'Health',
  summary: 'Postgres answers (hot paths keep serving either way)',
  responses: { 200: jsonResponse('Ready', z.object({ ok: z.literal(true), postgres: z.literal('up') })) },
  postgres: true,
});

export const healthRoutes = new OpenAPIHono<AppBindings>()
  .openapi(healthz, (c) => c.json({ ok: true as const }, 200))
  .openapi(readyz, async (c) => {
    try {
      await timed(c, 'db', () => withTimeout(c.var.database().execute(sql`select 1`), READINESS_TIMEOUT_MS));
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw new ApiError('unavailable', `Postgres is not answering: ${reason}`);
    }
    return c.json({ ok: true as const, postgres: 'up' as const }, 200);
  });

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    if (timer) clearTimeout(timer);
  });
}
