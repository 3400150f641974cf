import { OpenAPIHono, z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../domain/events';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { readEventLog } from '../outbox/event-log';
import { EventLogQuerySchema, EventLogSchema, eventSchema } from '../schemas/events';
import { defineRoute, jsonResponse } from './define';

const list = defineRoute(['ops'], {
  operationId: 'listEvents',
  method: 'get',
  path: '/v1/admin/events',
  tag: 'Events',
  summary: 'The event log in order, after the last event read (kept at least 30 days)',
  request: { query: EventLogQuerySchema },
  responses: { 200: jsonResponse('Events in log order', EventLogSchema) },
  postgres: true,
});

export const eventRoutes = new OpenAPIHono<AppBindings>().openapi(list, async (c) =>
  c.json(await timed(c, 'db', () => readEventLog(c.var.database(), c.req.valid('query'))), 200),
);

/**
 * The catalog of events, as the OpenAPI 3.1 `webhooks` section: one entry per
 * type, with the body a receiver gets (`{ type, timestamp, data }`, `data`
 * being the event as the log lists it).
 */
export function registerEventCatalog(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const type of EVENT_TYPES) {
    const body = z.object({
      type: z.literal(type),
      timestamp: z.iso.datetime({ offset: true }).describe('When this delivery was sent'),
      data: eventSchema(type),
    });
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `event.${type}`,
      summary: `The \`${type}\` event`,
      request: { body: { content: { 'application/json': { schema: body } } } },
      responses: { 200: { description: 'Any 2xx: received' } },
    });
  }
}
