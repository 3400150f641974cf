import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import {
  WebhookDeliveryParamsSchema,
  WebhookDeliveryQuerySchema,
  WebhookDeliverySchema,
  WebhookEndpointBodySchema,
  WebhookEndpointParamsSchema,
  WebhookEndpointSchema,
} from '../schemas/webhooks';
import { deliveriesOf, retryDelivery } from '../webhooks/deliveries';
import { endpointView, endpointViews, putEndpoint, removeEndpoint } from '../webhooks/endpoints';
import { defineRoute, jsonBody, jsonResponse } from './define';

const NO_ENDPOINT = { not_found: 'No webhook endpoint has this id.' };

const put = defineRoute(['ops'], {
  operationId: 'putWebhookEndpoint',
  method: 'put',
  path: '/v1/admin/webhooks/{id}',
  tag: 'Webhooks',
  summary: 'Create or update a webhook endpoint',
  description: 'Creating answers 201 with the signing secret, shown this once; updating answers 200 without it.',
  request: { params: WebhookEndpointParamsSchema, ...jsonBody(WebhookEndpointBodySchema) },
  responses: {
    201: jsonResponse('The new endpoint, with its secret', WebhookEndpointSchema),
    200: jsonResponse('The updated endpoint', WebhookEndpointSchema),
  },
  postgres: true,
});
const list = defineRoute(['ops'], {
  operationId: 'listWebhookEndpoints',
  method: 'get',
  path: '/v1/admin/webhooks',
  tag: 'Webhooks',
  summary: 'Every webhook endpoint',
  responses: { 200: jsonResponse('Endpoints by id', z.object({ endpoints: z.array(WebhookEndpointSchema) })) },
  postgres: true,
});
const get = defineRoute(['ops'], {
  operationId: 'getWebhookEndpoint',
  method: 'get',
  path: '/v1/admin/webhooks/{id}',
  tag: 'Webhooks',
  summary: 'One webhook endpoint',
  request: { params: WebhookEndpointParamsSchema },
  responses: { 200: jsonResponse('The endpoint', WebhookEndpointSchema) },
  problems: NO_ENDPOINT,
  postgres: true,
});
const remove = defineRoute(['ops'], {
  operationId: 'deleteWebhookEndpoint',
  method: 'delete',
  path: '/v1/admin/webhooks/{id}',
  tag: 'Webhooks',
  summary: 'Delete a webhook endpoint and its deliveries',
  request: { params: WebhookEndpointParamsSchema },
  responses: { 204: { description: 'Deleted' } },
  problems: NO_ENDPOINT,
  postgres: true,
});
const deliveries = defineRoute(['ops'], {
  operationId: 'listWebhookDeliveries',
  method: 'get',
  path: '/v1/admin/webhooks/{id}/deliveries',
  tag: 'Webhooks',
  summary: 'An endpoint’s deliveries, newest first',
  request: { params: WebhookEndpointParamsSchema, query: WebhookDeliveryQuerySchema },
  responses: {
    200: jsonResponse(
      'A page of deliveries',
      z.object({ deliveries: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() }),
    ),
  },
  problems: NO_ENDPOINT,
  postgres: true,
});
const retry = defineRoute(['ops'], {
  operationId: 'retryWebhookDelivery',
  method: 'post',
  path: '/v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry',
  tag: 'Webhooks',
  summary: 'Send a dead or pending delivery now, with a fresh retry schedule',
  request: { params: WebhookDeliveryParamsSchema },
  responses: { 200: jsonResponse('The delivery, due now', WebhookDeliverySchema) },
  problems: {
    not_found: 'No delivery has this id for this endpoint.',
    conflict: 'The delivery was already delivered.',
  },
  postgres: true,
});

export const webhookRoutes = new OpenAPIHono<AppBindings>()
  .openapi(put, async (c) => {
    const deps = { db: c.var.database(), config: c.var.config };
    const { endpoint, created } = await timed(c, 'db', () =>
      putEndpoint(deps, c.req.valid('param').id, c.req.valid('json')),
    );
    return created ? c.json(endpoint, 201) : c.json(endpoint, 200);
  })
  .openapi(list, async (c) => c.json({ endpoints: await timed(c, 'db', () => endpointViews(c.var.database())) }, 200))
  .openapi(get, async (c) =>
    c.json(await timed(c, 'db', () => endpointView(c.var.database(), c.req.valid('param').id)), 200),
  )
  .openapi(remove, async (c) => {
    await timed(c, 'db', () => removeEndpoint(c.var.database(), c.req.valid('param').id));
    return c.body(null, 204);
  })
  .openapi(deliveries, async (c) =>
    c.json(
      await timed(c, 'db', () => deliveriesOf(c.var.database(), c.req.valid('param').id, c.req.valid('query'))),
      200,
    ),
  )
  .openapi(retry, async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    const deps = { db: c.var.database(), queue: c.env.EVENTS };
    return c.json(await timed(c, 'db', () => retryDelivery(deps, id, deliveryId)), 200);
  });
