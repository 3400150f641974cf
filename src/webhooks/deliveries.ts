import type { z } from '@hono/zod-openapi';
import type { Database } from '../db/client';
import { findDelivery, listDeliveries, reviveDelivery, type WebhookDeliveryRow } from '../db/webhook-deliveries';
import type { DeliveryStatus } from '../domain/webhooks';
import { announceDeliveries, type EventsMessage } from '../lib/announce';
import { decodeTimeCursor, encodeTimeCursor } from '../lib/cursor';
import { ApiError } from '../lib/errors';
import type { WebhookDeliverySchema } from '../schemas/webhooks';
import { existingEndpoint } from './endpoints';

export type DeliveryView = z.infer<typeof WebhookDeliverySchema>;

const instant = (value: string | null) => (value === null ? null : new Date(value).toISOString());

const view = (row: WebhookDeliveryRow): DeliveryView => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastResponseStatus: row.lastResponseStatus,
  lastResponseExcerpt: row.lastResponseExcerpt,
  lastError: row.lastError,
  nextAttemptAt: instant(row.nextAttemptAt),
  deliveredAt: instant(row.deliveredAt),
  createdAt: new Date(row.createdAt).toISOString(),
});

export interface DeliveryQuery {
  status?: DeliveryStatus;
  cursor?: string;
  limit: number;
}

/** GET /v1/admin/webhooks/{id}/deliveries: newest first, a page at a time. */
export async function deliveriesOf(db: Database, endpointId: string, query: DeliveryQuery) {
  await existingEndpoint(db, endpointId);
  const before = query.cursor ? decodeTimeCursor(query.cursor) : null;
  const rows = await listDeliveries(db, { endpointId, status: query.status, before, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    deliveries: page.map(view),
    nextCursor:
      rows.length > query.limit && last ? encodeTimeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
  };
}

/**
 * POST …/deliveries/{deliveryId}/retry: a dead or pending delivery is due
 * now, with a fresh schedule, and is put on the queue at once; a delivered
 * one is a 409 (it arrived; replaying it is the event log's job).
 */
export async function retryDelivery(
  deps: { db: Database; queue: Queue<EventsMessage> },
  endpointId: string,
  deliveryId: string,
): Promise<DeliveryView> {
  const revived = await reviveDelivery(deps.db, endpointId, deliveryId, Date.now());
  if (revived) {
    await announceDeliveries(deps.queue, [revived.id]);
    return view(revived);
  }
  const existing = await findDelivery(deps.db, endpointId, deliveryId);
  if (!existing) throw new ApiError('not_found', `No delivery ${deliveryId} for webhook endpoint ${endpointId}.`);
  throw new ApiError('conflict', `Delivery ${deliveryId} was already delivered.`);
}
