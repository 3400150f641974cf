import { OpenAPIHono, z } from '@hono/zod-openapi';
import { OUTBOX_STATES } from '../domain/delivery';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { OUTBOX_KINDS, outboxEntries, retryOutboxEntry } from '../outbox/review';
import { TextSchema } from '../schemas/common';
import { defineRoute, jsonResponse } from './define';

const EntrySchema = z
  .object({
    id: z.string(),
    topic: z.string(),
    payload: z.record(z.string(), z.unknown()),
    attempts: z.number().int().min(0).max(2_147_483_647),
    dead: z.boolean(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    availableAt: z.string(),
  })
  .openapi('OutboxEntry');

const list = defineRoute(['ops'], {
  operationId: 'listOutboxEntries',
  method: 'get',
  path: '/v1/admin/outbox',
  tag: 'Outbox',
  summary: 'Outbox tasks that died (retries exhausted) or are still waiting',
  request: {
    query: z.object({
      state: z.enum(OUTBOX_STATES).default('dead'),
      kind: z
        .enum(OUTBOX_KINDS)
        .optional()
        .openapi({ description: 'task: topics the dispatcher runs (stock commits, returns); event: all others.' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: { 200: jsonResponse('Entries, newest first', z.object({ entries: z.array(EntrySchema) })) },
  postgres: true,
});
const retry = defineRoute(['ops'], {
  operationId: 'retryOutboxEntry',
  method: 'post',
  path: '/v1/admin/outbox/{id}/retry',
  tag: 'Outbox',
  summary: 'Put a dead task back in line',
  request: { params: z.object({ id: TextSchema.min(1).max(300) }) },
  responses: { 200: jsonResponse('The entry', EntrySchema) },
  problems: { not_found: 'No outbox entry has this id.' },
  postgres: true,
});

export const outboxAdminRoutes = new OpenAPIHono<AppBindings>()
  .openapi(list, async (c) => {
    const { state, limit, kind } = c.req.valid('query');
    return c.json({ entries: await timed(c, 'db', () => outboxEntries(c.var.database(), state, limit, kind)) }, 200);
  })
  .openapi(retry, async (c) =>
    c.json(await timed(c, 'db', () => retryOutboxEntry(c.var.database(), c.req.valid('param').id)), 200),
  );
