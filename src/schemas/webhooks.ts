import { z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES, MAX_WEBHOOK_URL_LENGTH, WEBHOOK_EVENT_FILTERS } from '../domain/webhooks';
import { MAX_COUNTER } from './bounds';
import { IdSchema, PageQuerySchema, TextSchema } from './common';

export const WebhookEndpointParamsSchema = z.object({ id: IdSchema });
export const WebhookDeliveryParamsSchema = z.object({ id: IdSchema, deliveryId: IdSchema });

export const WebhookEndpointBodySchema = z
  .object({
    url: TextSchema.max(MAX_WEBHOOK_URL_LENGTH).openapi({
      description:
        'https; http to localhost/127.0.0.1 only where test payments are enabled (dev, tests). No credentials.',
      example: 'https://erp.example.com/hooks/aisle',
    }),
    events: z
      .array(z.enum(WEBHOOK_EVENT_FILTERS))
      .min(1)
      .max(WEBHOOK_EVENT_FILTERS.length)
      .openapi({ description: 'Event types to receive, or `*` for every one.' }),
    active: z.boolean().default(true),
  })
  .openapi('WebhookEndpointBody');

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    secret: z
      .string()
      .optional()
      .openapi({ description: 'The signing secret (`whsec_…`), only in the answer that created the endpoint.' }),
  })
  .openapi('WebhookEndpoint');

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: 'The outbox event, and the `webhook-id` of every attempt.' }),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().min(0).max(MAX_COUNTER),
    lastResponseStatus: z.number().int().min(100).max(599).nullable(),
    lastResponseExcerpt: z
      .string()
      .nullable()
      .openapi({ description: 'At most the first 256 bytes of the last answer.' }),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryQuerySchema = PageQuerySchema.extend({ status: z.enum(DELIVERY_STATUSES).optional() });
