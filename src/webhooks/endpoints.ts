import type { z } from '@hono/zod-openapi';
import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import {
  deleteEndpoint,
  findEndpoint,
  listEndpoints,
  upsertEndpoint,
  type WebhookEndpointRow,
} from '../db/webhook-endpoints';
import { webhookUrlProblem } from '../domain/webhooks';
import { ApiError } from '../lib/errors';
import { newWebhookSecret, sealWebhookSecret } from '../lib/webhook-signing';
import type { WebhookEndpointBodySchema, WebhookEndpointSchema } from '../schemas/webhooks';

export interface EndpointDeps {
  db: Database;
  config: AppConfig;
}

export type EndpointBody = z.infer<typeof WebhookEndpointBodySchema>;

export type EndpointView = z.infer<typeof WebhookEndpointSchema>;

const view = (row: WebhookEndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  active: row.active,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/**
 * PUT /v1/admin/webhooks/{id}: creates the endpoint with a new signing
 * secret, shown in this answer only, or updates its url, events and active
 * flag. The secret is stored sealed under a key derived from SIGNING_SECRET.
 */
export async function putEndpoint(
  deps: EndpointDeps,
  id: string,
  body: EndpointBody,
): Promise<{ endpoint: EndpointView; created: boolean }> {
  const problem = webhookUrlProblem(body.url, deps.config.payments.testPaymentsEnabled);
  if (problem) {
    throw new ApiError('validation_failed', `url ${problem}.`, {
      extensions: { errors: [{ path: 'body.url', message: problem }] },
    });
  }
  const secret = newWebhookSecret();
  const change = { id, url: body.url, events: [...new Set(body.events)], active: body.active };
  const { endpoint, created } = await upsertEndpoint(
    deps.db,
    change,
    await sealWebhookSecret(deps.config.signingSecret, secret),
  );
  return { endpoint: created ? { ...view(endpoint), secret } : view(endpoint), created };
}

export async function endpointView(db: Database, id: string): Promise<EndpointView> {
  return view(await existingEndpoint(db, id));
}

export async function endpointViews(db: Database): Promise<EndpointView[]> {
  return (await listEndpoints(db)).map(view);
}

export async function removeEndpoint(db: Database, id: string): Promise<void> {
  if (!(await deleteEndpoint(db, id))) throw noEndpoint(id);
}

export async function existingEndpoint(db: Database, id: string): Promise<WebhookEndpointRow> {
  const endpoint = await findEndpoint(db, id);
  if (!endpoint) throw noEndpoint(id);
  return endpoint;
}

const noEndpoint = (id: string) => new ApiError('not_found', `No webhook endpoint ${id}.`);
