import { z } from 'zod';
import {
  deleteSubscription,
  notifyWaiting,
  subscribeWithinCap,
  subscriptionsOf,
  type SubscriptionRecord,
} from '../db/back-in-stock';
import type { Database } from '../db/client';
import { MAX_WAITING_SUBSCRIPTIONS, type BackInStockNotice } from '../domain/back-in-stock';
import { ApiError } from '../lib/errors';
import type { BackInStockBody, BackInStockSubscriptionView } from '../schemas/back-in-stock';

interface Deps {
  db: Database;
}

export interface SubscribeResult {
  created: boolean;
  subscription: BackInStockSubscriptionView;
}

/**
 * "Notify me when it's back". Asking again for the same SKU and place while
 * the first is still waiting answers that one (`created: false`, 200), so a
 * double tap never means two messages.
 */
export async function subscribe(deps: Deps, customerId: string, body: BackInStockBody): Promise<SubscribeResult> {
  const id = `bis_${crypto.randomUUID().replaceAll('-', '')}`;
  // The Worker's clock, like the StockDO's that dates transitions (see BackInStockNotice).
  const request = { customerId, sku: body.sku, locationId: body.locationId ?? null, createdAt: new Date() };
  const outcome = await subscribeWithinCap(deps.db, request, id, MAX_WAITING_SUBSCRIPTIONS);
  if (outcome.ok) return { created: outcome.created, subscription: viewOf(outcome.subscription) };
  if (outcome.reason === 'unknown_sku') throw new ApiError('unprocessable', `No product ${body.sku} is on sale.`);
  if (outcome.reason === 'unknown_location') throw new ApiError('unprocessable', `No location ${body.locationId}.`);
  throw new ApiError(
    'too_many_subscriptions',
    `At most ${MAX_WAITING_SUBSCRIPTIONS} back-in-stock subscriptions may be waiting at once.`,
    { extensions: { max: MAX_WAITING_SUBSCRIPTIONS } },
  );
}

export async function subscriptionsFor(deps: Deps, customerId: string): Promise<BackInStockSubscriptionView[]> {
  return (await subscriptionsOf(deps.db, customerId)).map(viewOf);
}

/** Someone else's subscription answers exactly like one that does not exist. */
export async function unsubscribe(deps: Deps, customerId: string, id: string): Promise<BackInStockSubscriptionView> {
  const deleted = await deleteSubscription(deps.db, customerId, id);
  if (!deleted) throw new ApiError('not_found', `No back-in-stock subscription ${id}.`);
  return viewOf(deleted);
}

const NoticePayload = z.object({
  sku: z.string(),
  locationId: z.string().nullable(),
  eventId: z.string(),
  occurredAt: z.iso.datetime(),
});

/** The notify task of one back-in-stock transition (dispatcher): idempotent, see notifyWaiting. */
export async function notifySubscribers(
  db: Database,
  payload: unknown,
): Promise<{ notified: string[]; toAnnounce: string[] }> {
  const notice: BackInStockNotice = NoticePayload.parse(payload);
  return notifyWaiting(db, notice);
}

function viewOf(row: SubscriptionRecord): BackInStockSubscriptionView {
  return {
    id: row.id,
    sku: row.sku,
    locationId: row.locationId,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    notifiedAt: row.notifiedAt?.toISOString() ?? null,
  };
}
